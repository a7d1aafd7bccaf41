import { describe, expect, it } from "vitest";
import { callChunks, CHUNK_MAX_CHARS, CHUNK_MIN_CHARS, MAX_CHUNK_TEXT_CHARS } from "./chunks";

/** A segment of `chars` characters (words of "ab"), `start`–`end` seconds. */
const segment = (start: number, end: number, chars: number, speaker = 0) => ({ speaker, start, end, text: "ab ".repeat(chars / 3).trim().padEnd(chars, "x") });

describe("callChunks", () => {
  it("groups consecutive segments into pieces of 400–800 characters, each from its first segment's start to its last one's end", () => {
    // 10 segments of 150 characters, 10 s each: three segments (452 chars with spaces) reach the minimum.
    const segments = Array.from({ length: 10 }, (_, i) => segment(i * 10, i * 10 + 9.5, 150, i % 2));
    const chunks = callChunks(segments);
    expect(chunks.map((c) => [c.seq, c.startSeconds, c.endSeconds])).toEqual([
      [0, 0, 29.5],
      [1, 30, 59.5],
      [2, 60, 89.5],
      [3, 90, 99.5],
    ]);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text.length).toBeGreaterThanOrEqual(CHUNK_MIN_CHARS);
      expect(chunk.text.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
    }
    expect(chunks.map((c) => c.text).join(" ")).toBe(segments.map((s) => s.text).join(" "));
  });

  it("never splits a segment: one that would overflow a piece starts the next, a very long one is a piece of its own", () => {
    const chunks = callChunks([segment(0, 5, 300), segment(5, 60, 2_000), segment(60, 64, 100), segment(64, 70, 100)]);
    expect(chunks.map((c) => [c.startSeconds, c.endSeconds, c.text.length])).toEqual([
      [0, 5, 300],
      [5, 60, 2_000],
      [60, 70, 201],
    ]);
    const huge = callChunks([segment(0, 600, 20_000)]);
    expect(huge).toHaveLength(1);
    expect(huge[0]!.text).toHaveLength(MAX_CHUNK_TEXT_CHARS);
    expect(huge[0]!.endSeconds).toBe(600);
  });

  it("tolerates malformed stored segments: skips what has no text or no start, and reads no array as none", () => {
    expect(callChunks(null)).toEqual([]);
    expect(callChunks({ segments: [] })).toEqual([]);
    expect(callChunks("text")).toEqual([]);
    const chunks = callChunks([
      null,
      7,
      { start: 1, end: 2 },
      { start: "3", end: 4, text: "a string start" },
      { start: 5, end: 6, text: "   " },
      { start: Number.NaN, end: 1, text: "not a number" },
      { speaker: 1, start: 10, text: "no end" },
      { speaker: 0, start: 12, end: 11, text: "ends before it starts" },
      { start: 13, end: 15, text: "  fine \n text  " },
    ]);
    expect(chunks).toEqual([{ seq: 0, startSeconds: 10, endSeconds: 15, text: "no end ends before it starts fine text" }]);
  });
});
