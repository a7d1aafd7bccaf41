import { randomUUID } from "node:crypto";
import { header, startFakeProviderServer, type FakeProviderServer, type RecordedRequest } from "./provider-server";

/**
 * A local stand-in for ElevenLabs text-to-speech (`POST /v1/text-to-speech/:voice_id`, and a
 * voice's details, `GET /v1/voices/:voice_id`), reached by `@elevenlabs/elevenlabs-js` through
 * its base URL. It checks `xi-api-key`, validates the body like the API (422 with FastAPI-style
 * `detail` when `text` is missing), and answers `audio/mpeg` bytes: an ID3 tag followed by
 * MPEG-1 Layer III frames, more of them for longer text, so callers can tell the audio apart and
 * see its size grow.
 */

export interface FakeElevenLabs extends FakeProviderServer {
  /** ELEVENLABS_API_BASE_URL: the origin (the SDK appends /v1/text-to-speech/<voice>). */
  baseUrl: string;
  apiKey: string;
  /** The voice ids GET /v1/voices/<id> knows (default: ELEVENLABS_VOICE_ID's default); others are 404. */
  voices: string[];
  /** Requests to /v1/text-to-speech/*. */
  syntheses(): RecordedRequest[];
}

/** The env default of ELEVENLABS_VOICE_ID ("Rachel"). */
export const DEFAULT_VOICE_ID = "21m00Tcm4TlvDq8ikWAM";

export async function startFakeElevenLabs(options: { apiKey?: string; latencyMs?: number; voices?: string[] } = {}): Promise<FakeElevenLabs> {
  const apiKey = options.apiKey ?? `sk_fake_${randomUUID().replace(/-/g, "")}`;
  const server = await startFakeProviderServer({
    latencyMs: options.latencyMs,
    authorize(request) {
      if (header(request, "xi-api-key") === apiKey) return null;
      return { status: 401, body: { detail: { status: "invalid_api_key", message: "Invalid API key" } } };
    },
    handle(request) {
      const known = /^\/v1\/voices\/([^/]+)$/.exec(request.path)?.[1];
      if (request.method === "GET" && known) {
        if (!fake.voices.includes(known)) {
          return { status: 404, body: { detail: { status: "voice_not_found", message: `A voice with the voice_id ${known} was not found.` } } };
        }
        return { status: 200, body: { voice_id: known, name: "Rachel", category: "premade", labels: {}, settings: null } };
      }
      const voice = /^\/v1\/text-to-speech\/([^/]+)$/.exec(request.path)?.[1];
      if (request.method !== "POST" || !voice) {
        return { status: 404, body: { detail: { status: "not_found", message: `${request.method} ${request.path}` } } };
      }
      const body = request.json as { text?: unknown } | null;
      if (typeof body?.text !== "string" || !body.text) {
        return { status: 422, body: { detail: [{ loc: ["body", "text"], msg: "field required", type: "value_error.missing" }] } };
      }
      return { status: 200, body: fakeMp3(body.text), contentType: "audio/mpeg" };
    },
    errorBody: (status) => ({
      detail: status >= 500 ? { status: "internal_error", message: "An internal error occurred." } : { status: "error", message: `HTTP ${status}` },
    }),
  });
  const fake: FakeElevenLabs = Object.assign(server, {
    baseUrl: server.origin,
    apiKey,
    voices: options.voices ?? [DEFAULT_VOICE_ID],
    syntheses: () => server.requests.filter((r) => r.path.startsWith("/v1/text-to-speech/")),
  });
  return fake;
}

/** An ID3v2 header and one silent 128 kbit/s 44.1 kHz frame (417 bytes) per ten characters. */
export function fakeMp3(text: string): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([id3, ...Array.from({ length: Math.max(1, Math.ceil(text.length / 10)) }, () => frame)]);
}
