import { describe, expect, it } from "vitest";
import { signRecordingUrl, verifyRecordingSignature } from "./signed-url";

const SECRET = "test-secret-test-secret-test-secret-1234";
const now = new Date("2026-03-01T12:00:00Z");

function parts(url: string) {
  const parsed = new URL(url, "http://localhost");
  return { path: parsed.pathname, exp: parsed.searchParams.get("exp"), sig: parsed.searchParams.get("sig") };
}

describe("recording links", () => {
  const link = signRecordingUrl({ callId: "call1", userId: "user1", expiresAt: new Date(now.getTime() + 900_500) }, SECRET);
  const { path, exp, sig } = parts(link);
  const verify = (over: Partial<{ callId: string; userId: string; exp: string | null; sig: string | null; now: Date; secret: string }> = {}) =>
    verifyRecordingSignature({ callId: "call1", userId: "user1", exp, sig, now, ...over }, over.secret ?? SECRET);

  it("signs the call, its user and a whole-second expiry", () => {
    expect(path).toBe("/api/recordings/call1");
    expect(exp).toBe(String(Math.floor(now.getTime() / 1000) + 900));
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verify()).toBe("ok");
  });

  it("expires at exp", () => {
    expect(verify({ now: new Date(Number(exp) * 1000 - 1) })).toBe("ok");
    expect(verify({ now: new Date(Number(exp) * 1000) })).toBe("expired");
  });

  it("is invalid when anything was altered, for another user or call, or under another secret", () => {
    expect(verify({ exp: String(Number(exp) + 3600) })).toBe("invalid");
    expect(verify({ exp: `0${exp}` })).toBe("invalid");
    const flipped = (sig![0] === "A" ? "B" : "A") + sig!.slice(1);
    expect(verify({ sig: flipped })).toBe("invalid");
    expect(verify({ userId: "user2" })).toBe("invalid");
    expect(verify({ callId: "call2" })).toBe("invalid");
    expect(verify({ secret: `${SECRET}x` })).toBe("invalid");
    expect(verify({ exp: null })).toBe("invalid");
    expect(verify({ sig: null })).toBe("invalid");
    expect(verify({ sig: "short" })).toBe("invalid");
    expect(verify({ exp: "-1" })).toBe("invalid");
  });

  it("is invalid, not expired, when an expired link was also altered", () => {
    expect(verify({ userId: "user2", now: new Date(Number(exp) * 1000 + 1) })).toBe("invalid");
  });
});
