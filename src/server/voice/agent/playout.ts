/**
 * Agent audio → Telnyx, paced close to real time. Telnyx plays what it is sent and queues the
 * rest; sending a whole reply at once would leave nothing for barge-in to stop but Telnyx's own
 * queue. Keeping only `leadMs` queued there means a barge-in's `clear` drops at most that much,
 * and the rest of the turn's audio is never sent.
 */

/** 20 ms of μ-law 8 kHz: the frame size Telnyx itself streams. */
export const FRAME_BYTES = 160;
const FRAME_MS = 20;

export interface PlayoutSink {
  send(frame: Buffer): void;
}

export class Playout {
  private queue: Buffer[] = [];
  private pending = Buffer.alloc(0);
  /** Wall time (ms) at which everything sent so far has played. */
  private playedBy = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private ended = false;

  constructor(
    private readonly sink: PlayoutSink,
    private readonly leadMs = 200,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Queues audio; frames go out as the lead allows (the first at once). */
  push(audio: Buffer): void {
    this.pending = Buffer.concat([this.pending, audio]);
    while (this.pending.length >= FRAME_BYTES) {
      this.queue.push(this.pending.subarray(0, FRAME_BYTES));
      this.pending = this.pending.subarray(FRAME_BYTES);
    }
    this.pump();
  }

  /** The turn's audio is complete: a partial last frame goes out too. */
  finish(): void {
    if (this.pending.length) {
      this.queue.push(this.pending);
      this.pending = Buffer.alloc(0);
    }
    this.ended = true;
    this.pump();
  }

  /** Drops everything not yet sent (barge-in); returns how many ms of audio were dropped. */
  stop(): number {
    const dropped = this.queue.reduce((sum, frame) => sum + frame.length, this.pending.length) / 8;
    this.queue = [];
    this.pending = Buffer.alloc(0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ended = true;
    this.playedBy = Math.min(this.playedBy, this.clock());
    this.wake();
    return dropped;
  }

  /** Audio is still queued here or still playing at Telnyx. */
  get busy(): boolean {
    return this.queue.length > 0 || this.pending.length > 0 || this.playedBy > this.clock();
  }

  /** Resolves once the finished turn's audio has been sent and played. */
  idle(): Promise<void> {
    if (this.ended && !this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ready for the next turn's audio. */
  reset(): void {
    this.ended = false;
  }

  private pump(): void {
    if (this.timer) return;
    const now = this.clock();
    if (this.playedBy < now) this.playedBy = now;
    while (this.queue.length && this.playedBy - now < this.leadMs) {
      const frame = this.queue.shift()!;
      this.sink.send(frame);
      this.playedBy += (frame.length / FRAME_BYTES) * FRAME_MS;
    }
    if (this.queue.length) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, Math.max(1, this.playedBy - now - this.leadMs + FRAME_MS));
    } else if (this.ended) {
      const wait = this.playedBy - now;
      if (wait <= 0) this.wake();
      else {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
      }
    }
  }

  private wake(): void {
    if (!(this.ended && !this.busy)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
