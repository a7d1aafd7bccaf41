/**
 * When each moment of the caller's audio arrived. Deepgram reports times as offsets into the audio
 * sent to it; the turn latency starts at the wall time the caller's last word reached us, so the
 * arrival time of every frame is kept (20 ms each: 3,000 a minute, pruned past `keepMs`).
 */
export class AudioClock {
  private offsets: number[] = [];
  private arrivals: number[] = [];
  private receivedMs = 0;

  constructor(
    private readonly clock: () => number,
    private readonly keepMs = 120_000,
  ) {}

  /** μ-law 8 kHz bytes just arrived. */
  add(bytes: number): void {
    this.receivedMs += bytes / 8;
    this.offsets.push(this.receivedMs);
    this.arrivals.push(this.clock());
    if (this.offsets.length > 1 && this.receivedMs - this.offsets[0]! > this.keepMs * 1.5) {
      const cut = this.offsets.findIndex((offset) => offset >= this.receivedMs - this.keepMs);
      this.offsets.splice(0, cut);
      this.arrivals.splice(0, cut);
    }
  }

  /** Audio received so far, in ms. */
  get audioMs(): number {
    return this.receivedMs;
  }

  /** The wall time (clock ms) the audio at `offsetMs` arrived; null when not known. */
  arrivalOf(offsetMs: number): number | null {
    let low = 0;
    let high = this.offsets.length - 1;
    if (high < 0 || offsetMs > this.offsets[high]! || offsetMs < 0) return null;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.offsets[mid]! < offsetMs) low = mid + 1;
      else high = mid;
    }
    return this.arrivals[low]!;
  }
}
