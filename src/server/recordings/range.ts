/**
 * The part of RFC 9110 §14 that audio seeking needs, hand-written because no Range parser is a
 * dependency of the project (Next.js bundles one only inside its compiled internals).
 *
 * - No header, another unit, or a malformed value: the whole file (the RFC lets a server
 *   ignore a Range it does not understand; a 200 is always a correct answer).
 * - Several ranges ("bytes=0-1,5-9"): the whole file as well. Multipart/byteranges answers are
 *   not implemented: media elements never ask for them, and a 200 is an allowed reply.
 * - `a-b`, `a-`, `-n`: that range, clamped to the file; one starting at or past the end (or
 *   `-0`, or any range of an empty file) is unsatisfiable (416).
 */
export type RangeResolution =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

const SPEC = /^(\d{0,15})-(\d{0,15})$/;

export function resolveRange(header: string | null | undefined, size: number): RangeResolution {
  const full = { kind: "full" } as const;
  if (!header) return full;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return full;
  const specs = match[1]!.split(",").map((s) => s.trim());
  if (specs.length !== 1) return full;
  const parts = SPEC.exec(specs[0]!);
  if (!parts) return full;
  const [, first, last] = parts as unknown as [string, string, string];

  if (first === "") {
    if (last === "") return full;
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return full;
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}
