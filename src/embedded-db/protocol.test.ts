/**
 * How the engine thread tells a broken PGlite from a working one (engine-worker.ts): which rounds
 * must end with ReadyForQuery, and a PANIC among PGlite's answers.
 */
import { describe, expect, it } from "vitest";
import {
  F,
  copyFailMessage,
  errorResponse,
  panicMessage,
  queryMessage,
  readyForQuery,
  roundExpectsReady,
  syncMessage,
} from "./protocol";

function frontend(type: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** An ErrorResponse with any severity (errorResponse() only writes the ones the proxy sends). */
function severityError(severity: string, message: string): Buffer {
  return frontend(0x45 /* E */, Buffer.from(`S${severity}\0V${severity}\0CXX000\0M${message}\0\0`, "utf8"));
}

describe("roundExpectsReady", () => {
  it("expects ReadyForQuery after a Query, a Sync or a FunctionCall, also with the COPY safety net after it", () => {
    expect(roundExpectsReady(queryMessage("select 1"))).toBe(true);
    const extended = Buffer.concat([frontend(F.Parse, Buffer.from("\0select 1\0\0\0")), frontend(F.Bind), frontend(F.Execute), syncMessage()]);
    expect(roundExpectsReady(extended)).toBe(true);
    expect(roundExpectsReady(frontend(F.FunctionCall))).toBe(true);
    expect(roundExpectsReady(Buffer.concat([queryMessage("copy t from stdin"), copyFailMessage("no")]))).toBe(true);
  });

  it("does not expect it mid-extended-protocol or after a Flush", () => {
    expect(roundExpectsReady(Buffer.concat([frontend(F.Parse, Buffer.from("\0select 1\0\0\0")), frontend(F.Bind)]))).toBe(false);
    expect(roundExpectsReady(Buffer.concat([syncMessage(), frontend(F.Parse, Buffer.from("\0select 1\0\0\0"))]))).toBe(false);
    expect(roundExpectsReady(Buffer.concat([frontend(F.Execute), frontend(F.Flush)]))).toBe(false);
    expect(roundExpectsReady(Buffer.alloc(0))).toBe(false);
  });
});

describe("panicMessage", () => {
  it("finds a PANIC among other messages, and only a PANIC", () => {
    const panic = severityError("PANIC", "ERRORDATA_STACK_SIZE exceeded");
    expect(panicMessage(Buffer.concat([readyForQuery("I"), panic, readyForQuery("I")]))).toBe("ERRORDATA_STACK_SIZE exceeded");
    const error = errorResponse({ severity: "ERROR", code: "42601", message: "syntax error" });
    expect(panicMessage(Buffer.concat([error, readyForQuery("I")]))).toBeNull();
    expect(panicMessage(Buffer.alloc(0))).toBeNull();
    // A truncated stream is read as far as it is whole.
    expect(panicMessage(panic.subarray(0, panic.length - 3))).toBeNull();
  });
});
