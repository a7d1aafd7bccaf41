import { Readable } from "node:stream";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { logger } from "~/server/logger";
import { contentTypeForFormat, type RecordingStorage } from "~/server/storage";
import { resolveRange } from "./range";
import { signRecordingUrl, verifyRecordingSignature } from "./signed-url";

/** What minting a playback link takes: the database, the signing config and the clock. */
export interface PlaybackUrlDeps {
  db: Db;
  config: { recordingUrlSecret: string; recordingUrlTtlSeconds: number };
  now: () => Date;
}

/**
 * A signed playback path for the user's call, valid for `ttlSeconds`. NOT_FOUND when the call is
 * not the user's or has no stored recording, so the two cannot be told apart.
 */
export async function mintPlaybackUrl(
  deps: PlaybackUrlDeps,
  userId: string,
  { id: callId }: { id: string },
): Promise<{ url: string; expiresAt: Date }> {
  const { db, config } = deps;
  const options = { secret: config.recordingUrlSecret, ttlSeconds: config.recordingUrlTtlSeconds, now: deps.now() };
  const call = await db.call.findFirst({
    where: { id: callId, userId, recordingStorageKey: { not: null } },
    select: { id: true },
  });
  if (!call) throw notFound("Recording");
  // Whole seconds, so expiresAt is exactly the `exp` the link carries.
  const expiresAt = new Date((Math.floor(options.now.getTime() / 1000) + options.ttlSeconds) * 1000);
  return { url: signRecordingUrl({ callId: call.id, userId, expiresAt }, options.secret), expiresAt };
}

export interface ServeRecordingInput {
  db: Db;
  storage: RecordingStorage;
  secret: string;
  callId: string;
  /** The signed-in user, or null. */
  sessionUserId: string | null;
  /** The link's `exp` and `sig` query values as received. */
  exp: string | null;
  sig: string | null;
  rangeHeader: string | null;
  ip: string | null;
  userAgent: string | null;
  /** `?download=1`: an attachment, audited as a download rather than a play. */
  download?: boolean;
  now: Date;
}

const NO_STORE = "private, no-store";

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": NO_STORE, ...headers } });
}

/**
 * `GET /api/recordings/<callId>?exp&sig` (docs/flows.md#recording-playback): the recording, whole or by range,
 * for the signed-in owner holding a live link they were issued. Each 200/206 is audited as a
 * RecordingAccess row, Range requests included (a seeking player makes several).
 *
 * The link is checked against the session's user: one minted for someone else fails exactly
 * like an altered one (403), and the call is then looked up only among the session user's calls,
 * so no answer reveals whether another user's call exists.
 */
export async function serveRecording(input: ServeRecordingInput): Promise<Response> {
  const { db, storage, callId } = input;
  if (!input.sessionUserId) return problem(401, "Sign in to play recordings.");
  const userId = input.sessionUserId;

  const check = verifyRecordingSignature({ callId, userId, exp: input.exp, sig: input.sig, now: input.now }, input.secret);
  // One message for every failure: which part was wrong is nothing the holder needs to know.
  if (check !== "ok") return problem(403, "This recording link is invalid or has expired.");

  const call = await db.call.findFirst({
    where: { id: callId, userId },
    select: { recordingStorageKey: true, recordingFormat: true },
  });
  const key = call?.recordingStorageKey;
  if (!call || !key) return problem(404, "Recording not found.");
  const stat = await storage.stat(key);
  if (!stat) {
    logger.warn({ callId, key }, "recording missing from storage");
    return problem(404, "Recording not found.");
  }

  const size = stat.sizeBytes;
  const range = resolveRange(input.rangeHeader, size);
  if (range.kind === "unsatisfiable") {
    return problem(416, "Requested range not satisfiable.", { "content-range": `bytes */${size}`, "accept-ranges": "bytes" });
  }

  const stream = await storage.read(key, range.kind === "partial" ? { start: range.start, end: range.end } : undefined);
  try {
    // After the read opened (an object gone since stat is not an access) and before any byte
    // is sent: a recording is never served without its audit row.
    await db.recordingAccess.create({
      data: {
        userId,
        callId,
        action: input.download ? "download" : "play",
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 512) ?? null,
      },
    });
  } catch (error) {
    stream.destroy();
    throw error;
  }

  const headers: Record<string, string> = {
    "content-type": contentTypeForFormat(call.recordingFormat) ?? stat.contentType,
    "accept-ranges": "bytes",
    "cache-control": NO_STORE,
    "x-content-type-options": "nosniff",
  };
  if (input.download) {
    // The key's extension, not the free-form format column: keys allow only [A-Za-z0-9._-],
    // so nothing can break out of the quoted filename.
    const name = key.slice(key.lastIndexOf("/") + 1);
    const ext = name.includes(".") ? name.slice(name.lastIndexOf(".")) : "";
    headers["content-disposition"] = `attachment; filename="call-${callId}${ext}"`;
  }
  if (range.kind === "partial") {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    headers["content-length"] = String(range.end - range.start + 1);
  } else {
    headers["content-length"] = String(size);
  }
  // Cancelling the web stream (a player seeking away) destroys the file or S3 stream under it.
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  return new Response(body, { status: range.kind === "partial" ? 206 : 200, headers });
}
