import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed";
import { verifyCredentials } from "~/server/auth/credentials";
import { createLoginLimiters } from "~/server/auth/rate-limit";
import { startTestDatabase, type TestDatabase } from "~/test/database";

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
    const limiters = createLoginLimiters(t.db);
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
