import { DeepgramClient } from "@deepgram/sdk";
import { ProviderLink } from "./provider-link";

/**
 * Caller audio → Deepgram live transcription (Nova, `listen.v1`), the events the conversation
 * needs and nothing else. μ-law 8 kHz is what Telnyx streams, so audio goes through untouched.
 * Options follow docs/voice/deepgram.md: booleans are strings in SDK 5's types, `reconnectAttempts: 0`
 * because a reconnect starts a new Deepgram session whose timestamps restart at zero (and a caller
 * cannot wait 1–5 s for it): a lost connection is a provider failure the session falls back from.
 */

export interface TranscriberConfig {
  apiKey: string;
  /** DEEPGRAM_API_BASE_URL (tests: the fake); unset: Deepgram's production endpoint. */
  baseUrl?: string;
  /** A Nova model (`listen.v1`), or a Flux one ("flux-general-en": `listen.v2`, its own turn detection). */
  model: string;
  /** Silence that ends an utterance (`speech_final`). */
  endpointingMs: number;
  /** The fallback end of utterance when noise keeps `speech_final` from coming. */
  utteranceEndMs: number;
}

export interface TranscriberEvents {
  /** Voice activity began, at this audio offset (ms from the first byte sent). */
  speechStarted(audioMs: number): void;
  /** A partial transcript of what is being said. */
  interim(text: string): void;
  /** Final words for a stretch of audio; `endOfUtterance`: the caller paused (speech_final). */
  final(text: string, endOfUtterance: boolean, lastWordEndMs: number | null): void;
  /** Deepgram's fallback end of utterance (UtteranceEnd). */
  utteranceEnd(lastWordEndMs: number | null): void;
  /**
   * Flux: the caller has probably finished (EagerEndOfTurn) with these words: a reply may start,
   * held back until `final` confirms the turn or `resumed` cancels it.
   */
  eagerEnd?(text: string, lastWordEndMs: number | null): void;
  /** Flux: the caller went on after an eager end of turn (TurnResumed). */
  resumed?(): void;
  /** The connection failed or closed unexpectedly: no more transcripts will come. */
  failed(error: Error): void;
}

export interface Transcriber {
  send(audio: Buffer): void;
  /** Transcribe what was sent so far now (Deepgram's Finalize). */
  finalize(): void;
  close(): void;
}

type Connection = Awaited<ReturnType<DeepgramClient["listen"]["v1"]["connect"]>>;

interface ResultsMessage {
  type: "Results";
  is_final?: boolean;
  speech_final?: boolean;
  channel?: { alternatives?: { transcript?: string; words?: { end?: number }[] }[] };
}

const seconds = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? Math.round(value * 1000) : null);

/** Nova or Flux, by the model's name. */
export function openTranscriber(config: TranscriberConfig, events: TranscriberEvents): Promise<Transcriber> {
  return config.model.startsWith("flux") ? openFluxTranscriber(config, events) : openNovaTranscriber(config, events);
}

async function openNovaTranscriber(config: TranscriberConfig, events: TranscriberEvents): Promise<Transcriber> {
  const client = new DeepgramClient({ apiKey: config.apiKey, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
  const connection: Connection = await client.listen.v1.connect({
    model: config.model,
    encoding: "mulaw",
    sample_rate: 8000,
    channels: 1,
    interim_results: "true",
    endpointing: config.endpointingMs,
    utterance_end_ms: config.utteranceEndMs,
    vad_events: "true",
    smart_format: "true",
    reconnectAttempts: 0,
    connectionTimeoutInSeconds: 5,
  });
  const link = new ProviderLink("Deepgram", events.failed);
  // One handler per event: the SDK replaces a handler registered twice (docs/voice/deepgram.md).
  connection.on("message", (message: unknown) => {
    const m = message as { type?: string } & Record<string, unknown>;
    if (m.type === "Results") {
      const results = m as unknown as ResultsMessage;
      const alternative = results.channel?.alternatives?.[0];
      const text = alternative?.transcript?.trim() ?? "";
      if (!results.is_final) {
        if (text) events.interim(text);
        return;
      }
      const words = alternative?.words ?? [];
      events.final(text, results.speech_final === true, seconds(words[words.length - 1]?.end));
    } else if (m.type === "SpeechStarted") {
      events.speechStarted(seconds(m.timestamp) ?? 0);
    } else if (m.type === "UtteranceEnd") {
      events.utteranceEnd(seconds(m.last_word_end));
    } else if (m.type === "Error") {
      link.fail(new Error(String(m.description ?? m.message ?? "error")));
    }
  });
  connection.on("error", (error: Error) => link.fail(error));
  connection.on("close", (event: { code?: number; reason?: string }) => link.closed(event.code, event.reason));
  connection.connect();
  await connection.waitForOpen();

  // Telnyx streams silence too, so audio normally flows; KeepAlive covers a stream that pauses.
  const keepAlive = setInterval(() => {
    try {
      connection.sendKeepAlive({ type: "KeepAlive" });
    } catch {
      // closed: the close handler reports it
    }
  }, 5_000);
  keepAlive.unref();

  return {
    send(audio) {
      if (!link.usable) return;
      try {
        connection.sendMedia(audio);
      } catch (error) {
        link.fail(error);
      }
    },
    finalize() {
      try {
        connection.sendFinalize({ type: "Finalize" });
      } catch {
        // closed already
      }
    },
    close() {
      if (!link.beginClose()) return;
      clearInterval(keepAlive);
      try {
        connection.sendCloseStream({ type: "CloseStream" });
      } catch {
        // not open
      }
      connection.close();
    },
  };
}

type FluxConnection = Awaited<ReturnType<DeepgramClient["listen"]["v2"]["connect"]>>;

interface TurnInfo {
  type: "TurnInfo";
  event: "Update" | "StartOfTurn" | "EagerEndOfTurn" | "TurnResumed" | "EndOfTurn" | string;
  transcript?: string;
  words?: { end?: number }[];
}

/** Flux sends no KeepAlive of its own; 80 ms chunks are what it recommends (docs/voice/deepgram.md). */
const FLUX_CHUNK_BYTES = 640;

/**
 * Flux (`listen.v2`): Deepgram's model decides the end of the turn, and with `eager_eot_threshold`
 * says early that the caller has probably finished, so the reply can start ~200 ms sooner and be
 * dropped if they go on. Its transcript is the whole turn's, so `final` carries all of it.
 */
async function openFluxTranscriber(config: TranscriberConfig, events: TranscriberEvents): Promise<Transcriber> {
  const client = new DeepgramClient({ apiKey: config.apiKey, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}) });
  const connection: FluxConnection = await client.listen.v2.connect({
    model: config.model,
    encoding: "mulaw",
    sample_rate: 8000,
    eot_threshold: 0.7,
    eager_eot_threshold: 0.5,
    eot_timeout_ms: 5_000,
    reconnectAttempts: 0,
    connectionTimeoutInSeconds: 5,
  });
  const link = new ProviderLink("Deepgram Flux", events.failed);
  let pending = Buffer.alloc(0);
  connection.on("message", (message: unknown) => {
    const m = message as { type?: string } & Record<string, unknown>;
    if (m.type === "Error") return link.fail(new Error(String(m.description ?? m.code ?? "error")));
    if (m.type !== "TurnInfo") return;
    const turn = m as unknown as TurnInfo;
    const text = turn.transcript?.trim() ?? "";
    const words = turn.words ?? [];
    const lastWordEnd = seconds(words[words.length - 1]?.end);
    switch (turn.event) {
      case "StartOfTurn":
        events.speechStarted(0);
        break;
      case "Update":
        if (text) events.interim(text);
        break;
      case "EagerEndOfTurn":
        if (text) events.eagerEnd?.(text, lastWordEnd);
        break;
      case "TurnResumed":
        events.resumed?.();
        break;
      case "EndOfTurn":
        events.final(text, true, lastWordEnd);
        break;
    }
  });
  connection.on("error", (error: Error) => link.fail(error));
  connection.on("close", (event: { code?: number; reason?: string }) => link.closed(event.code, event.reason));
  connection.connect();
  await connection.waitForOpen();
  return {
    send(audio) {
      if (!link.usable) return;
      pending = Buffer.concat([pending, audio]);
      if (pending.length < FLUX_CHUNK_BYTES) return;
      const chunk = pending;
      pending = Buffer.alloc(0);
      try {
        connection.sendMedia(chunk);
      } catch (error) {
        link.fail(error);
      }
    },
    finalize() {
      try {
        connection.sendForceEndTurn({ type: "ForceEndTurn" });
      } catch {
        // closed already
      }
    },
    close() {
      if (!link.beginClose()) return;
      try {
        connection.sendCloseStream({ type: "CloseStream" });
      } catch {
        // not open
      }
      connection.close();
    },
  };
}
