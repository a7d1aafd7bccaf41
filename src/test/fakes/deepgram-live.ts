import { createHash, randomUUID, type Hash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { WebSocket } from "ws";
import { FRAME_BYTES, SAMPLE_RATE, mulawRms } from "./mulaw";
import { startFakeWsServer } from "./ws-provider-server";

export { silenceAudio, speechAudio } from "./mulaw";

/**
 * A local stand-in for Deepgram's live transcription WebSocket (`/v1/listen`, Nova; and Flux's
 * `/v2/listen`), reached by the real `@deepgram/sdk` through `baseUrl`. The SDK joins
 * `/v1/listen` onto `baseUrl` and hands the result to `ws`, which takes `http://` as `ws://`, so
 * the same origin the pre-recorded fake uses for DEEPGRAM_API_BASE_URL works here.
 *
 * The transcript is scripted (`queueUtterance`), but WHEN things happen comes from the audio:
 * μ-law is decoded and each 20 ms window is speech when loud, silence otherwise. Times are
 * audio times (byte offset / 8000), so a test can send seconds of audio in one burst and get
 * the same events as a real-time stream; only `finalDelayMs` is wall time (the provider's lag).
 *
 * Nova (`/v1/listen`), per docs/voice/deepgram.md:
 * - speech onset: `SpeechStarted` (with `vad_events=true`);
 * - every `interimEveryMs` of speech audio: an interim `Results` with a growing prefix of the
 *   words (with `interim_results=true`);
 * - `endpointing` ms of silence after speech (default 10): a final `Results` (`is_final` and
 *   `speech_final`), `finalDelayMs` of wall time later;
 * - then `utterance_end_ms` of silence after the last word: `UtteranceEnd` (as Deepgram: not sent
 *   when speech resumes first, so a test must send that much silence);
 * - `Finalize`: the open segment as a final now (`from_finalize`, an empty one when nothing is
 *   open); `CloseStream`: what is left as a final, `Metadata`, close 1000; `KeepAlive`: nothing.
 *
 * Flux (`/v2/listen`): `Connected`, then per turn `StartOfTurn`, `Update` every 250 ms of speech,
 * `EagerEndOfTurn` after 200 ms of silence (with `eager_eot_threshold`), `TurnResumed` if speech
 * comes back before the end, `EndOfTurn` after 400 ms of silence (`trigger: "model"`), or at once on
 * `ForceEndTurn` (`"manual"`). `Configure` answers `ConfigureSuccess`; `CloseStream` closes with
 * no status (1005), as Flux does.
 */

export interface DeepgramLiveConnection {
  /** `/v1/listen` or `/v2/listen`. */
  path: string;
  /** The query the client connected with (model, encoding, sample_rate, interim_results, ...). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Audio bytes received (binary frames). */
  audioBytes: number;
  /** The `type` of each JSON control message received, in order (KeepAlive, Finalize, CloseStream, ...). */
  controls: string[];
  /** Every message the fake sent on this connection, in order. */
  sent: { type: string; [key: string]: unknown }[];
  open: boolean;
  /** The client closed (or went away) rather than the fake. */
  closedByClient: boolean;
  /** The close code once closed. */
  closeCode: number | null;
}

export interface FakeDeepgramLive {
  /** DEEPGRAM_API_BASE_URL: http://127.0.0.1:<port> (the SDK appends /v1/listen). */
  baseUrl: string;
  /** The same origin as ws://, for clients that want a WebSocket URL. */
  wsUrl: string;
  apiKey: string;
  /** Wall time between an endpoint and its final `Results` (or Flux `EndOfTurn`); settable. */
  finalDelayMs: number;
  /** Audio time between interim `Results` while speech continues; settable. */
  interimEveryMs: number;
  /** The transcript of a speech segment when nothing is queued; settable. */
  defaultUtterance: string;
  /** The transcript of the next speech segment (first in, first out, across connections). */
  queueUtterance(text: string): void;
  /** Every accepted connection, oldest first. */
  connections(): DeepgramLiveConnection[];
  /** Upgrades the fake refused (bad key, unknown path, `refuseNext`). */
  refused(): { path: string; status: number }[];
  /** Close every open connection with `code` (default 1011; 1006: drop the TCP connection, no close frame). */
  dropAll(code?: number): void;
  /** Answer the next upgrade with this HTTP status (queued). */
  refuseNext(status: number): void;
  close(): Promise<void>;
}

/** Linear RMS above which a 20 ms window is speech (the helpers' tone is ≈ 5600, silence 0). */
const SPEECH_RMS = 500;

export async function startFakeDeepgramLive(options: { apiKey?: string; finalDelayMs?: number; interimEveryMs?: number } = {}): Promise<FakeDeepgramLive> {
  const apiKey = options.apiKey ?? `dg_fake_${randomUUID().replace(/-/g, "")}`;
  const utterances: string[] = [];

  const ws = await startFakeWsServer<DeepgramLiveConnection>({
    check: (url, req) =>
      url.pathname !== "/v1/listen" && url.pathname !== "/v2/listen" ? 404 : req.headers.authorization !== `Token ${apiKey}` ? 401 : 101,
    errorBody,
    dropReason: "INTERNAL_SERVER_ERROR",
    accept(url, req, socket) {
      const connection: DeepgramLiveConnection = {
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        audioBytes: 0,
        controls: [],
        sent: [],
        open: true,
        closedByClient: true,
        closeCode: null,
      };
      const session =
        url.pathname === "/v2/listen" ? new FluxSession(fake, connection, socket, nextUtterance) : new NovaSession(fake, connection, socket, nextUtterance);
      return {
        record: connection,
        onMessage(data, isBinary) {
          if (isBinary) {
            connection.audioBytes += data.length;
            session.audio(data);
            return;
          }
          let message: { type?: unknown };
          try {
            message = JSON.parse(data.toString("utf8")) as { type?: unknown };
          } catch {
            connection.controls.push("(not JSON)");
            return;
          }
          connection.controls.push(String(message.type));
          session.control(message);
        },
        onClose: () => session.stop(),
      };
    },
  });

  function nextUtterance(): string {
    return utterances.shift() ?? fake.defaultUtterance;
  }

  const fake: FakeDeepgramLive = {
    baseUrl: `http://127.0.0.1:${ws.port}`,
    wsUrl: `ws://127.0.0.1:${ws.port}`,
    apiKey,
    finalDelayMs: options.finalDelayMs ?? 0,
    interimEveryMs: options.interimEveryMs ?? 100,
    defaultUtterance: "hello",
    queueUtterance(text) {
      utterances.push(text);
    },
    connections: ws.connections,
    refused: ws.refused,
    dropAll: ws.dropAll,
    refuseNext: ws.refuseNext,
    close: ws.close,
  };
  return fake;
}

function errorBody(status: number) {
  const request_id = randomUUID();
  if (status === 401) return { err_code: "INVALID_AUTH", err_msg: "Invalid credentials.", request_id };
  if (status === 404) return { err_code: "NOT_FOUND", err_msg: "Not found.", request_id };
  if (status === 429) return { err_code: "TOO_MANY_REQUESTS", err_msg: "Too many requests. Please try again later.", request_id };
  return { err_code: "INTERNAL_SERVER_ERROR", err_msg: "We encountered an error while processing your request.", request_id };
}

interface Word {
  word: string;
  start: number;
  end: number;
  confidence: number;
  punctuated_word: string;
}

/** The transcript's words spread evenly over [start, end] (audio seconds), as Deepgram times them. */
function wordsOf(tokens: string[], start: number, end: number): Word[] {
  const step = (end - start) / Math.max(tokens.length, 1);
  return tokens.map((token, i) => ({
    word: token.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ""),
    start: round(start + i * step),
    end: round(start + (i + 1) * step),
    confidence: 0.98,
    punctuated_word: token,
  }));
}

const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean);
const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Cuts the audio into 20 ms windows (a partial window waits for its remaining bytes) and says of
 * each whether it is speech, with its audio start and end in seconds.
 */
class SpeechWindows {
  private pending = Buffer.alloc(0);
  private offset = 0;
  readonly hash: Hash = createHash("sha256");

  /** Audio seconds received in whole windows. */
  get now(): number {
    return this.offset / SAMPLE_RATE;
  }

  push(audio: Buffer, onWindow: (speech: boolean, start: number, end: number) => void): void {
    this.hash.update(audio);
    this.pending = Buffer.concat([this.pending, audio]);
    while (this.pending.length >= FRAME_BYTES) {
      const window = this.pending.subarray(0, FRAME_BYTES);
      this.pending = this.pending.subarray(FRAME_BYTES);
      const start = this.offset / SAMPLE_RATE;
      this.offset += FRAME_BYTES;
      onWindow(mulawRms(window) > SPEECH_RMS, start, this.offset / SAMPLE_RATE);
    }
  }
}

interface Session {
  audio(data: Buffer): void;
  control(message: { type?: unknown }): void;
  stop(): void;
}

/** Shared by both sessions: sending (and recording) a message, and wall-delayed sends. */
abstract class BaseSession implements Session {
  protected readonly windows = new SpeechWindows();
  protected readonly requestId = randomUUID();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();

  constructor(
    protected readonly fake: FakeDeepgramLive,
    protected readonly connection: DeepgramLiveConnection,
    protected readonly ws: WebSocket,
    protected readonly nextUtterance: () => string,
  ) {}

  abstract audio(data: Buffer): void;
  abstract control(message: { type?: unknown }): void;

  protected send(message: { type: string; [key: string]: unknown }): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.connection.sent.push(message);
    this.ws.send(JSON.stringify(message));
  }

  /** Runs `action` `finalDelayMs` of wall time from now (at once when 0, keeping order deterministic). */
  protected later(action: () => void): void {
    if (this.fake.finalDelayMs <= 0) return action();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, this.fake.finalDelayMs);
    this.timers.set(timer, action);
  }

  /** Runs every delayed action now (the stream is closing: Deepgram sends what it has first). */
  protected flushLater(): void {
    for (const [timer, action] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(timer);
      action();
    }
  }

  stop(): void {
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
  }
}

interface Segment {
  start: number;
  speechEnd: number;
  tokens: string[];
  interims: number;
  nextInterimAt: number;
}

class NovaSession extends BaseSession {
  private speaking = false;
  private segment: Segment | null = null;
  /** The last final's last word end, while an UtteranceEnd is owed for it. */
  private utteranceEndOwed: number | null = null;
  private readonly modelUuid = randomUUID();

  private get model() {
    return this.connection.query.model ?? "nova-3";
  }
  private flag(name: string) {
    return this.connection.query[name] === "true";
  }
  private msParam(name: string, fallback: number | null): number | null {
    const raw = this.connection.query[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    return Number.isFinite(value) ? value : null;
  }

  audio(data: Buffer): void {
    const endpointing = this.msParam("endpointing", 10);
    this.windows.push(data, (speech, start, end) => {
      if (speech) {
        if (!this.speaking && this.flag("vad_events")) this.send({ type: "SpeechStarted", channel: [0], timestamp: round(start) });
        this.speaking = true;
        this.utteranceEndOwed = null;
        this.segment ??= { start, speechEnd: end, tokens: tokensOf(this.nextUtterance()), interims: 0, nextInterimAt: start + this.fake.interimEveryMs / 1000 };
        const segment = this.segment;
        segment.speechEnd = end;
        if (this.flag("interim_results") && end >= segment.nextInterimAt - 1e-9) {
          segment.interims++;
          segment.nextInterimAt += this.fake.interimEveryMs / 1000;
          this.send(this.results(segment, segment.tokens.slice(0, segment.interims), end, { is_final: false, speech_final: false }));
        }
        return;
      }
      this.speaking = false;
      if (this.segment && endpointing !== null && (end - this.segment.speechEnd) * 1000 >= endpointing - 1e-6) {
        const segment = this.segment;
        this.segment = null;
        this.later(() => this.final(segment, { speech_final: true }));
      }
      this.checkUtteranceEnd();
    });
  }

  control(message: { type?: unknown }): void {
    if (message.type === "Finalize") {
      const segment = this.segment;
      this.segment = null;
      this.flushLater();
      if (segment) this.final(segment, { speech_final: false, from_finalize: true });
      else this.send(this.results({ start: this.windows.now, speechEnd: this.windows.now, tokens: [], interims: 0, nextInterimAt: 0 }, [], this.windows.now, { is_final: true, speech_final: false, from_finalize: true }));
    } else if (message.type === "CloseStream") {
      this.flushLater();
      if (this.segment) this.final(this.segment, { speech_final: false });
      this.segment = null;
      this.send({
        type: "Metadata",
        transaction_key: "deprecated",
        request_id: this.requestId,
        sha256: this.windows.hash.copy().digest("hex"),
        created: new Date().toISOString(),
        duration: round(this.connection.audioBytes / SAMPLE_RATE),
        channels: 1,
      });
      this.connection.closedByClient = false;
      this.ws.close(1000);
    }
    // KeepAlive (and anything else) is accepted silently.
  }

  private final(segment: Segment, flags: { speech_final: boolean; from_finalize?: boolean }) {
    this.send(this.results(segment, segment.tokens, segment.speechEnd, { is_final: true, ...flags }));
    if (segment.tokens.length > 0 && this.msParam("utterance_end_ms", null) !== null) {
      this.utteranceEndOwed = segment.speechEnd;
      this.checkUtteranceEnd();
    }
  }

  private checkUtteranceEnd() {
    const after = this.msParam("utterance_end_ms", null);
    if (this.utteranceEndOwed === null || after === null || this.speaking) return;
    if ((this.windows.now - this.utteranceEndOwed) * 1000 < after - 1e-6) return;
    this.send({ type: "UtteranceEnd", channel: [0, 1], last_word_end: round(this.utteranceEndOwed) });
    this.utteranceEndOwed = null;
  }

  private results(segment: Segment, tokens: string[], end: number, flags: Record<string, boolean>) {
    return {
      type: "Results",
      channel_index: [0, 1],
      duration: round(end - segment.start),
      start: round(segment.start),
      ...flags,
      channel: {
        alternatives: [{ transcript: tokens.join(" "), confidence: tokens.length ? 0.98 : 0, words: wordsOf(tokens, segment.start, end) }],
      },
      metadata: {
        request_id: this.requestId,
        model_info: { name: `general-${this.model}`, version: "2025-04-17.21547", arch: this.model },
        model_uuid: this.modelUuid,
      },
    };
  }
}

/** Flux's turn timings, in audio ms (the real ones come from the model's end-of-turn confidence). */
const FLUX_UPDATE_MS = 250;
const FLUX_EAGER_SILENCE_MS = 200;
const FLUX_END_SILENCE_MS = 400;

interface Turn {
  start: number;
  speechEnd: number;
  tokens: string[];
  nextUpdateAt: number;
  eager: boolean;
}

class FluxSession extends BaseSession {
  private sequence = 0;
  private turnIndex = 0;
  private turn: Turn | null = null;

  constructor(...args: ConstructorParameters<typeof NovaSession>) {
    super(...args);
    this.send({ type: "Connected", request_id: this.requestId });
  }

  protected override send(message: { type: string; [key: string]: unknown }): void {
    super.send({ ...message, sequence_id: this.sequence++ });
  }

  audio(data: Buffer): void {
    const eagerEnabled = this.connection.query.eager_eot_threshold !== undefined;
    this.windows.push(data, (speech, start, end) => {
      const turn = this.turn;
      if (speech) {
        if (!turn) {
          this.turn = { start, speechEnd: end, tokens: tokensOf(this.nextUtterance()), nextUpdateAt: start + FLUX_UPDATE_MS / 1000, eager: false };
          this.turnInfo("StartOfTurn", this.turn, 1, end, 0.02);
          return;
        }
        turn.speechEnd = end;
        if (turn.eager) {
          turn.eager = false;
          this.turnInfo("TurnResumed", turn, turn.tokens.length, end, 0.1);
        }
        if (end >= turn.nextUpdateAt - 1e-9) {
          turn.nextUpdateAt += FLUX_UPDATE_MS / 1000;
          this.turnInfo("Update", turn, Math.ceil(((end - turn.start) * 1000) / FLUX_UPDATE_MS), end, 0.05);
        }
        return;
      }
      if (!turn) return;
      const silenceMs = (end - turn.speechEnd) * 1000;
      if (eagerEnabled && !turn.eager && silenceMs >= FLUX_EAGER_SILENCE_MS - 1e-6 && silenceMs < FLUX_END_SILENCE_MS) {
        turn.eager = true;
        this.turnInfo("EagerEndOfTurn", turn, turn.tokens.length, end, 0.6);
      }
      if (silenceMs >= FLUX_END_SILENCE_MS - 1e-6) this.endTurn("model", end);
    });
  }

  control(message: { type?: unknown; thresholds?: unknown; keyterms?: unknown }): void {
    if (message.type === "ForceEndTurn") {
      this.flushLater();
      this.endTurn("manual", this.windows.now);
    } else if (message.type === "Configure") {
      this.send({ type: "ConfigureSuccess", request_id: this.requestId, thresholds: message.thresholds ?? {}, keyterms: message.keyterms ?? [] });
    } else if (message.type === "CloseStream") {
      this.flushLater();
      this.connection.closedByClient = false;
      this.ws.close();
    }
  }

  private endTurn(trigger: string, end: number) {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    const index = this.turnIndex++;
    this.later(() => this.turnInfo("EndOfTurn", turn, turn.tokens.length, end, 0.9, { trigger, turn_index: index }));
  }

  private turnInfo(event: string, turn: Turn, wordCount: number, end: number, confidence: number, extra: Record<string, unknown> = {}) {
    const tokens = turn.tokens.slice(0, Math.max(1, wordCount));
    this.send({
      type: "TurnInfo",
      request_id: this.requestId,
      event,
      turn_index: this.turnIndex,
      audio_window_start: round(turn.start),
      audio_window_end: round(end),
      transcript: tokens.join(" "),
      words: wordsOf(tokens, turn.start, turn.speechEnd).map(({ word, confidence: c, start, end: wordEnd }) => ({ word, confidence: c, start, end: wordEnd })),
      end_of_turn_confidence: confidence,
      ...extra,
    });
  }
}
