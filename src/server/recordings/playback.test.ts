import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorage, recordingKey, type RecordingStorage } from "~/server/storage";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { mintPlaybackUrl, serveRecording, signRecordingUrl, type ServeRecordingInput } from ".";

const SECRET = "playback-test-secret-playback-test-secret";
const now = new Date("2026-03-01T12:00:00Z");
const audio = randomBytes(50_000);

let t: TestDatabase;
let dir: string;
let storage: RecordingStorage;
beforeAll(async () => {
  t = await startTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "switchboard-playback-"));
  storage = createLocalStorage(dir);
});
afterAll(async () => {
  await t?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function seedRecordedCall(userId: string, options: { stored?: boolean; format?: string } = {}) {
  const format = options.format ?? "mp3";
  const call = await t.db.call.create({
    data: { userId, direction: "inbound", status: "completed", fromNumber: "+13125550100", toNumber: "+14155550134", counterpartNumber: "+13125550100" },
  });
  if (options.stored === false) return call;
  const key = recordingKey(userId, call.id, format);
  const stored = await storage.put(key, Readable.from([audio]), { contentType: "audio/mpeg", maxBytes: 1_000_000 });
  return t.db.call.update({
    where: { id: call.id },
    data: { recordingStorageKey: key, recordingFormat: format, recordingSizeBytes: stored.sizeBytes },
  });
}

/** A request for `callId` by `sessionUserId` with a link minted for `linkUserId` (default: the same user). */
async function request(
  callId: string,
  sessionUserId: string | null,
  over: Partial<ServeRecordingInput> & { linkUserId?: string; linkNow?: Date } = {},
): Promise<Response> {
  // Signed directly rather than by mintPlaybackUrl, which refuses calls the user does not own.
  const url = signRecordingUrl({ callId, userId: over.linkUserId ?? sessionUserId!, expiresAt: new Date((over.linkNow ?? now).getTime() + 900_000) }, SECRET);
  const query = new URL(url, "http://localhost").searchParams;
  return serveRecording({
    db: t.db,
    storage,
    secret: SECRET,
    callId,
    sessionUserId,
    exp: query.get("exp"),
    sig: query.get("sig"),
    rangeHeader: null,
    ip: "203.0.113.7",
    userAgent: "vitest",
    now,
    ...over,
  });
}

const accesses = (callId: string) => t.db.recordingAccess.findMany({ where: { callId }, orderBy: { at: "asc" } });

describe("serveRecording", () => {
  it("serves the whole recording with its type, length and no caching, audited as a play", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const res = await request(call.id, user.id);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "audio/mpeg",
      "content-length": String(audio.length),
      "accept-ranges": "bytes",
      "cache-control": "private, no-store",
    });
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(Buffer.from(await res.arrayBuffer()).equals(audio)).toBe(true);
    expect(await accesses(call.id)).toMatchObject([{ userId: user.id, action: "play", ip: "203.0.113.7", userAgent: "vitest" }]);
  });

  it("answers ranges with 206 and exactly those bytes, and each ranged request is audited", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id, { format: "wav" });
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=49000-", 49_000, audio.length - 1],
      ["bytes=-10", audio.length - 10, audio.length - 1],
      ["bytes=49990-999999", 49_990, audio.length - 1],
    ];
    for (const [rangeHeader, start, end] of cases) {
      const res = await request(call.id, user.id, { rangeHeader });
      expect(res.status, rangeHeader).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${audio.length}`);
      expect(res.headers.get("content-length")).toBe(String(end - start + 1));
      expect(res.headers.get("content-type")).toBe("audio/wav");
      expect(Buffer.from(await res.arrayBuffer()).equals(audio.subarray(start, end + 1)), rangeHeader).toBe(true);
    }
    // Several ranges: the whole file (multipart answers are not implemented).
    expect((await request(call.id, user.id, { rangeHeader: "bytes=0-1,5-9" })).status).toBe(200);
    expect(await accesses(call.id)).toHaveLength(cases.length + 1);
  });

  it("answers an unsatisfiable range with 416 and the size, unaudited", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const res = await request(call.id, user.id, { rangeHeader: `bytes=${audio.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${audio.length}`);
    expect(await accesses(call.id)).toHaveLength(0);
  });

  it("offers ?download=1 as an attachment, audited as a download", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const res = await request(call.id, user.id, { download: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="call-${call.id}.mp3"`);
    await res.arrayBuffer();
    expect(await accesses(call.id)).toMatchObject([{ action: "download" }]);
  });

  it("refuses expired, altered, missing and other users' links with 403, without detail", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const expired = await request(call.id, user.id, { linkNow: new Date(now.getTime() - 900_000) });
    expect(expired.status).toBe(403);
    const body = await expired.json();
    const altered = await request(call.id, user.id, { exp: String(Math.floor(now.getTime() / 1000) + 7200) });
    expect(altered.status).toBe(403);
    expect(await altered.json()).toEqual(body);
    expect((await request(call.id, user.id, { sig: null })).status).toBe(403);
    expect((await request(call.id, user.id, { exp: null, sig: null })).status).toBe(403);
    // The owner's link in another user's session.
    expect((await request(call.id, other.id, { linkUserId: user.id })).status).toBe(403);
    expect(await accesses(call.id)).toHaveLength(0);
  });

  it("answers 404 for another user's call, an unknown call and a call without a stored recording", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const call = await seedRecordedCall(owner.id);
    // A link validly signed for the intruder still finds nothing among the intruder's calls.
    const res = await request(call.id, intruder.id);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "Recording not found." });
    expect((await request("no-such-call", intruder.id)).status).toBe(404);
    const bare = await seedRecordedCall(owner.id, { stored: false });
    expect((await request(bare.id, owner.id)).status).toBe(404);
    // In the database but gone from storage.
    await storage.delete(call.recordingStorageKey!);
    expect((await request(call.id, owner.id)).status).toBe(404);
    expect(await accesses(call.id)).toHaveLength(0);
  });

  it("answers 401 without a session", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const res = await request(call.id, null, { linkUserId: user.id });
    expect(res.status).toBe(401);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await accesses(call.id)).toHaveLength(0);
  });
});

describe("mintPlaybackUrl", () => {
  it("mints a link serveRecording accepts until it expires", async () => {
    const user = await createTestUser(t.db);
    const call = await seedRecordedCall(user.id);
    const { url, expiresAt } = await mintPlaybackUrl({ db: t.db, config: { recordingUrlSecret: SECRET, recordingUrlTtlSeconds: 900 }, now: () => now }, user.id, { id: call.id });
    expect(expiresAt).toEqual(new Date(now.getTime() + 900_000));
    const query = new URL(url, "http://localhost").searchParams;
    const serve = (at: Date) =>
      serveRecording({ db: t.db, storage, secret: SECRET, callId: call.id, sessionUserId: user.id, exp: query.get("exp"), sig: query.get("sig"), rangeHeader: null, ip: null, userAgent: null, now: at });
    const ok = await serve(new Date(now.getTime() + 899_000));
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    expect((await serve(expiresAt)).status).toBe(403);
  });

  it("throws NOT_FOUND for another user's call and for a call without a stored recording", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const call = await seedRecordedCall(owner.id);
    const bare = await seedRecordedCall(owner.id, { stored: false });
    for (const [userId, callId] of [[intruder.id, call.id], [owner.id, bare.id]] as const) {
      const error = await mintPlaybackUrl({ db: t.db, config: { recordingUrlSecret: SECRET, recordingUrlTtlSeconds: 900 }, now: () => now }, userId, { id: callId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect(error).toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
