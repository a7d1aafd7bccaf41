import { describe, expect, it } from "vitest";
import { resolveRange } from "./range";

describe("resolveRange", () => {
  it("resolves the three single-range forms, clamped to the file", () => {
    expect(resolveRange("bytes=0-99", 1000)).toEqual({ kind: "partial", start: 0, end: 99 });
    expect(resolveRange("bytes=900-", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(resolveRange("bytes=-100", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(resolveRange("bytes=-5000", 1000)).toEqual({ kind: "partial", start: 0, end: 999 });
    expect(resolveRange("bytes=990-5000", 1000)).toEqual({ kind: "partial", start: 990, end: 999 });
    expect(resolveRange(" Bytes = 5-5 ", 1000)).toEqual({ kind: "partial", start: 5, end: 5 });
  });

  it("is unsatisfiable past the end, for -0, and for any range of an empty file", () => {
    expect(resolveRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=1000-2000", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(resolveRange("bytes=-10", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("serves the whole file for no header, other units, malformed values and several ranges", () => {
    for (const header of [null, "", "items=0-1", "bytes=", "bytes=-", "bytes=abc", "bytes=5-1", "bytes=0-1,5-9", "bytes=1e3-"]) {
      expect(resolveRange(header, 1000), String(header)).toEqual({ kind: "full" });
    }
  });
});
