import type { WebSocket } from "ws";
import { z } from "zod";

/**
 * Telnyx's media-stream frames, both ways (docs/voice/telnyx-and-anthropic.md). Telnyx sends
 * `connected`, `start` (the stream and its format), `media` (base64 RTP payload, 20 ms of μ-law
 * per frame), `dtmf`, `mark` (a mark we sent was reached), `error` and `stop`. With
 * `stream_bidirectional_mode: "rtp"` we send `media` (μ-law to play), `mark` and `clear` (drop
 * what is queued: barge-in). Frames are parsed loosely: unknown fields and events are ignored.
 */

const startFrame = z.object({
  event: z.literal("start"),
  stream_id: z.string().optional(),
  start: z
    .object({
      call_control_id: z.string().optional(),
      media_format: z.object({ encoding: z.string().optional(), sample_rate: z.coerce.number().optional() }).partial().optional(),
    })
    .partial()
    .optional(),
});
const mediaFrame = z.object({
  event: z.literal("media"),
  media: z.object({ track: z.string().optional(), payload: z.string() }),
});
const dtmfFrame = z.object({ event: z.literal("dtmf"), dtmf: z.object({ digit: z.string() }) });
const markFrame = z.object({ event: z.literal("mark"), mark: z.object({ name: z.string() }) });
const otherFrame = z.object({ event: z.enum(["connected", "stop", "error"]) });

export type InboundFrame =
  | { event: "connected" }
  | { event: "start"; streamId: string | null; callControlId: string | null; encoding: string | null; sampleRate: number | null }
  | { event: "media"; track: string | null; audio: Buffer }
  | { event: "dtmf"; digit: string }
  | { event: "mark"; name: string }
  | { event: "stop" }
  | { event: "error" };

/** A frame as text → the typed frame; null for malformed JSON, an unknown event or missing fields. */
export function parseInboundFrame(text: string): InboundFrame | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const media = mediaFrame.safeParse(json);
  if (media.success) return { event: "media", track: media.data.media.track ?? null, audio: Buffer.from(media.data.media.payload, "base64") };
  const start = startFrame.safeParse(json);
  if (start.success) {
    const format = start.data.start?.media_format;
    return {
      event: "start",
      streamId: start.data.stream_id ?? null,
      callControlId: start.data.start?.call_control_id ?? null,
      encoding: format?.encoding ?? null,
      sampleRate: format?.sample_rate ?? null,
    };
  }
  const dtmf = dtmfFrame.safeParse(json);
  if (dtmf.success) return { event: "dtmf", digit: dtmf.data.dtmf.digit };
  const mark = markFrame.safeParse(json);
  if (mark.success) return { event: "mark", name: mark.data.mark.name };
  const other = otherFrame.safeParse(json);
  return other.success ? { event: other.data.event } : null;
}

/** What the voice process sends on an authenticated stream. */
export class MediaStreamConnection {
  constructor(private readonly socket: WebSocket) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** μ-law 8 kHz audio to play to the caller (any length from 20 ms; Telnyx queues it). */
  sendAudio(audio: Buffer): void {
    if (this.open) this.socket.send(JSON.stringify({ event: "media", media: { payload: audio.toString("base64") } }));
  }

  /** Telnyx reports back with a `mark` frame of this name once the audio sent before it has played. */
  mark(name: string): void {
    if (this.open) this.socket.send(JSON.stringify({ event: "mark", mark: { name } }));
  }

  /** Drops the audio Telnyx has queued but not played (the caller started talking). */
  clear(): void {
    if (this.open) this.socket.send(JSON.stringify({ event: "clear" }));
  }

  close(code = 1000, reason = "done"): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }
}
