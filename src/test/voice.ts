import { logger } from "~/server/logger";
import { createTelnyxProvider } from "~/server/telephony/provider";
import { DEFAULT_TIMINGS, type ConversationTimings } from "~/server/voice/agent/types";
import { STREAM_PATH, startVoiceServer, type VoiceServer } from "~/server/voice/server";
import { voiceSessions } from "~/server/voice/sessions";
import { issueStreamToken } from "~/server/voice/stream-tokens";
import type { Db } from "~/server/db";
import type { Boss } from "~/server/queue/boss";
import { createTestUser } from "./callers";
import { startFakeAnthropic, type FakeAnthropic } from "./fakes/anthropic";
import { silenceAudio, speechAudio, startFakeDeepgramLive, type FakeDeepgramLive } from "./fakes/deepgram-live";
import { startFakeElevenLabsStream, type FakeElevenLabsStream } from "./fakes/elevenlabs-stream";
import { startFakeTelnyxApi, type FakeTelnyxApi } from "./fakes/telnyx-api";
import { FakeTelnyxMediaStream } from "./fakes/telnyx-media";

/**
 * The voice process against every provider's fake at the network boundary: Telnyx's media stream
 * client and its Call Control API, Deepgram's live socket, Anthropic's streaming Messages API and
 * ElevenLabs' multi-stream-input socket, all reached by the real clients through their base URLs.
 * Used by the voice tests and `npm run bench -- voice`.
 */

export interface VoiceHarness {
  db: Db;
  server: VoiceServer;
  deepgram: FakeDeepgramLive;
  anthropic: FakeAnthropic;
  elevenlabs: FakeElevenLabsStream;
  telnyx: FakeTelnyxApi;
  /** Read by each conversation when it needs them: a test may change them between calls. */
  timings: ConversationTimings;
  close(): Promise<void>;
}

export async function startVoiceHarness(
  db: Db,
  options: {
    timings?: Partial<ConversationTimings>;
    deepgramFinalDelayMs?: number;
    llmFirstTokenMs?: number;
    ttsFirstByteMs?: number;
    /** Audio per character of speech (the fake's default is 60 ms: tests keep it short). */
    ttsMsPerCharacter?: number;
    /** Deepgram's model: "nova-3" (default) or a Flux one ("flux-general-en"). */
    transcriberModel?: string;
    /** The job sender (reminder outcomes queue their follow-ups); default: none. */
    jobs?: () => Promise<Boss>;
  } = {},
): Promise<VoiceHarness> {
  const [deepgram, anthropic, elevenlabs, telnyx] = await Promise.all([
    startFakeDeepgramLive({ finalDelayMs: options.deepgramFinalDelayMs ?? 0 }),
    startFakeAnthropic({ streamFirstTokenMs: options.llmFirstTokenMs ?? 0 }),
    startFakeElevenLabsStream({ firstByteDelayMs: options.ttsFirstByteMs ?? 0, msPerCharacter: options.ttsMsPerCharacter }),
    startFakeTelnyxApi(),
  ]);
  const timings: ConversationTimings = { ...DEFAULT_TIMINGS, silenceMs: 60_000, ...options.timings };
  const telephony = createTelnyxProvider({ apiKey: telnyx.apiKey, baseURL: telnyx.baseURL, maxRetries: 0, timeoutMs: 5_000 });
  const server = await startVoiceServer({
    db,
    logger,
    port: 0,
    host: "127.0.0.1",
    openSession: voiceSessions({
      db,
      logger,
      telephony,
      jobs: options.jobs ?? (() => Promise.reject(new Error("no job queue in voice tests"))),
      now: () => new Date(),
      providers: {
        transcriber: { apiKey: deepgram.apiKey, baseUrl: deepgram.baseUrl, model: options.transcriberModel ?? "nova-3" },
        synthesizer: { apiKey: elevenlabs.apiKey, baseUrl: elevenlabs.baseUrl, voiceId: "voice-test", modelId: "eleven_flash_v2_5" },
        replier: { apiKey: anthropic.apiKey, baseUrl: anthropic.baseUrl, model: "claude-haiku-5-5", maxTokens: 300, timeoutMs: 10_000 },
      },
      timings,
    }),
  });
  return {
    db,
    server,
    deepgram,
    anthropic,
    elevenlabs,
    telnyx,
    timings,
    async close() {
      await server.close();
      await Promise.all([deepgram.close(), anthropic.close(), elevenlabs.close(), telnyx.close()]);
    },
  };
}

export interface ReceptionistCall {
  userId: string;
  callId: string;
  callControlId: string;
  streamId: string;
  /** Telnyx's side of the stream, connected and started. */
  telnyx: FakeTelnyxMediaStream;
}

/**
 * An inbound call to a user's number, answered, with a stream token issued as the call flow does,
 * and Telnyx connected with it. `contact`: the caller is this contact of the user.
 */
export async function receptionistCall(
  h: VoiceHarness,
  options: { userName?: string; personalPhone?: string | null; contact?: { firstName: string; lastName?: string }; businessName?: string; callerNumber?: string } = {},
): Promise<ReceptionistCall> {
  const user = await createTestUser(h.db, { name: options.userName ?? "Sam Rivera" });
  if (options.personalPhone !== null) await h.db.user.update({ where: { id: user.id }, data: { personalPhone: options.personalPhone ?? "+14155550111" } });
  const callerNumber = options.callerNumber ?? `+1312555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  const ours = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  const number = await h.db.phoneNumber.create({ data: { userId: user.id, e164: ours, businessName: options.businessName ?? null } });
  const contact = options.contact
    ? await h.db.contact.create({ data: { userId: user.id, firstName: options.contact.firstName, lastName: options.contact.lastName ?? null, phones: [callerNumber] } })
    : null;
  const callControlId = `v3:receptionist-${Math.random().toString(36).slice(2)}`;
  const call = await h.db.call.create({
    data: {
      userId: user.id,
      direction: "inbound",
      status: "in_progress",
      fromNumber: callerNumber,
      toNumber: ours,
      counterpartNumber: callerNumber,
      contactId: contact?.id ?? null,
      phoneNumberId: number.id,
      answeredAt: new Date(),
      telnyxCallControlId: callControlId,
    },
  });
  const issued = await issueStreamToken(h.db, { userId: user.id, callId: call.id, purpose: "receptionist" }, new Date());
  const attempt = await FakeTelnyxMediaStream.connect(`ws://127.0.0.1:${h.server.port}${STREAM_PATH}`, issued.token, callControlId);
  if (!attempt.accepted) throw new Error(`the stream was refused (${attempt.status})`);
  attempt.stream.start();
  return { userId: user.id, callId: call.id, callControlId, streamId: issued.streamId, telnyx: attempt.stream };
}

/** The agent audio Telnyx has received so far (μ-law bytes, in order). */
export function agentAudio(telnyx: FakeTelnyxMediaStream): Buffer {
  return Buffer.concat(
    telnyx.received.filter((f) => f.event === "media").map((f) => Buffer.from((f as { media: { payload: string } }).media.payload, "base64")),
  );
}

/** The caller says `text`: `speechMs` of speech then `silenceMs` of silence, as Telnyx frames. */
export function callerSays(h: VoiceHarness, telnyx: FakeTelnyxMediaStream, text: string, speechMs = 600, silenceMs = 400): void {
  h.deepgram.queueUtterance(text);
  telnyx.sendAudio(speechAudio(speechMs));
  telnyx.sendAudio(silenceAudio(silenceMs));
}
