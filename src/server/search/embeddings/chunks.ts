/**
 * A call's transcript in time-stamped pieces (CallChunk rows), each embedded on its own so a
 * search by meaning finds the moment in a long call. Consecutive segments are grouped until a
 * piece holds at least CHUNK_MIN_CHARS; a segment that would take it past CHUNK_MAX_CHARS starts
 * the next piece instead. A segment is never split: one longer than CHUNK_MAX_CHARS is a piece of
 * its own (cut to MAX_CHUNK_TEXT_CHARS for the embedder, its seconds kept). A piece starts at its
 * first segment's start and ends at its last one's end.
 */

export const CHUNK_MIN_CHARS = 400;
export const CHUNK_MAX_CHARS = 800;
/** What the embedder reads of one piece at most (a monologue segment of a whole call). */
export const MAX_CHUNK_TEXT_CHARS = 8_000;

export interface CallChunk {
  seq: number;
  startSeconds: number;
  endSeconds: number;
  text: string;
}

interface Segment {
  start: number;
  end: number;
  text: string;
}

/** The segments stored JSON holds that can be placed in time: anything else is skipped. */
export function readSegments(value: unknown): Segment[] {
  if (!Array.isArray(value)) return [];
  const segments: Segment[] = [];
  for (const entry of value as unknown[]) {
    if (!entry || typeof entry !== "object") continue;
    const { start, end, text } = entry as Record<string, unknown>;
    if (typeof text !== "string" || !text.trim()) continue;
    if (typeof start !== "number" || !Number.isFinite(start) || start < 0) continue;
    // A missing or backwards end is the start (a zero-length segment still has its second).
    const finish = typeof end === "number" && Number.isFinite(end) && end >= start ? end : start;
    segments.push({ start, end: finish, text: text.trim().replace(/\s+/g, " ") });
  }
  return segments;
}

/** The transcript's pieces, in order (seq 0, 1, ...); none without usable segments. */
export function callChunks(transcriptSegments: unknown): CallChunk[] {
  const chunks: CallChunk[] = [];
  let current: Segment[] = [];
  let length = 0;
  const flush = () => {
    if (current.length === 0) return;
    chunks.push({
      seq: chunks.length,
      startSeconds: current[0]!.start,
      endSeconds: Math.max(...current.map((segment) => segment.end)),
      text: current.map((segment) => segment.text).join(" ").slice(0, MAX_CHUNK_TEXT_CHARS),
    });
    current = [];
    length = 0;
  };
  for (const segment of readSegments(transcriptSegments)) {
    const added = (current.length ? 1 : 0) + segment.text.length;
    if (current.length && length + added > CHUNK_MAX_CHARS) flush();
    current.push(segment);
    length += (current.length > 1 ? 1 : 0) + segment.text.length;
    if (length >= CHUNK_MIN_CHARS) flush();
  }
  flush();
  return chunks;
}
