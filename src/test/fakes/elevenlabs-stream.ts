import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { WebSocket } from "ws";
import { decodeMulaw } from "./mulaw";
import { startFakeWsServer } from "./ws-provider-server";

/**
 * A local stand-in for ElevenLabs' multi-context input-streaming TTS socket,
 * `/v1/text-to-speech/:voice_id/multi-stream-input` (docs/voice/elevenlabs.md §2d, §5). The
 * SDK has no client for it: the voice agent derives `ws://…` from ELEVENLABS_API_BASE_URL
 * (`baseUrl` here) and speaks the snake_case protocol with `ws`, the key in `xi-api-key` on the
 * upgrade (401 otherwise).
 *
 * Per context (`context_id`): the first message opens it (its `voice_settings` and
 * `generation_config` are kept), text is buffered, and audio is generated for the buffer on
 * `flush: true`, with `auto_mode=true` when the buffer ends a sentence, or when it reaches the
 * next `chunk_length_schedule` length (default [120, 160, 250, 290]), as ElevenLabs does.
 * Audio is μ-law 8 kHz, `msPerCharacter` per character, every byte of a context the same loud
 * value (`contextByte(id)`), so a test can tell whose audio reached the caller; it arrives
 * `firstByteDelayMs` after the trigger in `chunkMs` pieces `chunkIntervalMs` apart (faster than
 * real time, like the service), as `{"audio", "contextId", "isFinal": false}`.
 *
 * `close_context` cuts the context off at once (after `audioAfterCloseChunks` pieces, the frames
 * a real socket would already have in flight; 0 by default) and answers `{"isFinal": true,
 * "contextId"}`; with `flush: true` too, the buffer is spoken first and `isFinal` follows the
 * audio. `{"text": "", "context_id"}` keeps a context alive, `{"text": ""}` the socket.
 * `close_socket` lets flushed audio finish, sends `isFinal` per open context, closes 1000. As the
 * service: a 6th live context, or input that is not JSON, is an error message and close 1008;
 * `inactivity_timeout` (s, default 20) of silence from the client closes 1008. A message with no
 * `context_id` goes to the context "default" (unverified against the real service).
 */

export interface ElevenLabsContext {
  id: string;
  /** Every text the context received, concatenated (the opening " " included). */
  text: string;
  voiceSettings: unknown;
  generationConfig: unknown;
  /** Messages with `flush: true`. */
  flushes: number;
  /** `close_context` (or `close_socket`) received. */
  closed: boolean;
  /** `isFinal` sent. */
  final: boolean;
  audioBytes: number;
}

export interface ElevenLabsStreamConnection {
  voiceId: string;
  /** model_id, output_format, auto_mode, inactivity_timeout, ... as sent. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Every client message, parsed, in order. */
  messages: Record<string, unknown>[];
  /** Contexts in the order they were opened (a reused id after a close is a new one). */
  contexts: ElevenLabsContext[];
  audioBytes: number;
  open: boolean;
  /** The client closed (or went away) rather than the fake. */
  closedByClient: boolean;
  closeCode: number | null;
}

export interface FakeElevenLabsStream {
  /** ELEVENLABS_API_BASE_URL: http://127.0.0.1:<port> (the client swaps in ws:// and appends the path). */
  baseUrl: string;
  /** The same origin as ws://. */
  wsUrl: string;
  apiKey: string;
  /** Wall time from a generation's trigger (flush, ...) to its first audio; settable. */
  firstByteDelayMs: number;
  /** Audio per message, ms (8 bytes per ms); settable. */
  chunkMs: number;
  /** Wall time between audio messages; settable. */
  chunkIntervalMs: number;
  /** Audio length per character of text; settable. */
  msPerCharacter: number;
  /** Audio messages still sent after a `close_context` without flush (frames in flight); settable. */
  audioAfterCloseChunks: number;
  /** The byte every audio sample of this context id is (the same id gets the same byte on every connection). */
  contextByte(contextId: string): number;
  connections(): ElevenLabsStreamConnection[];
  /** Upgrades the fake refused (bad key, unknown path, `refuseNext`). */
  refused(): { path: string; status: number }[];
  /** Close every open connection with `code` (default 1011; 1006: drop the TCP connection, no close frame). */
  dropAll(code?: number): void;
  /** Answer the next upgrade with this HTTP status (queued). */
  refuseNext(status: number): void;
  close(): Promise<void>;
}

const PATH = /^\/v1\/text-to-speech\/([^/]+)\/multi-stream-input$/;
const MAX_LIVE_CONTEXTS = 5;
const DEFAULT_SCHEDULE = [120, 160, 250, 290];
/** Loud μ-law bytes (|sample| ≥ 2000), handed out one per context id. */
const LOUD_BYTES = Array.from({ length: 256 }, (_, b) => b).filter((b) => Math.abs(decodeMulaw(b)) >= 2000);

export async function startFakeElevenLabsStream(
  options: { apiKey?: string; firstByteDelayMs?: number; chunkMs?: number; chunkIntervalMs?: number; msPerCharacter?: number } = {},
): Promise<FakeElevenLabsStream> {
  const apiKey = options.apiKey ?? `sk_fake_${randomUUID().replace(/-/g, "")}`;
  const bytes = new Map<string, number>();

  const ws = await startFakeWsServer<ElevenLabsStreamConnection>({
    check: (url, req) => (!PATH.test(url.pathname) ? 404 : req.headers["xi-api-key"] !== apiKey ? 401 : 101),
    errorBody: (status) => ({
      detail:
        status === 401 ? { status: "invalid_api_key", message: "Invalid API key" }
        : status === 404 ? { status: "not_found", message: "Not found" }
        : { status: "error", message: `HTTP ${status}` },
    }),
    dropReason: "internal error",
    accept(url, req, socket) {
      const connection: ElevenLabsStreamConnection = {
        voiceId: decodeURIComponent(PATH.exec(url.pathname)![1]!),
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        messages: [],
        contexts: [],
        audioBytes: 0,
        open: true,
        closedByClient: true,
        closeCode: null,
      };
      const session = new Session(fake, connection, socket);
      return { record: connection, onMessage: (data) => session.message(data.toString("utf8")), onClose: () => session.stop() };
    },
  });

  const chunkMs = options.chunkMs ?? 100;

  const fake: FakeElevenLabsStream = {
    baseUrl: `http://127.0.0.1:${ws.port}`,
    wsUrl: `ws://127.0.0.1:${ws.port}`,
    apiKey,
    firstByteDelayMs: options.firstByteDelayMs ?? 0,
    chunkMs,
    chunkIntervalMs: options.chunkIntervalMs ?? chunkMs / 10,
    msPerCharacter: options.msPerCharacter ?? 60,
    audioAfterCloseChunks: 0,
    contextByte(contextId) {
      let byte = bytes.get(contextId);
      if (byte === undefined) {
        byte = LOUD_BYTES[bytes.size % LOUD_BYTES.length]!;
        bytes.set(contextId, byte);
      }
      return byte;
    },
    connections: ws.connections,
    refused: ws.refused,
    dropAll: ws.dropAll,
    refuseNext: ws.refuseNext,
    close: ws.close,
  };
  return fake;
}

type Job = { kind: "speak"; text: string } | { kind: "final" };

interface LiveContext {
  record: ElevenLabsContext;
  buffer: string;
  jobs: Job[];
  /** A job runner is working through `jobs`. */
  running: boolean;
  /** The latest runner, to wait for. */
  runner: Promise<void>;
  /** After a close without flush: audio messages still to send (the frames in flight). */
  cutAfter: number | null;
  scheduleIndex: number;
}

interface ClientMessage {
  text?: unknown;
  context_id?: unknown;
  flush?: unknown;
  close_context?: unknown;
  close_socket?: unknown;
  voice_settings?: unknown;
  generation_config?: { chunk_length_schedule?: unknown };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Session {
  private readonly contexts = new Map<string, LiveContext>();
  private idleTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly fake: FakeElevenLabsStream,
    private readonly connection: ElevenLabsStreamConnection,
    private readonly ws: WebSocket,
  ) {
    this.touch();
  }


  /** Restarts the inactivity timer (any client message does). */
  private touch() {
    clearTimeout(this.idleTimer);
    const seconds = Number(this.connection.query.inactivity_timeout ?? 20) || 20;
    this.idleTimer = setTimeout(() => {
      this.closeWith(1008, `Have not received a new text input within the timeout of ${seconds} seconds. Streaming input terminated. Please send a text input to keep the connection open.`);
    }, seconds * 1000);
  }

  stop() {
    clearTimeout(this.idleTimer);
  }

  private send(message: Record<string, unknown>) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private closeWith(code: number, reason: string) {
    this.closing = true;
    this.connection.closedByClient = false;
    this.ws.close(code, reason.slice(0, 120));
  }

  private fail(error: string, message: string) {
    this.send({ message, error, code: 1008 });
    this.closeWith(1008, message);
  }

  message(raw: string) {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    this.touch();
    let message: ClientMessage;
    try {
      message = JSON.parse(raw) as ClientMessage;
      if (typeof message !== "object" || message === null) throw new Error("not an object");
    } catch {
      this.connection.messages.push({ unparsed: raw });
      return this.fail("invalid_input_message", "Could not parse input message. Please check the message format.");
    }
    this.connection.messages.push(message as Record<string, unknown>);

    if (message.close_socket === true) return void this.closeSocket();
    const text = typeof message.text === "string" ? message.text : undefined;
    const id = typeof message.context_id === "string" ? message.context_id : undefined;
    // {"text": ""} without a context only keeps the socket alive.
    if (id === undefined && text === "" && message.flush !== true && message.close_context !== true) return;

    const context = this.context(id ?? "default", message);
    if (!context) return;
    if (text !== undefined) {
      context.record.text += text;
      context.buffer += text;
      this.maybeGenerate(context);
    }
    if (message.flush === true) {
      context.record.flushes++;
      this.generate(context);
    }
    if (message.close_context === true) {
      context.record.closed = true;
      this.contexts.delete(context.record.id);
      if (message.flush === true) {
        context.jobs.push({ kind: "final" });
        this.run(context);
      } else {
        context.jobs = [];
        context.buffer = "";
        context.cutAfter = this.fake.audioAfterCloseChunks;
        if (!context.running || context.cutAfter === 0) this.final(context);
      }
    }
  }

  /** The live context `id`, opened by this message when there is none (null: over the limit, the socket is closing). */
  private context(id: string, message: ClientMessage): LiveContext | null {
    const existing = this.contexts.get(id);
    if (existing) return existing;
    if (this.contexts.size >= MAX_LIVE_CONTEXTS) {
      this.fail("max_active_conversations", `Maximum simultaneous contexts per WebSocket connection exceeded (${MAX_LIVE_CONTEXTS}). Please close an existing context before opening a new one.`);
      return null;
    }
    const record: ElevenLabsContext = {
      id,
      text: "",
      voiceSettings: message.voice_settings ?? null,
      generationConfig: message.generation_config ?? null,
      flushes: 0,
      closed: false,
      final: false,
      audioBytes: 0,
    };
    this.connection.contexts.push(record);
    const context: LiveContext = { record, buffer: "", jobs: [], running: false, runner: Promise.resolve(), cutAfter: null, scheduleIndex: 0 };
    this.contexts.set(id, context);
    return context;
  }

  /** Generation without a flush: a finished sentence in auto mode, else the chunk schedule. */
  private maybeGenerate(context: LiveContext) {
    const buffered = context.buffer.trim();
    if (!buffered) return;
    if (this.connection.query.auto_mode === "true") {
      if (/[.!?]["')\]]*$/.test(buffered)) this.generate(context);
      return;
    }
    const config = context.record.generationConfig as ClientMessage["generation_config"] | null;
    const schedule = Array.isArray(config?.chunk_length_schedule) ? (config.chunk_length_schedule as number[]) : DEFAULT_SCHEDULE;
    const threshold = schedule[Math.min(context.scheduleIndex, schedule.length - 1)] ?? Infinity;
    if (buffered.length >= threshold) {
      context.scheduleIndex++;
      this.generate(context);
    }
  }

  private generate(context: LiveContext) {
    const text = context.buffer.trim();
    context.buffer = "";
    if (!text) return;
    context.jobs.push({ kind: "speak", text });
    this.run(context);
  }

  /** Works through the context's jobs in order, one runner at a time. */
  private run(context: LiveContext) {
    if (context.running) return;
    context.running = true;
    context.runner = this.work(context);
  }

  private async work(context: LiveContext) {
    for (let job = context.jobs.shift(); job; job = context.jobs.shift()) {
      if (job.kind === "final") {
        this.final(context);
        continue;
      }
      if (this.fake.firstByteDelayMs > 0) await sleep(this.fake.firstByteDelayMs);
      const total = Math.round(job.text.length * this.fake.msPerCharacter * 8);
      const size = Math.max(1, Math.round(this.fake.chunkMs * 8));
      for (let sent = 0; sent < total; sent += size) {
        if (this.ws.readyState !== this.ws.OPEN || context.cutAfter === 0) break;
        if (context.cutAfter !== null) context.cutAfter--;
        const audio = Buffer.alloc(Math.min(size, total - sent), this.fake.contextByte(context.record.id));
        context.record.audioBytes += audio.length;
        this.connection.audioBytes += audio.length;
        this.send({ audio: audio.toString("base64"), contextId: context.record.id, isFinal: false });
        if (this.fake.chunkIntervalMs > 0 && sent + size < total) await sleep(this.fake.chunkIntervalMs);
      }
      if (context.cutAfter !== null) break;
    }
    // Cleared in the same turn as the last look at `jobs`, so a job pushed later starts a new runner.
    context.running = false;
    if (context.cutAfter !== null) this.final(context);
  }

  private final(context: LiveContext) {
    if (context.record.final) return;
    context.record.final = true;
    this.send({ isFinal: true, contextId: context.record.id });
  }

  /** close_socket: what was flushed finishes, every open context gets its isFinal, then close 1000. */
  private async closeSocket() {
    const open = [...this.contexts.values()];
    this.contexts.clear();
    for (const context of open) {
      context.record.closed = true;
      context.jobs.push({ kind: "final" });
      this.run(context);
    }
    this.closing = true;
    await Promise.all(open.map((context) => context.runner));
    this.connection.closedByClient = false;
    this.ws.close(1000);
  }
}
