import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { upsertKeyedNotification, withdrawKeyedNotification } from "./inbox";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

async function seed(userId: string, count: number) {
  const base = new Date("2026-11-22T08:00:00Z").getTime();
  for (let i = 0; i < count; i++) {
    await t.db.notification.create({
      data: { userId, type: "missed_call", title: `Missed call ${i}`, createdAt: new Date(base + i * 60_000) },
    });
  }
}

describe("notifications", () => {
  it("lists newest first in pages, counts unread, marks read one by one or all at once", async () => {
    const user = await createTestUser(t.db);
    await seed(user.id, 5);
    const api = await callerFor(t.db, user);
    expect(await api.notifications.unreadCount()).toBe(5);

    const first = await api.notifications.list({ limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(["Missed call 4", "Missed call 3"]);
    const second = await api.notifications.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((n) => n.title)).toEqual(["Missed call 2", "Missed call 1"]);
    const last = await api.notifications.list({ limit: 2, cursor: second.nextCursor });
    expect(last).toMatchObject({ items: [{ title: "Missed call 0" }], nextCursor: null });
    expect((await api.notifications.list()).items).toHaveLength(5);

    expect(await api.notifications.markRead({ ids: [first.items[0]!.id, first.items[1]!.id] })).toEqual({ updated: 2 });
    expect(await api.notifications.markRead({ ids: [first.items[0]!.id] })).toEqual({ updated: 0 });
    expect(await api.notifications.unreadCount()).toBe(3);
    expect((await api.notifications.list({ unreadOnly: true })).items.map((n) => n.title)).toEqual(["Missed call 2", "Missed call 1", "Missed call 0"]);
    expect(await api.notifications.markAllRead()).toEqual({ updated: 3 });
    expect(await api.notifications.unreadCount()).toBe(0);
  });

  it("never lists or marks another user's notifications", async () => {
    const owner = await createTestUser(t.db);
    await seed(owner.id, 2);
    const mine = await t.db.notification.findMany({ where: { userId: owner.id } });
    const intruder = await callerFor(t.db, await createTestUser(t.db));
    expect((await intruder.notifications.list()).items).toEqual([]);
    expect(await intruder.notifications.unreadCount()).toBe(0);
    expect(await intruder.notifications.markRead({ ids: mine.map((n) => n.id) })).toEqual({ updated: 0 });
    expect(await intruder.notifications.markAllRead()).toEqual({ updated: 0 });
    expect(await (await callerFor(t.db, owner)).notifications.unreadCount()).toBe(2);
  });

  it("answers a bad cursor or an empty id list with a field error", async () => {
    const api = await callerFor(t.db, await createTestUser(t.db));
    await expect(api.notifications.list({ cursor: "garbage" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.notifications.markRead({ ids: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps one keyed notice per key: rewritten (and unread again) when it changes, withdrawn while unread", async () => {
    const user = await createTestUser(t.db);
    const notice = { userId: user.id, dedupeKey: "call:abc", type: "missed_call" as const, title: "Missed call from Ada" };
    await upsertKeyedNotification(t.db, notice);
    await upsertKeyedNotification(t.db, notice);
    const [row] = await t.db.notification.findMany({ where: { userId: user.id } });
    await t.db.notification.update({ where: { id: row!.id }, data: { readAt: new Date() } });
    await upsertKeyedNotification(t.db, notice);
    expect(await t.db.notification.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ type: "missed_call", readAt: expect.any(Date) });
    await upsertKeyedNotification(t.db, { ...notice, type: "voicemail", title: "Voicemail from Ada" });
    expect(await t.db.notification.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ id: row!.id, type: "voicemail", title: "Voicemail from Ada", readAt: null }),
    ]);
    await withdrawKeyedNotification(t.db, user.id, "call:abc");
    expect(await t.db.notification.count({ where: { userId: user.id } })).toBe(0);
  });
});
