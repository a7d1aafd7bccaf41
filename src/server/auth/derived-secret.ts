import { hkdfSync } from "node:crypto";
import type { Env } from "~/env";

/**
 * A key for signing recording URLs, derived from NEXTAUTH_SECRET (HKDF with its own label) so
 * one configured secret serves both without a recording signature ever being a session key.
 * `npm run dev`/`npm start` always set NEXTAUTH_SECRET; a bare server without it cannot sign.
 */
export function recordingUrlSecret(e: Pick<Env, "NEXTAUTH_SECRET">): string {
  if (!e.NEXTAUTH_SECRET) {
    throw new Error("NEXTAUTH_SECRET is not set: recording URLs cannot be signed. Set it (openssl rand -base64 32).");
  }
  return Buffer.from(hkdfSync("sha256", e.NEXTAUTH_SECRET, "switchboard", "recording-urls", 32)).toString("base64url");
}
