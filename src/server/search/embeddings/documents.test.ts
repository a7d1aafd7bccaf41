import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { EMBEDDED_TABLES, EMBEDDED_TYPES } from "./documents";

/** documents.ts and the migration's generated "documentHash" columns describe the same text. */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

describe("embedded documents", () => {
  it("hash, for every type, to the row's generated documentHash, and change with each field the embedder reads", async () => {
    const user = await createTestUser(t.db);
    const contact = await t.db.contact.create({
      data: {
        userId: user.id,
        firstName: "Ada",
        lastName: "Lovelace",
        company: "Analytical Engines",
        jobTitle: "Engineer",
        emails: ["ada@engines.example"],
        tags: ["vip", "math"],
        notes: "Talk about the difference engine",
        phones: ["+14155550111"],
      },
    });
    await t.db.message.create({
      data: { userId: user.id, direction: "inbound", fromNumber: "+14155550111", toNumber: "+14155550100", counterpartNumber: "+14155550111", body: "Renewal price attached", deliveryStatus: "received" },
    });
    await t.db.task.create({ data: { userId: user.id, title: "Send the contract", description: "With the new terms", tags: ["legal"] } });
    await t.db.calendarEvent.create({
      data: { userId: user.id, title: "Quarterly review", description: "Numbers", location: "Room 4", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) },
    });
    await t.db.reminder.create({
      data: {
        userId: user.id,
        kind: "custom",
        title: "Pay rent",
        message: "The rent is due",
        timeZone: "UTC",
        startsAtLocal: "2026-12-24T09:00",
        channels: ["in_app"],
        nextDueAt: new Date("2026-12-24T09:00:00Z"),
      },
    });

    for (const type of EMBEDDED_TYPES) {
      const { table, document } = EMBEDDED_TABLES[type];
      const rows = await t.db.$queryRaw<{ same: boolean; document: string }[]>(Prisma.sql`
        SELECT md5(${document}) = "documentHash" AS same, ${document} AS document FROM ${table} WHERE "userId" = ${user.id}`);
      expect(rows, type).toHaveLength(1);
      expect(rows[0]!.same, type).toBe(true);
      expect(rows[0]!.document.length, type).toBeGreaterThan(5);
    }

    // A change to a field the embedder reads changes the hash; a field it does not read does not.
    const before = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { documentHash: true } });
    await t.db.contact.update({ where: { id: contact.id }, data: { phones: ["+14155550112"] } });
    const phoneChanged = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { documentHash: true } });
    expect(phoneChanged.documentHash).toBe(before.documentHash);
    await t.db.contact.update({ where: { id: contact.id }, data: { tags: ["vip"] } });
    const tagsChanged = await t.db.contact.findUniqueOrThrow({ where: { id: contact.id }, select: { documentHash: true } });
    expect(tagsChanged.documentHash).not.toBe(before.documentHash);
  });
});
