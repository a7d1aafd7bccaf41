import { createPublicKey, verify, type KeyObject } from "node:crypto";

/**
 * Telnyx webhook signatures (Ed25519): `telnyx-signature-ed25519` is the base64 signature of
 * `${telnyx-timestamp}|${raw body}` (bytes exactly as received), made with the account's key
 * pair; the public key is shown in Mission Control as base64 of the raw 32-byte key.
 */

export const SIGNATURE_HEADER = "telnyx-signature-ed25519";
export const TIMESTAMP_HEADER = "telnyx-timestamp";
/** Older (or further in the future) than this and a signed request is a replay: refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type RejectionReason =
  | "not_configured"
  | "missing_signature"
  | "malformed_signature"
  | "bad_signature"
  | "malformed_timestamp"
  | "stale_timestamp"
  | "too_large";

export class InvalidPublicKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidPublicKeyError";
  }
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeStrictBase64(value: string): Buffer | null {
  const text = value.trim();
  if (!text || text.length % 4 !== 0 || !STRICT_BASE64.test(text)) return null;
  return Buffer.from(text, "base64");
}

/** A KeyObject from Telnyx's base64 public key (raw 32 bytes, as a JWK "OKP"/"Ed25519"). */
export function ed25519PublicKeyFromBase64(base64: string): KeyObject {
  const raw = decodeStrictBase64(base64);
  if (!raw || raw.length !== 32) {
    throw new InvalidPublicKeyError(
      `TELNYX_PUBLIC_KEY must be the base64 of a 32-byte Ed25519 key (got ${raw ? `${raw.length} bytes` : "text that is not base64"}).`,
    );
  }
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
}

const keyCache = new Map<string, KeyObject>();

/** Parsed once per distinct key text. */
export function cachedPublicKey(base64: string): KeyObject {
  let key = keyCache.get(base64);
  if (!key) {
    key = ed25519PublicKeyFromBase64(base64);
    if (keyCache.size > 8) keyCache.clear();
    keyCache.set(base64, key);
  }
  return key;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: RejectionReason; message: string };

export function verifyTelnyxSignature(input: {
  publicKey: KeyObject;
  rawBody: Uint8Array;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) {
    return { ok: false, reason: "missing_signature", message: "Missing telnyx-signature-ed25519 or telnyx-timestamp header." };
  }
  const ts = timestamp.trim();
  if (!/^\d{1,15}$/.test(ts)) {
    return { ok: false, reason: "malformed_timestamp", message: "telnyx-timestamp is not a Unix time in seconds." };
  }
  const seconds = Number(ts);
  const skew = Math.abs(input.now.getTime() / 1000 - seconds);
  if (skew > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) {
    return { ok: false, reason: "stale_timestamp", message: "telnyx-timestamp is more than 300 seconds away from now." };
  }
  const sig = decodeStrictBase64(signature);
  if (!sig || sig.length !== 64) {
    return { ok: false, reason: "malformed_signature", message: "telnyx-signature-ed25519 is not a base64 Ed25519 signature." };
  }
  // The signed message is the header text exactly as sent, a '|', then the body's bytes.
  const message = Buffer.concat([Buffer.from(`${timestamp}|`, "utf8"), input.rawBody]);
  let valid = false;
  try {
    valid = verify(null, message, input.publicKey, sig);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: "bad_signature", message: "Signature does not match the body." };
  return { ok: true, timestamp: seconds };
}
