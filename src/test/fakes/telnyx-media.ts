import { randomUUID } from "node:crypto";
import WebSocket from "ws";

/**
 * Telnyx's side of a media stream, for tests: connects to the voice process the way Telnyx does
 * (the stream's `stream_auth_token` in `x-telnyx-streaming-auth-token` on the upgrade), sends its
 * frames (`connected`, `start`, 20 ms μ-law `media`, `dtmf`, `stop`) and records what the voice
 * process sends back (`media` to play, `mark`, `clear`).
 */

export interface SentBack {
  event: string;
  media?: { payload: string };
  mark?: { name: string };
}

export type StreamAttempt =
  | { accepted: true; stream: FakeTelnyxMediaStream }
  | { accepted: false; status: number };

export class FakeTelnyxMediaStream {
  readonly received: SentBack[] = [];
  readonly streamId = randomUUID();
  private sequence = 0;
  private chunk = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Called with each frame as it arrives (benchmarks time them). */
  onReceive: ((frame: SentBack) => void) | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly callControlId: string,
  ) {
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString("utf8")) as SentBack;
      this.received.push(frame);
      this.onReceive?.(frame);
    });
    this.closed = new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })));
  }

  /** Opens a stream to `url` with `token` (none: no header); resolves once accepted or refused. */
  static connect(url: string, token: string | null, callControlId = `v3:media-${randomUUID()}`): Promise<StreamAttempt> {
    const socket = new WebSocket(url, { headers: token === null ? {} : { "x-telnyx-streaming-auth-token": token } });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve({ accepted: true, stream: new FakeTelnyxMediaStream(socket, callControlId) }));
      socket.once("unexpected-response", (_req, res) => {
        resolve({ accepted: false, status: res.statusCode ?? 0 });
        socket.terminate();
      });
      socket.once("error", (error) => {
        if (socket.readyState !== WebSocket.CLOSED) reject(error);
      });
    });
  }

  private send(frame: Record<string, unknown>) {
    this.socket.send(JSON.stringify({ ...frame, sequence_number: String(++this.sequence) }));
  }

  /** The `connected` and `start` frames Telnyx opens every stream with (PCMU 8 kHz mono). */
  start(): void {
    this.socket.send(JSON.stringify({ event: "connected", version: "1.0.0" }));
    this.send({
      event: "start",
      stream_id: this.streamId,
      start: { call_control_id: this.callControlId, media_format: { encoding: "PCMU", sample_rate: 8000, channels: 1 } },
    });
  }

  /** Caller audio (μ-law) in 20 ms frames of 160 bytes, as Telnyx sends it. */
  sendAudio(audio: Buffer): void {
    for (let offset = 0; offset < audio.length; offset += 160) {
      const payload = audio.subarray(offset, offset + 160);
      this.send({ event: "media", stream_id: this.streamId, media: { track: "inbound", chunk: String(++this.chunk), timestamp: String(this.chunk * 20), payload: payload.toString("base64") } });
    }
  }

  sendDtmf(digit: string): void {
    this.send({ event: "dtmf", stream_id: this.streamId, dtmf: { digit } });
  }

  /** Anything as a raw text frame (malformed input, oversized frames). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  stop(): void {
    this.send({ event: "stop", stream_id: this.streamId, stop: { call_control_id: this.callControlId } });
    this.socket.close(1000);
  }
}
