import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed";
import { verifyCredentials } from "~/server/auth/credentials";
import { createLoginLimiters } from "~/server/auth/rate-limit";
import { callerFor } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { createTestServices } from "~/test/services";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe("demo seed", () => {
  it("creates a usable demo account with data once, and nothing on later runs", async () => {
    const account = await seedDemo(t.db, { email: "Demo@Example.com", password: "demo-password" });
    expect(account).toEqual({ email: "demo@example.com", password: "demo-password" });
    const limiters = createLoginLimiters(t.db, createTestServices({ db: t.db }).config.signIn);
    const user = await verifyCredentials(t.db, limiters, { email: "demo@example.com", password: "demo-password" }, "127.0.0.1");
    expect(user).not.toBeNull();

    const counts = {
      contacts: await t.db.contact.count({ where: { userId: user!.id } }),
      events: await t.db.calendarEvent.count({ where: { userId: user!.id } }),
      tasks: await t.db.task.count({ where: { userId: user!.id } }),
    };
    expect(counts.contacts).toBeGreaterThanOrEqual(20);
    expect(counts.events).toBeGreaterThanOrEqual(8);
    expect(counts.tasks).toBeGreaterThanOrEqual(10);
    expect(await t.db.task.count({ where: { userId: user!.id, parentId: { not: null } } })).toBeGreaterThan(0);

    expect(await seedDemo(t.db)).toBeNull();
    expect(await t.db.contact.count()).toBe(counts.contacts);
  });

  it("seeds data consistent with itself: last contacted, open tasks, never in touch, a standout hour", async () => {
    const fresh = await startTestDatabase();
    try {
      await seedDemo(fresh.db, { email: "demo@example.test", password: "demo-password" });
      const user = await fresh.db.user.findUniqueOrThrow({ where: { email: "demo@example.test" } });
      const api = await callerFor(fresh.db, user);
      const contacts = await fresh.db.contact.findMany({ where: { userId: user.id }, select: { id: true, firstName: true, lastContactedAt: true } });
      let neverInTouch = 0;
      for (const contact of contacts) {
        const [lastCall, lastMessage] = await Promise.all([
          fresh.db.call.findFirst({ where: { contactId: contact.id }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
          fresh.db.message.findFirst({ where: { contactId: contact.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
        ]);
        const latest = [lastCall?.startedAt, lastMessage?.createdAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
        // Last contacted is the latest call or text, and nothing when there is none.
        expect(contact.lastContactedAt, contact.firstName).toEqual(latest ?? null);

        const relationship = await api.contacts.relationship({ id: contact.id });
        const insights = relationship.insights;
        const never = insights.find((i) => i.kind === "not_in_touch" && i.days === null);
        // "Not in touch yet" exactly for the people never called or texted.
        expect(!!never, contact.firstName).toBe(!latest);
        if (never) neverInTouch += 1;
        // The open tasks the contact page counts are the ones the relationship card names.
        const { counts } = await api.contacts.get({ id: contact.id });
        const openTasks = insights.find((i) => i.kind === "open_tasks");
        expect(openTasks?.kind === "open_tasks" ? openTasks.count : 0, contact.firstName).toBe(counts.openTasks);
        // The stored score is the scoring of this history, not a made-up number: recomputing keeps it.
        expect(relationship.updatedAt, contact.firstName).not.toBeNull();
        expect((await api.contacts.recalculateScore({ id: contact.id })).score, contact.firstName).toBe(relationship.score);
      }
      // Someone to reconnect with, someone never in touch, and the rest in between.
      expect(neverInTouch).toBeGreaterThan(0);
      expect(neverInTouch).toBeLessThan(contacts.length / 2);
      const summary = await api.dashboard.summary();
      expect(summary.reconnect.length).toBeGreaterThan(0);
      expect(summary.topContacts.length).toBeGreaterThan(0);
      // The dashboard's busiest-hour sentence has an hour that stands out.
      expect(summary.heatmap.standout).not.toBeNull();
    } finally {
      await fresh.stop();
    }
  });

  it("generates a password when none is configured", async () => {
    const fresh = await startTestDatabase();
    try {
      const account = await seedDemo(fresh.db);
      expect(account?.email).toBe("demo@switchboard.local");
      expect(account?.password.length).toBeGreaterThanOrEqual(12);
    } finally {
      await fresh.stop();
    }
  });
});
