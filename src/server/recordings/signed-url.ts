import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Short-lived playback links (docs/flows.md#recording-playback): `/api/recordings/<callId>?exp=<unix s>&sig=<mac>`
 * where mac = base64url HMAC-SHA256(secret, "<callId>.<userId>.<exp>").
 *
 * The user id is signed but not in the URL: a link verifies only for the user it was minted for,
 * so a leaked link is useless to anyone else's session. The secret is `recordingUrlSecret()`
 * (~/server/auth/derived-secret), a key derived from NEXTAUTH_SECRET for this purpose alone.
 */

export interface RecordingSignatureSubject {
  callId: string;
  userId: string;
}

export type SignatureCheck = "ok" | "expired" | "invalid";

function mac(subject: RecordingSignatureSubject, exp: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`${subject.callId}.${subject.userId}.${exp}`).digest();
}

/** The playback path for a call, valid until `expiresAt` (to the second, rounded down). */
export function signRecordingUrl(input: RecordingSignatureSubject & { expiresAt: Date }, secret: string): string {
  const exp = String(Math.floor(input.expiresAt.getTime() / 1000));
  const sig = mac(input, exp, secret).toString("base64url");
  return `/api/recordings/${encodeURIComponent(input.callId)}?exp=${exp}&sig=${sig}`;
}

/**
 * Checks a link's `exp` and `sig` query values for this call and user. The signature is checked
 * before the expiry, so "expired" is only ever said of a link we really issued.
 */
export function verifyRecordingSignature(
  input: RecordingSignatureSubject & { exp: string | null; sig: string | null; now: Date },
  secret: string,
): SignatureCheck {
  const { exp, sig } = input;
  // Ten digits cover unix seconds until the year 2286; anything else is not ours.
  if (!exp || !/^\d{1,10}$/.test(exp) || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return "invalid";
  // The MAC covers `exp` exactly as written, so "0123" is not a second spelling of "123".
  const expected = mac(input, exp, secret);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid";
  return Number(exp) * 1000 <= input.now.getTime() ? "expired" : "ok";
}
