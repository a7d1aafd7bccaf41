/**
 * Streamed model text → sentence-sized pieces for speech. A piece ends at . ! ? or a line break
 * followed by whitespace; a long run without one is cut at a comma, semicolon or dash once it
 * passes `softLimit` characters, so speech can start before a long sentence is complete.
 * Written by hand: sentence splitters (Intl.Segmenter included) want the whole text, and here the
 * question is only "is there a speakable piece yet" on a growing buffer.
 */
export class SentenceChunker {
  private buffer = "";

  constructor(private readonly softLimit = 120) {}

  /** Adds a delta; returns the pieces it completed. */
  push(delta: string): string[] {
    this.buffer += delta;
    const pieces: string[] = [];
    for (;;) {
      const end = this.boundary();
      if (end < 0) break;
      const piece = this.buffer.slice(0, end).trim();
      this.buffer = this.buffer.slice(end);
      if (piece) pieces.push(piece);
    }
    return pieces;
  }

  /** What is left at the end of the reply. */
  flush(): string | null {
    const rest = this.buffer.trim();
    this.buffer = "";
    return rest || null;
  }

  private boundary(): number {
    // "Dr. Smith" or "3.5" would split here too; on the phone a slightly early cut is harmless.
    const sentence = /[.!?…]+["')\]]*\s|\n\s*/.exec(this.buffer);
    if (sentence) return sentence.index + sentence[0].length;
    if (this.buffer.length < this.softLimit) return -1;
    const soft = /[,;:—–-]\s/g;
    let cut = -1;
    for (let match = soft.exec(this.buffer); match; match = soft.exec(this.buffer)) cut = match.index + match[0].length;
    return cut;
  }
}
