import WebSocket from "ws";
import { ProviderLink } from "./provider-link";

/**
 * Text → ElevenLabs streaming speech over the `multi-stream-input` WebSocket, μ-law 8 kHz out, so
 * the audio goes to Telnyx as it comes. The SDK has no client for this socket (docs/voice/elevenlabs.md
 * §2a), hence `ws` by hand. One socket per call, opened when the call starts (pre-warmed: the first
 * reply does not pay for a TLS handshake), one context per agent turn: barge-in closes that turn's
 * context and any audio still arriving for it is dropped here.
 */

export interface SynthesizerConfig {
  apiKey: string;
  /** ELEVENLABS_API_BASE_URL (tests: the fake); the ws URL is derived from it like the SDK's own. */
  baseUrl?: string;
  voiceId: string;
  /** Flash v2.5 for live speech: the lowest time to first byte. */
  modelId: string;
}

export interface SynthesizerEvents {
  audio(contextId: string, audio: Buffer): void;
  /** Every audio chunk of this context has arrived. */
  done(contextId: string): void;
  failed(error: Error): void;
}

export interface Synthesizer {
  /** Speaks `text` in `contextId` (opened on first use); whole sentences, generated at once. */
  speak(contextId: string, text: string): void;
  /** The context's text is complete: its remaining audio comes, then `done`. */
  end(contextId: string): void;
  /** Stops a context: no more of its audio reaches `events.audio`. */
  cancel(contextId: string): void;
  close(): void;
}

export const DEFAULT_ELEVENLABS_ORIGIN = "https://api.elevenlabs.io";

export function synthesizerUrl(config: Pick<SynthesizerConfig, "baseUrl" | "voiceId" | "modelId">): string {
  const base = new URL(config.baseUrl ?? DEFAULT_ELEVENLABS_ORIGIN);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  const url = new URL(`v1/text-to-speech/${encodeURIComponent(config.voiceId)}/multi-stream-input`, base.href.endsWith("/") ? base : `${base.href}/`);
  url.searchParams.set("model_id", config.modelId);
  url.searchParams.set("output_format", "ulaw_8000");
  // Whole sentences are sent with flush: no chunk schedule to wait for.
  url.searchParams.set("auto_mode", "true");
  url.searchParams.set("inactivity_timeout", "180");
  return url.href;
}

export async function openSynthesizer(config: SynthesizerConfig, events: SynthesizerEvents): Promise<Synthesizer> {
  const socket = new WebSocket(synthesizerUrl(config), { headers: { "xi-api-key": config.apiKey }, handshakeTimeout: 5_000 });
  const opened = new Set<string>();
  const cancelled = new Set<string>();
  const link = new ProviderLink("ElevenLabs", events.failed);

  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_req, res) => reject(new Error(`ElevenLabs refused the stream (HTTP ${res.statusCode})`)));
    socket.once("error", (error) => reject(new Error(`ElevenLabs: ${error.message}`)));
  });
  socket.on("error", (error) => link.fail(error));
  socket.on("close", (code, reason) => link.closed(code, reason.toString()));
  socket.on("message", (data) => {
    let message: { audio?: string | null; isFinal?: boolean; is_final?: boolean; contextId?: string; context_id?: string; error?: string; message?: string };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      return;
    }
    const contextId = message.contextId ?? message.context_id;
    if (message.error && !contextId) return link.fail(new Error(message.message ?? message.error));
    if (!contextId || cancelled.has(contextId)) return;
    if (message.audio) events.audio(contextId, Buffer.from(message.audio, "base64"));
    if (message.isFinal || message.is_final) events.done(contextId);
  });

  const send = (message: object) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  // The connection closes after inactivity_timeout without input; a turn can be far apart.
  const keepAlive = setInterval(() => send({ text: "" }), 10_000);
  keepAlive.unref();

  return {
    speak(contextId, text) {
      if (!link.usable || cancelled.has(contextId)) return;
      if (!opened.has(contextId)) {
        opened.add(contextId);
        // A context's settings go in its first message only.
        send({ text: " ", context_id: contextId, voice_settings: { stability: 0.5, similarity_boost: 0.8, speed: 1 } });
      }
      send({ text: `${text} `, context_id: contextId, flush: true });
    },
    end(contextId) {
      if (!link.usable || cancelled.has(contextId)) return;
      // A context never spoken in has no audio to wait for.
      if (!opened.has(contextId)) return events.done(contextId);
      // close_context alone drops unflushed text; with flush, the rest is spoken, then isFinal.
      send({ context_id: contextId, flush: true, close_context: true });
    },
    cancel(contextId) {
      cancelled.add(contextId);
      if (opened.has(contextId)) send({ context_id: contextId, close_context: true });
    },
    close() {
      if (!link.beginClose()) return;
      clearInterval(keepAlive);
      send({ close_socket: true });
      socket.close(1000);
    },
  };
}
