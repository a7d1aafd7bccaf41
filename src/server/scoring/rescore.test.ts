import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { createTestContact } from "~/test/contacts";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { contactInsights, rescoreContact } from "./rescore";
import { rescoreStaleContacts } from "./stale";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const now = new Date("2030-06-01T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

function addCall(userId: string, contactId: string, days: number, data: Partial<Prisma.CallUncheckedCreateInput> = {}) {
  return t.db.call.create({
    data: {
      userId,
      contactId,
      direction: "outbound",
      status: "completed",
      fromNumber: "+15550000001",
      toNumber: "+15550000002",
      counterpartNumber: "+15550000002",
      startedAt: daysAgo(days),
      durationSeconds: 300,
      ...data,
    },
  });
}

async function scenario() {
  const user = await createTestUser(t.db);
  const contact = await createTestContact(t.db, user.id);
  return { user, contact, ref: { userId: user.id, contactId: contact.id } };
}

describe("rescoreContact", () => {
  it("stores the score, components and trend, and scores more, longer, happier, recent calls higher", async () => {
    const quiet = await scenario();
    await addCall(quiet.user.id, quiet.contact.id, 70, { durationSeconds: 40, sentimentScore: -0.5 });

    const close = await scenario();
    for (const days of [1, 4, 9, 15]) {
      await addCall(close.user.id, close.contact.id, days, { durationSeconds: 600, sentimentScore: 0.8, direction: days % 2 ? "outbound" : "inbound" });
    }

    const low = await rescoreContact(t.db, quiet.ref, now);
    const high = await rescoreContact(t.db, close.ref, now);
    expect(low!.score).toBeLessThan(high!.score);
    for (const key of ["recency", "frequency", "duration", "sentiment", "engagement"] as const) {
      expect(high!.components[key]).toBeGreaterThan(low!.components[key]);
    }

    const stored = await t.db.contact.findUniqueOrThrow({ where: { id: close.contact.id } });
    expect(stored).toMatchObject({
      relationshipScore: high!.score,
      scoreTrend: "stable",
      scoreComponents: high!.components,
      scoreUpdatedAt: now,
      // Kept by the call code, not by scoring.
      lastContactedAt: null,
    });
  });

  it("is idempotent and trends up or down against the previous score", async () => {
    const { user, contact, ref } = await scenario();
    await addCall(user.id, contact.id, 40);
    const first = await rescoreContact(t.db, ref, now);
    expect(first!.trend).toBe("stable");

    await addCall(user.id, contact.id, 1, { sentimentScore: 0.9, direction: "inbound" });
    await addCall(user.id, contact.id, 2, { sentimentScore: 0.9 });
    const up = await rescoreContact(t.db, ref, now);
    expect(up!.score).toBeGreaterThan(first!.score + 5);
    expect(up!.trend).toBe("up");
    // The same job run again changes nothing, the trend included.
    expect(await rescoreContact(t.db, ref, now)).toEqual(up);
    expect(await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).toMatchObject({ relationshipScore: up!.score, scoreTrend: "up" });

    // Two months of silence later.
    const later = new Date(now.getTime() + 60 * 24 * 60 * 60 * 1000);
    const down = await rescoreContact(t.db, ref, later);
    expect(down!.trend).toBe("down");
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).scoreTrend).toBe("down");
  });

  it("counts texts, tasks and events of the contact", async () => {
    const { user, contact, ref } = await scenario();
    const before = await rescoreContact(t.db, ref, now);
    await t.db.message.create({
      data: {
        userId: user.id,
        contactId: contact.id,
        direction: "inbound",
        fromNumber: "+15550000002",
        toNumber: "+15550000001",
        counterpartNumber: "+15550000002",
        deliveryStatus: "received",
        createdAt: daysAgo(2),
      },
    });
    await t.db.task.create({ data: { userId: user.id, contactId: contact.id, title: "Send the deck" } });
    await t.db.calendarEvent.create({
      data: { userId: user.id, title: "Lunch", startsAt: daysAgo(-3), contacts: { create: { contactId: contact.id } } },
    });
    const after = await rescoreContact(t.db, ref, now);
    expect(after!.components).toMatchObject({ recency: 100, frequency: 8, engagement: 20 });
    expect(after!.score).toBeGreaterThan(before!.score);
  });

  it("never counts another user's data and never touches another user's contact", async () => {
    const mine = await scenario();
    const other = await createTestUser(t.db);
    // Another user's calls that claim my contact (a forged foreign key) must not count.
    await addCall(other.id, mine.contact.id, 1, { sentimentScore: 1 });
    await t.db.task.create({ data: { userId: other.id, contactId: mine.contact.id, title: "Not mine" } });

    const result = await rescoreContact(t.db, mine.ref, now);
    expect(result).toMatchObject({ score: 0, lastInteractionAt: null });

    expect(await rescoreContact(t.db, { userId: other.id, contactId: mine.contact.id }, now)).toBeNull();
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: mine.contact.id } })).scoreUpdatedAt).toEqual(now);
  });

  it("does nothing for a deleted contact", async () => {
    const { contact, ref } = await scenario();
    await t.db.contact.delete({ where: { id: contact.id } });
    expect(await rescoreContact(t.db, ref, now)).toBeNull();
    expect(await contactInsights(t.db, ref, now)).toBeNull();
  });
});

describe("contactInsights", () => {
  it("reports silence, open tasks and long calls from the database", async () => {
    const { user, contact, ref } = await scenario();
    await addCall(user.id, contact.id, 200, { durationSeconds: 30 * 60 });
    await t.db.task.create({ data: { userId: user.id, contactId: contact.id, title: "Call back" } });
    expect(await contactInsights(t.db, ref, now)).toEqual([
      { kind: "not_in_touch", days: 200 },
      { kind: "open_tasks", count: 1 },
    ]);
    await addCall(user.id, contact.id, 3, { durationSeconds: 30 * 60 });
    expect(await contactInsights(t.db, ref, now)).toEqual([
      { kind: "open_tasks", count: 1 },
      { kind: "long_calls", count: 1 },
    ]);
  });
});

describe("contacts.relationship and contacts.recalculateScore", () => {
  it("show the stored score's parts and today's insights to the owner only", async () => {
    const { user, contact } = await scenario();
    await addCall(user.id, contact.id, 2, { sentimentLabel: "positive", sentimentScore: 0.8, startedAt: new Date(Date.now() - 2 * 86_400_000) });
    await t.db.task.create({ data: { userId: user.id, contactId: contact.id, title: "Send the proposal" } });
    const api = await callerFor(t.db, user);

    const before = await api.contacts.relationship({ id: contact.id });
    expect(before).toMatchObject({ components: null, updatedAt: null });
    expect(before.insights).toContainEqual({ kind: "open_tasks", count: 1 });

    const after = await api.contacts.recalculateScore({ id: contact.id });
    expect(after.score).toBeGreaterThan(0);
    expect(after.updatedAt).not.toBeNull();
    expect(Object.keys(after.components ?? {}).sort()).toEqual(["duration", "engagement", "frequency", "recency", "sentiment"]);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).relationshipScore).toBe(after.score);

    const stranger = await callerFor(t.db, await createTestUser(t.db));
    await expect(stranger.contacts.relationship({ id: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.contacts.recalculateScore({ id: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("rescoreStaleContacts", () => {
  it("recomputes computed scores that have aged, oldest first, and leaves never-computed ones alone", async () => {
    const { user, contact } = await scenario();
    const seeded = await createTestContact(t.db, user.id);
    await t.db.contact.update({ where: { id: seeded.id }, data: { relationshipScore: 88 } });
    await addCall(user.id, contact.id, 40);
    // Computed a week ago, when the last call was recent.
    await rescoreContact(t.db, { userId: user.id, contactId: contact.id }, daysAgo(33));
    const old = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } });

    expect(await rescoreStaleContacts(t.db, now)).toBeGreaterThanOrEqual(1);
    const fresh = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(fresh.scoreUpdatedAt).toEqual(now);
    expect(fresh.relationshipScore).toBeLessThan(old.relationshipScore);
    expect(fresh.scoreTrend).toBe("down");
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: seeded.id } })).relationshipScore).toBe(88);
    // Fresh now: a second run right after has nothing of this user's to do.
    await rescoreStaleContacts(t.db, now);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).scoreUpdatedAt).toEqual(now);
  });
});
