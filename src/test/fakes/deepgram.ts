import { createHash, randomUUID } from "node:crypto";
import { header, startFakeProviderServer, type FakeProviderServer, type RecordedRequest } from "./provider-server";

/**
 * A local stand-in for Deepgram's pre-recorded API (`POST /v1/listen`, and `GET /v1/projects`),
 * reached by the real `@deepgram/sdk` through its base URL. It checks `Authorization: Token <key>`, and answers with
 * the response shape Deepgram documents (metadata, results.channels[].alternatives[], and with
 * `utterances=true` results.utterances[]) built from a script of utterances, honouring the
 * `multichannel` and `diarize` query parameters the way Deepgram does.
 */

export interface ScriptedUtterance {
  /** The party: the channel of a dual-channel recording. */
  channel: number;
  start: number;
  end: number;
  transcript: string;
  confidence?: number;
}

/** A short two-party call; channel 1 promises something with a deadline. */
export const DEFAULT_CALL_SCRIPT: ScriptedUtterance[] = [
  { channel: 0, start: 0.4, end: 3.1, transcript: "Hi Sam, it's Alex from Northwind. Do you have a minute?" },
  { channel: 1, start: 3.6, end: 6.9, transcript: "Sure, Alex. I was hoping you'd call about the renewal." },
  { channel: 0, start: 7.2, end: 12.8, transcript: "Great. We're happy with the pricing and we'd like to sign for another year." },
  { channel: 1, start: 13.1, end: 16.4, transcript: "Wonderful. I'll send you the contract by Friday." },
  { channel: 0, start: 16.9, end: 19.0, transcript: "Perfect, thanks so much. Talk soon." },
];

/** The one project GET /v1/projects lists. */
export const FAKE_PROJECT_ID = "3d5c8a7e-0000-4000-8000-00000000fa1e";

export interface FakeDeepgram extends FakeProviderServer {
  /** DEEPGRAM_API_BASE_URL: the origin (the SDK appends /v1/listen). */
  baseUrl: string;
  apiKey: string;
  /** The utterances the next transcriptions return (default DEFAULT_CALL_SCRIPT). */
  script: ScriptedUtterance[];
  /** Channels of the "uploaded" recording: 2 (one party each, the default) or 1 (mono). */
  recordingChannels: 1 | 2;
  /** Requests to /v1/listen. */
  listens(): RecordedRequest[];
}

export async function startFakeDeepgram(options: { apiKey?: string; script?: ScriptedUtterance[]; latencyMs?: number } = {}): Promise<FakeDeepgram> {
  const apiKey = options.apiKey ?? `dg_fake_${randomUUID().replace(/-/g, "")}`;
  const server = await startFakeProviderServer({
    latencyMs: options.latencyMs,
    authorize(request) {
      if (header(request, "authorization") === `Token ${apiKey}`) return null;
      return { status: 401, body: errorBody(401) };
    },
    handle(request) {
      // The cheapest authenticated read (Settings → Test connection): the key's projects.
      if (request.method === "GET" && request.path === "/v1/projects") {
        return { status: 200, body: { projects: [{ project_id: FAKE_PROJECT_ID, name: "Switchboard (fake)" }] } };
      }
      if (request.method !== "POST" || request.path !== "/v1/listen") {
        return { status: 404, body: { err_code: "NOT_FOUND", err_msg: `${request.method} ${request.path}`, request_id: randomUUID() } };
      }
      if (request.body.length === 0) {
        return { status: 400, body: { err_code: "Bad Request", err_msg: "Bad Request: failed to process audio: corrupt or unsupported data", request_id: randomUUID() } };
      }
      return { status: 200, body: listenResponse(fake.script, fake.recordingChannels, request) };
    },
    errorBody,
  });
  const fake: FakeDeepgram = Object.assign(server, {
    baseUrl: server.origin,
    apiKey,
    script: options.script ?? DEFAULT_CALL_SCRIPT,
    recordingChannels: 2 as const,
    listens: () => server.requests.filter((r) => r.path === "/v1/listen"),
  });
  return fake;
}

function errorBody(status: number): unknown {
  const request_id = randomUUID();
  if (status === 401) return { err_code: "INVALID_AUTH", err_msg: "Invalid credentials.", request_id };
  if (status === 400) return { err_code: "Bad Request", err_msg: "Bad Request: failed to process audio: corrupt or unsupported data", request_id };
  if (status === 429) return { err_code: "TOO_MANY_REQUESTS", err_msg: "Too many requests. Please try again later.", request_id };
  return { err_code: "INTERNAL_SERVER_ERROR", err_msg: "We encountered an error while processing your request.", request_id };
}

interface Word {
  word: string;
  start: number;
  end: number;
  confidence: number;
  punctuated_word: string;
  speaker?: number;
  speaker_confidence?: number;
}

/** Words spread evenly over the utterance, as Deepgram times them. */
function wordsOf(utterance: ScriptedUtterance, speaker: number | undefined): Word[] {
  const tokens = utterance.transcript.split(/\s+/).filter(Boolean);
  const step = (utterance.end - utterance.start) / Math.max(tokens.length, 1);
  return tokens.map((token, i) => ({
    word: token.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ""),
    start: round(utterance.start + i * step),
    end: round(utterance.start + (i + 1) * step),
    confidence: utterance.confidence ?? 0.98,
    punctuated_word: token,
    ...(speaker === undefined ? {} : { speaker, speaker_confidence: 0.9 }),
  }));
}

function listenResponse(script: ScriptedUtterance[], recordingChannels: 1 | 2, request: RecordedRequest) {
  const modelId = randomUUID();
  const multichannel = request.query.multichannel === "true" && recordingChannels > 1;
  const diarize = request.query.diarize === "true";
  const channelCount = multichannel ? Math.max(1, ...script.map((u) => u.channel + 1)) : 1;
  // Per channel, each party is that channel's only speaker (0); in one mixed channel,
  // diarization tells the parties apart by voice, which here means by their scripted party.
  const speakerOf = (u: ScriptedUtterance) => (diarize ? (multichannel ? 0 : u.channel) : undefined);
  const ordered = [...script].sort((a, b) => a.start - b.start);
  const channels = Array.from({ length: channelCount }, (_, channel) => {
    const mine = ordered.filter((u) => !multichannel || u.channel === channel);
    const words = mine.flatMap((u) => wordsOf(u, speakerOf(u)));
    return {
      alternatives: [
        {
          transcript: mine.map((u) => u.transcript).join(" "),
          confidence: mine.length ? round(mine.reduce((sum, u) => sum + (u.confidence ?? 0.98), 0) / mine.length) : 0,
          words,
        },
      ],
      ...(request.query.detect_language === "true" ? { detected_language: "en", language_confidence: 0.99 } : {}),
    };
  });
  const utterances = ordered.map((u) => ({
    start: u.start,
    end: u.end,
    confidence: u.confidence ?? 0.98,
    channel: multichannel ? u.channel : 0,
    transcript: u.transcript,
    words: wordsOf(u, speakerOf(u)),
    ...(diarize ? { speaker: speakerOf(u) } : {}),
    id: randomUUID(),
  }));
  return {
    metadata: {
      transaction_key: "deprecated",
      request_id: randomUUID(),
      sha256: createHash("sha256").update(request.body).digest("hex"),
      created: new Date().toISOString(),
      duration: round(Math.max(0, ...script.map((u) => u.end)) + 0.5),
      channels: channelCount,
      models: [modelId],
      model_info: { [modelId]: { name: `general-${request.query.model ?? "nova-3"}`, version: "2025-04-17.21547", arch: request.query.model ?? "nova-3" } },
    },
    results: {
      channels,
      ...(request.query.utterances === "true" ? { utterances } : {}),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
