import { createHash, randomBytes } from "node:crypto";
import type { VoiceStreamPurpose } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/server/db";

/**
 * Single-use tokens for Telnyx media streams. Switchboard sends a fresh token as the stream's
 * `stream_auth_token`; Telnyx presents it on the WebSocket upgrade (`x-telnyx-streaming-auth-token`,
 * see docs/voice/telnyx-and-anthropic.md). Only its SHA-256 is stored: a database read does not
 * give anyone a usable token. Claiming is one UPDATE that also marks it used, so two connections
 * racing with one token get one stream between them.
 */

/** How long Telnyx has to connect after the token is issued (it connects within a second or two). */
export const STREAM_TOKEN_TTL_SECONDS = 120;

export function hashStreamToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface IssuedStreamToken {
  streamId: string;
  /** The secret for Telnyx; never stored or logged. */
  token: string;
}

export async function issueStreamToken(
  db: Db | Tx,
  stream: { userId: string; callId: string; purpose: VoiceStreamPurpose },
  now: Date,
): Promise<IssuedStreamToken> {
  const token = randomBytes(32).toString("base64url");
  const row = await db.voiceStream.create({
    data: { ...stream, tokenHash: hashStreamToken(token), expiresAt: new Date(now.getTime() + STREAM_TOKEN_TTL_SECONDS * 1000) },
    select: { id: true },
  });
  return { streamId: row.id, token };
}

export interface ClaimedStream {
  id: string;
  userId: string;
  callId: string;
  purpose: VoiceStreamPurpose;
}

/**
 * The stream a presented token opens, marking the token used; null for a token that is missing,
 * malformed, unknown, expired or already used (nothing is changed then).
 */
export async function claimStreamToken(db: Db, token: string | undefined, now: Date): Promise<ClaimedStream | null> {
  // Tokens we issue are 43 base64url characters; anything else is not worth a query.
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows = await db.$queryRaw<ClaimedStream[]>`
    UPDATE "VoiceStream" SET "connectedAt" = ${now}
    WHERE "tokenHash" = ${hashStreamToken(token)} AND "connectedAt" IS NULL AND "expiresAt" > ${now}
    RETURNING id, "userId", "callId", purpose::text AS purpose`;
  return rows[0] ?? null;
}
