import { describe, expect, it } from "vitest";
import { generateTelnyxKeyPair, signWebhook } from "~/test/fakes/telnyx-webhooks";
import { ed25519PublicKeyFromBase64, InvalidPublicKeyError, verifyTelnyxSignature } from "./signature";

const keys = generateTelnyxKeyPair();
const otherKeys = generateTelnyxKeyPair();

describe("signature verification", () => {
  const body = Buffer.from('{"data":{"id":"x","event_type":"call.initiated"}}');
  const now = new Date("2026-11-23T12:00:00Z");
  const ts = Math.floor(now.getTime() / 1000);

  it("accepts Telnyx's signature over `timestamp|body` and refuses everything else", () => {
    const key = ed25519PublicKeyFromBase64(keys.publicKeyBase64);
    const signed = signWebhook(keys, body.toString(), ts);
    const signature = signed.headers["telnyx-signature-ed25519"];
    const check = (overrides: Partial<Parameters<typeof verifyTelnyxSignature>[0]>) =>
      verifyTelnyxSignature({ publicKey: key, rawBody: body, signature, timestamp: String(ts), now, ...overrides });

    expect(check({})).toEqual({ ok: true, timestamp: ts });
    expect(check({ rawBody: Buffer.from(body.toString().replace("x", "y")) })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(check({ timestamp: String(ts + 1) })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(check({ signature: signWebhook(otherKeys, body.toString(), ts).headers["telnyx-signature-ed25519"] })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(check({ signature: undefined })).toMatchObject({ ok: false, reason: "missing_signature" });
    expect(check({ timestamp: null })).toMatchObject({ ok: false, reason: "missing_signature" });
    expect(check({ signature: "not base64!" })).toMatchObject({ ok: false, reason: "malformed_signature" });
    expect(check({ signature: Buffer.alloc(10).toString("base64") })).toMatchObject({ ok: false, reason: "malformed_signature" });
    expect(check({ timestamp: "12.5" })).toMatchObject({ ok: false, reason: "malformed_timestamp" });
    // Exactly 300 s either way is still inside the window; 301 is not.
    expect(check({ now: new Date((ts + 300) * 1000) })).toMatchObject({ ok: true });
    expect(check({ now: new Date((ts - 300) * 1000) })).toMatchObject({ ok: true });
    expect(check({ now: new Date((ts + 301) * 1000) })).toMatchObject({ ok: false, reason: "stale_timestamp" });
    expect(check({ now: new Date((ts - 301) * 1000) })).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("verifies the body's exact bytes (non-ASCII text included)", () => {
    const key = ed25519PublicKeyFromBase64(keys.publicKeyBase64);
    const text = '{"data":{"id":"ü","event_type":"message.received","payload":{"text":"Grüße 👋"}}}';
    const signed = signWebhook(keys, text, ts);
    expect(
      verifyTelnyxSignature({ publicKey: key, rawBody: Buffer.from(text, "utf8"), signature: signed.headers["telnyx-signature-ed25519"], timestamp: String(ts), now }),
    ).toMatchObject({ ok: true });
  });

  it("explains a malformed public key", () => {
    expect(() => ed25519PublicKeyFromBase64("abc")).toThrow(InvalidPublicKeyError);
    expect(() => ed25519PublicKeyFromBase64(Buffer.alloc(31).toString("base64"))).toThrow(/32-byte/);
  });
});
