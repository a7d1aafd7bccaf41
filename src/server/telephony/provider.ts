import Telnyx, { APIConnectionError, APIConnectionTimeoutError, APIError } from "telnyx";
import type { Env } from "~/env";
import { isPermanentStatus, ProviderError, type ProviderErrorKind } from "~/server/providers/errors";
import { TELNYX_PROVIDER } from "./envelope";

/**
 * Telnyx behind an interface (docs/provider-contract.md#telnyx): the real one drives the official SDK; the local one
 * (no TELNYX_API_KEY) places nothing and says so, so calls and texts are recorded as intents
 * marked "not sent: TELNYX_API_KEY not set". Webhooks work either way.
 */

export const NOT_SENT_REASON = "not sent: TELNYX_API_KEY not set";

export type CommandOutcome<T = null> = { status: "sent"; data: T } | { status: "not_sent"; reason: string };

export interface DialedLeg {
  callControlId: string;
  callLegId: string | null;
  callSessionId: string | null;
}

export interface SentMessage {
  id: string;
  /** Telnyx's status of the first recipient ("queued" on acceptance). */
  status: string | null;
}

/** A number the Telnyx account holds (Mission Control → Numbers), with what it is wired to. */
export interface AccountNumber {
  telnyxNumberId: string;
  /** E.164, as Telnyx lists it. */
  e164: string;
  status: string;
  connectionId: string | null;
  connectionName: string | null;
  messagingProfileId: string | null;
  messagingProfileName: string | null;
}

export interface AccountNumbers {
  numbers: AccountNumber[];
  /** The account has more numbers than the `limit` asked for. */
  truncated: boolean;
}

export interface DialParams {
  connectionId: string;
  from: string;
  to: string;
  clientState: string;
  commandId: string;
  /** Put the new leg in the session of this one (and bridge them on answer when asked). */
  linkTo?: string;
  bridgeOnAnswer?: boolean;
  timeoutSecs?: number;
  /**
   * Answering-machine detection: "detect" reports human or machine (call.machine.detection.ended);
   * "detect_beep" also reports the end of a machine's greeting (call.machine.greeting.ended), when
   * a voicemail can be left.
   */
  answeringMachineDetection?: AnsweringMachineDetection;
}

export type AnsweringMachineDetection = "detect" | "detect_beep";

/** Collect one key press (or a few): which keys count, how many, and how long to wait for them. */
export interface GatherParams {
  validDigits: string;
  maxDigits: number;
  /** How long to wait for the first key after the prompt ends. */
  timeoutMillis: number;
  clientState?: string;
  commandId: string;
}

export interface TelephonyProvider {
  /** true when commands reach Telnyx. */
  readonly live: boolean;
  answer(callControlId: string, params: { clientState: string; commandId: string }): Promise<CommandOutcome>;
  /** Dual-channel (one channel per party) mp3 recording. */
  startRecording(callControlId: string, params: { clientState?: string; commandId: string }): Promise<CommandOutcome>;
  /** `language`: BCP 47 of the text (default en-US); the nearest language Telnyx speaks is used. */
  speak(callControlId: string, params: { text: string; language?: string; clientState?: string; commandId: string }): Promise<CommandOutcome>;
  /** Speaks `text`, then collects keys (call.gather.ended reports them, or the timeout). */
  gatherUsingSpeak(callControlId: string, params: GatherParams & { text: string; language?: string }): Promise<CommandOutcome>;
  /** Collects keys without a prompt (after a prompt played as audio). */
  gather(callControlId: string, params: GatherParams): Promise<CommandOutcome>;
  /** Plays mp3 bytes to the leg (sent inline as base64: no public URL is needed). */
  playAudio(callControlId: string, params: { audio: Buffer; clientState?: string; commandId: string }): Promise<CommandOutcome>;
  hangup(callControlId: string, params: { commandId: string }): Promise<CommandOutcome>;
  /**
   * Streams the call's audio to the voice process and plays what it sends back: bidirectional RTP
   * (without it Telnyx drops the audio sent back), PCMU 8 kHz both ways, the caller's track.
   * `authToken` is presented by Telnyx on the WebSocket upgrade (docs/voice/telnyx-and-anthropic.md).
   */
  startStreaming(callControlId: string, params: { streamUrl: string; authToken: string; clientState?: string; commandId: string }): Promise<CommandOutcome>;
  stopStreaming(callControlId: string, params: { commandId: string }): Promise<CommandOutcome>;
  /** Moves the call to `to` (the user's own phone), with our number as caller id. */
  transfer(callControlId: string, params: { to: string; from: string; clientState?: string; commandId: string }): Promise<CommandOutcome>;
  /** Fresh download URLs of a recording (the ones in webhooks expire after about ten minutes). */
  recordingUrls(recordingId: string): Promise<CommandOutcome<{ mp3: string | null; wav: string | null }>>;
  dial(params: DialParams): Promise<CommandOutcome<DialedLeg>>;
  sendMessage(params: { from: string; to: string; text: string; messagingProfileId?: string | null }): Promise<CommandOutcome<SentMessage>>;
  /** The account's numbers (GET /v2/phone_numbers), at most `limit`; `digits` keeps those containing them. */
  accountNumbers(params: { digits?: string; limit: number }): Promise<CommandOutcome<AccountNumbers>>;
}

/** A Telnyx request that failed; `permanent` ones (4xx) are not worth retrying. */
function telnyxError(message: string, kind: ProviderErrorKind, httpStatus: number | null, permanent: boolean): ProviderError {
  return new ProviderError(TELNYX_PROVIDER, message, kind, httpStatus, permanent, { prefix: false });
}

function describeApiError(error: APIError): string {
  const body = error.error as { errors?: { title?: string; detail?: string; code?: string }[] } | undefined;
  const first = body?.errors?.[0];
  const text = first?.detail || first?.title;
  return text ? `Telnyx ${error.status ?? "error"}: ${text}${first?.code ? ` (code ${first.code})` : ""}` : error.message;
}

function toProviderError(error: unknown, what: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return telnyxError(`${what}: Telnyx did not answer in time`, "timeout", null, false);
  }
  if (error instanceof APIConnectionError) {
    return telnyxError(`${what}: could not reach Telnyx (${error.message})`, "connection", null, false);
  }
  if (error instanceof APIError) {
    const status = typeof error.status === "number" ? error.status : null;
    const permanent = status !== null && isPermanentStatus(status);
    return telnyxError(`${what}: ${describeApiError(error)}`, permanent ? "rejected" : "server", status, permanent);
  }
  return telnyxError(`${what}: ${error instanceof Error ? error.message : String(error)}`, "connection", null, false);
}

function gatherFields(params: GatherParams) {
  return {
    valid_digits: params.validDigits,
    minimum_digits: 1,
    maximum_digits: params.maxDigits,
    timeout_millis: params.timeoutMillis,
    // No terminating key: "#" would end the gather without one of the valid keys.
    terminating_digit: "",
    ...(params.clientState ? { client_state: params.clientState } : {}),
    command_id: params.commandId,
  };
}

/** The languages Telnyx's speak and gather_using_speak accept (basic voices). */
const SPEECH_LANGUAGES = [
  "arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB", "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
  "fr-CA", "fr-FR", "hi-IN", "is-IS", "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO",
  "ru-RU", "sv-SE", "tr-TR",
] as const;
type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

/**
 * The Telnyx language nearest a BCP 47 tag: the same tag, else the first with its language
 * ("de" or "de-AT" → de-DE, "ar" → arb), else en-US. A message in an unlisted language is still
 * spoken rather than the command being refused.
 */
export function speechLanguage(language: string | null | undefined): SpeechLanguage {
  if (!language) return "en-US";
  const exact = SPEECH_LANGUAGES.find((l) => l.toLowerCase() === language.toLowerCase());
  if (exact) return exact;
  const primary = language.split("-")[0]!.toLowerCase();
  const alias = primary === "ar" ? "arb" : primary === "zh" ? "cmn" : primary === "no" || primary === "nn" ? "nb" : primary;
  return SPEECH_LANGUAGES.find((l) => l.split("-")[0] === alias) ?? "en-US";
}

export interface TelnyxClientOptions {
  apiKey: string;
  /** Full API base including the version, e.g. https://api.telnyx.com/v2 (tests: a local fake). */
  baseURL?: string | null;
  /** Per request; every external call has one. */
  timeoutMs?: number;
  /** Retries of call-control commands (safe: each carries a command_id Telnyx de-duplicates). */
  maxRetries?: number;
}

export const DEFAULT_TELNYX_BASE_URL = "https://api.telnyx.com/v2";

export function createTelnyxProvider(options: TelnyxClientOptions): TelephonyProvider {
  const client = new Telnyx({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_TELNYX_BASE_URL,
    // Explicit: never let the SDK pick these up from process.env behind our back.
    publicKey: null,
    timeout: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 2,
  });
  const sent = <T>(data: T): CommandOutcome<T> => ({ status: "sent", data });
  const run = async <T>(what: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw toProviderError(error, what);
    }
  };

  return {
    live: true,
    async answer(callControlId, { clientState, commandId }) {
      await run("answer", () => client.calls.actions.answer(callControlId, { client_state: clientState, command_id: commandId }));
      return sent(null);
    },
    async startRecording(callControlId, { clientState, commandId }) {
      await run("record_start", () =>
        client.calls.actions.startRecording(callControlId, {
          channels: "dual",
          format: "mp3",
          ...(clientState ? { client_state: clientState } : {}),
          command_id: commandId,
        }),
      );
      return sent(null);
    },
    async speak(callControlId, { text, language, clientState, commandId }) {
      await run("speak", () =>
        client.calls.actions.speak(callControlId, {
          payload: text,
          voice: "female",
          language: speechLanguage(language),
          ...(clientState ? { client_state: clientState } : {}),
          command_id: commandId,
        }),
      );
      return sent(null);
    },
    async gatherUsingSpeak(callControlId, params) {
      await run("gather_using_speak", () =>
        client.calls.actions.gatherUsingSpeak(callControlId, {
          payload: params.text,
          voice: "female",
          language: speechLanguage(params.language),
          ...gatherFields(params),
          // The prompt is played once per command: re-prompting is the caller's decision.
          maximum_tries: 1,
        }),
      );
      return sent(null);
    },
    async gather(callControlId, params) {
      await run("gather", () =>
        client.calls.actions.gather(callControlId, {
          ...gatherFields(params),
          initial_timeout_millis: params.timeoutMillis,
        }),
      );
      return sent(null);
    },
    async playAudio(callControlId, { audio, clientState, commandId }) {
      await run("playback_start", () =>
        client.calls.actions.startPlayback(callControlId, {
          playback_content: audio.toString("base64"),
          audio_type: "mp3",
          ...(clientState ? { client_state: clientState } : {}),
          command_id: commandId,
        }),
      );
      return sent(null);
    },
    async hangup(callControlId, { commandId }) {
      await run("hangup", () => client.calls.actions.hangup(callControlId, { command_id: commandId }));
      return sent(null);
    },
    async startStreaming(callControlId, { streamUrl, authToken, clientState, commandId }) {
      await run("streaming_start", () =>
        client.calls.actions.startStreaming(callControlId, {
          stream_url: streamUrl,
          stream_track: "inbound_track",
          stream_bidirectional_mode: "rtp",
          stream_bidirectional_codec: "PCMU",
          stream_bidirectional_sampling_rate: 8000,
          stream_bidirectional_target_legs: "self",
          stream_codec: "PCMU",
          stream_auth_token: authToken,
          ...(clientState ? { client_state: clientState } : {}),
          command_id: commandId,
        }),
      );
      return sent(null);
    },
    async stopStreaming(callControlId, { commandId }) {
      await run("streaming_stop", () => client.calls.actions.stopStreaming(callControlId, { command_id: commandId }));
      return sent(null);
    },
    async transfer(callControlId, { to, from, clientState, commandId }) {
      await run("transfer", () =>
        client.calls.actions.transfer(callControlId, { to, from, ...(clientState ? { client_state: clientState } : {}), command_id: commandId }),
      );
      return sent(null);
    },
    async recordingUrls(recordingId) {
      const response = await run("retrieve recording", () => client.recordings.retrieve(recordingId));
      const urls = response.data?.download_urls;
      return sent({ mp3: urls?.mp3 ?? null, wav: urls?.wav ?? null });
    },
    async dial(params) {
      // One retry at most (a person is waiting); command_id makes it safe.
      const response = await run("dial", () =>
        client.calls.dial(
          {
            connection_id: params.connectionId,
            from: params.from,
            to: params.to,
            client_state: params.clientState,
            command_id: params.commandId,
            timeout_secs: params.timeoutSecs ?? 30,
            ...(params.linkTo ? { link_to: params.linkTo } : {}),
            ...(params.bridgeOnAnswer ? { bridge_on_answer: true, bridge_intent: true } : {}),
            ...(params.answeringMachineDetection ? { answering_machine_detection: params.answeringMachineDetection } : {}),
          },
          { maxRetries: Math.min(1, options.maxRetries ?? 2) },
        ),
      );
      const data = response.data;
      if (!data?.call_control_id) {
        throw telnyxError("dial: Telnyx answered without a call_control_id", "server", null, false);
      }
      return sent({
        callControlId: data.call_control_id,
        callLegId: data.call_leg_id ?? null,
        callSessionId: data.call_session_id ?? null,
      });
    },
    async sendMessage({ from, to, text, messagingProfileId }) {
      // No idempotency key exists for messages: never retry a send that may have gone out.
      const response = await run("send message", () =>
        client.messages.send(
          { from, to, text, ...(messagingProfileId ? { messaging_profile_id: messagingProfileId } : {}) },
          { maxRetries: 0 },
        ),
      );
      const data = response.data;
      if (!data?.id) throw telnyxError("send message: Telnyx answered without a message id", "server", null, false);
      return sent({ id: data.id, status: data.to?.[0]?.status ?? null });
    },
    async accountNumbers({ digits, limit }) {
      const numbers: AccountNumber[] = [];
      let truncated = false;
      // A read: the SDK's own retries are safe. Its filter wants digits only (a "+" matches nothing).
      await run("list phone numbers", async () => {
        const pages = client.phoneNumbers.list({
          "page[size]": Math.min(250, limit + 1),
          sort: "phone_number",
          ...(digits ? { filter: { phone_number: digits } } : {}),
        });
        for await (const n of pages) {
          if (numbers.length === limit) {
            truncated = true;
            break;
          }
          numbers.push({
            telnyxNumberId: n.id,
            e164: n.phone_number,
            status: n.status,
            connectionId: n.connection_id ?? null,
            connectionName: n.connection_name ?? null,
            messagingProfileId: n.messaging_profile_id ?? null,
            messagingProfileName: n.messaging_profile_name ?? null,
          });
        }
      });
      return sent({ numbers, truncated });
    },
  };
}

/** The no-key provider: every command is an intent that was not sent. */
export function createLocalTelephony(reason = NOT_SENT_REASON): TelephonyProvider {
  const notSent = async () => ({ status: "not_sent" as const, reason });
  return {
    live: false,
    answer: notSent,
    startRecording: notSent,
    speak: notSent,
    gatherUsingSpeak: notSent,
    gather: notSent,
    playAudio: notSent,
    hangup: notSent,
    startStreaming: notSent,
    stopStreaming: notSent,
    transfer: notSent,
    recordingUrls: notSent,
    dial: notSent,
    sendMessage: notSent,
    accountNumbers: notSent,
  };
}

export function telephonyFromEnv(e: Pick<Env, "TELNYX_API_KEY" | "TELNYX_API_BASE_URL">): TelephonyProvider {
  return e.TELNYX_API_KEY
    ? createTelnyxProvider({ apiKey: e.TELNYX_API_KEY, baseURL: e.TELNYX_API_BASE_URL ?? null })
    : createLocalTelephony();
}
