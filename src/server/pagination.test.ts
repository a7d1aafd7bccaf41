import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createdAtCursor, cursorCodec, cursorDate, olderThan } from "./pagination";

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("keyset cursors", () => {
  it("gives back the key it was made from", () => {
    const at = new Date("2026-03-01T09:30:00.123Z");
    expect(createdAtCursor.decode(createdAtCursor.encode([at, "m1"]))).toEqual([at, "m1"]);
    // The format clients already hold: base64url JSON of [ISO timestamp, id].
    expect(createdAtCursor.encode([at, "m1"])).toBe(encoded(["2026-03-01T09:30:00.123Z", "m1"]));
  });

  it("refuses text that is not a cursor of the key's shape with a cursor field error", () => {
    const kinds = cursorCodec(cursorDate, z.enum(["task", "call"]), z.string());
    for (const bad of [
      "garbage",
      encoded("2026-03-01"),
      encoded(["not a date", "task", "t1"]),
      encoded(["2026-03-01T00:00:00.000Z", "note", "t1"]),
      encoded(["2026-03-01T00:00:00.000Z", "task"]),
      encoded(["2026-03-01T00:00:00.000Z", "task", "t1", "extra"]),
      encoded(["2026-03-01T00:00:00.000Z", "task", 7]),
    ]) {
      expect(() => kinds.decode(bad), bad).toThrow(
        expect.objectContaining({ code: "BAD_REQUEST", message: "Invalid cursor." }),
      );
    }
  });

  it("continues after the key in newest-first order, ties broken by id", () => {
    const at = new Date("2026-03-01T00:00:00.000Z");
    expect(olderThan([at, "b"])).toEqual({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: "b" } }] });
  });
});
