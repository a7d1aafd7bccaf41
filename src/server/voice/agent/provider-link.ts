/**
 * The state every live provider connection of a call keeps (Deepgram, ElevenLabs): the first
 * failure is reported once, and nothing is reported after a close the conversation asked for
 * (its own close event is not a failure).
 */
export class ProviderLink {
  private closing = false;
  private down = false;

  constructor(
    private readonly name: string,
    private readonly failed: (error: Error) => void,
  ) {}

  /** Neither closed by us nor failed: worth sending to. */
  get usable(): boolean {
    return !this.closing && !this.down;
  }

  fail(error: unknown): void {
    if (!this.usable) return;
    this.down = true;
    const message = error instanceof Error ? error.message : String(error);
    this.failed(new Error(message.startsWith(this.name) ? message : `${this.name}: ${message}`));
  }

  /** The socket closed: a failure unless we closed it. */
  closed(code: number | undefined, reason: string | undefined): void {
    this.fail(new Error(`${this.name} closed the connection (${code ?? "no code"}${reason ? `: ${reason}` : ""})`));
  }

  /** Marks our own close; false when it was closed already. */
  beginClose(): boolean {
    if (this.closing) return false;
    this.closing = true;
    return true;
  }
}
