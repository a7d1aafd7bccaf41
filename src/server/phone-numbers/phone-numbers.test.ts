import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { countRejection } from "~/server/telephony/ingest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf } from "~/test/errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});


describe("phoneNumbers", () => {
  it("adds numbers in E.164 with their Telnyx ids; the first is the default", async () => {
    const user = await createTestUser(t.db);
    const api = await callerFor(t.db, user);
    const first = await api.phoneNumbers.create({ number: "(415) 555-0161", label: "Main", connectionId: "1684641123236054244", messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228" });
    expect(first).toMatchObject({ e164: "+14155550161", label: "Main", connectionId: "1684641123236054244", isDefault: true });
    const second = await api.phoneNumbers.create({ number: "+1 415 555 0162", connectionId: "" });
    expect(second).toMatchObject({ e164: "+14155550162", connectionId: null, label: null, isDefault: false });
    expect((await api.phoneNumbers.list()).map((n) => n.e164)).toEqual(["+14155550161", "+14155550162"]);

    await api.phoneNumbers.update({ id: second.id, isDefault: true, label: "Sales" });
    expect((await api.phoneNumbers.list()).map((n) => [n.e164, n.isDefault, n.label])).toEqual([
      ["+14155550162", true, "Sales"],
      ["+14155550161", false, "Main"],
    ]);
    // Removing the default promotes the remaining one.
    await api.phoneNumbers.delete({ id: second.id });
    expect((await api.phoneNumbers.list()).map((n) => [n.e164, n.isDefault])).toEqual([["+14155550161", true]]);
  });

  it("gives a number to one account only", async () => {
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    await (await callerFor(t.db, owner)).phoneNumbers.create({ number: "+14155550163" });
    expect(await fieldErrorsOf((await callerFor(t.db, owner)).phoneNumbers.create({ number: "415-555-0163" }))).toEqual({
      number: ["You have already added this number."],
    });
    expect(await fieldErrorsOf((await callerFor(t.db, other)).phoneNumbers.create({ number: "+1 (415) 555-0163" }))).toEqual({
      number: ["This number is registered to another account. A number can belong to one account only."],
    });
    // Concurrent adds of one number by two accounts: exactly one wins.
    const results = await Promise.allSettled([
      (await callerFor(t.db, owner)).phoneNumbers.create({ number: "+14155550164" }),
      (await callerFor(t.db, other)).phoneNumbers.create({ number: "+14155550164" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["BAD_REQUEST"]);
    expect(await t.db.phoneNumber.count({ where: { e164: "+14155550164" } })).toBe(1);
  });

  it("answers unreadable input with field errors", async () => {
    const api = await callerFor(t.db, await createTestUser(t.db));
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "call me" })))).toEqual(["number"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "" })))).toEqual(["number"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "+14155550165", connectionId: "drop table;" })))).toEqual(["connectionId"]);
  });

  it("never shows or changes another user's numbers", async () => {
    const owner = await createTestUser(t.db);
    const number = await (await callerFor(t.db, owner)).phoneNumbers.create({ number: "+14155550166" });
    const intruder = await callerFor(t.db, await createTestUser(t.db));
    expect(await intruder.phoneNumbers.list()).toEqual([]);
    await expect(intruder.phoneNumbers.update({ id: number.id, label: "mine" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(intruder.phoneNumbers.delete({ id: number.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({ label: null });
  });

  it("keeps the user's own phone in E.164, never one of their Telnyx numbers", async () => {
    const user = await createTestUser(t.db);
    const api = await callerFor(t.db, user);
    await api.phoneNumbers.create({ number: "+14155550167" });
    expect(await api.phoneNumbers.personalPhone()).toEqual({ personalPhone: null });
    expect(await api.phoneNumbers.setPersonalPhone({ personalPhone: "(312) 555-0190" })).toEqual({ personalPhone: "+13125550190" });
    expect(await api.phoneNumbers.personalPhone()).toEqual({ personalPhone: "+13125550190" });
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.setPersonalPhone({ personalPhone: "nope" })))).toEqual(["personalPhone"]);
    expect(await fieldErrorsOf(api.phoneNumbers.setPersonalPhone({ personalPhone: "415 555 0167" }))).toEqual({
      personalPhone: ["That is one of your Telnyx numbers; enter the phone you carry."],
    });
    expect(await api.phoneNumbers.setPersonalPhone({ personalPhone: null })).toEqual({ personalPhone: null });
  });

  it("reports whether Telnyx is configured and webhooks arrive or are refused", async () => {
    const user = await createTestUser(t.db);
    await countRejection(t.db, "bad_signature", new Date("2026-11-22T10:00:00Z"));
    await countRejection(t.db, "bad_signature", new Date("2026-11-22T11:00:00Z"));
    await t.db.webhookEvent.create({ data: { userId: user.id, provider: "telnyx", eventId: "evt-status-1", eventType: "call.hangup", payload: {}, status: "failed" } });
    const status = await (await callerFor(t.db, user)).phoneNumbers.status();
    expect(status.telnyx).toEqual({ apiKeyConfigured: !!env.TELNYX_API_KEY, publicKeyConfigured: !!env.TELNYX_PUBLIC_KEY });
    expect(status.webhooks).toMatchObject({ lastEventType: "call.hangup", failedCount: 1 });
    expect(status.webhooks.rejections).toEqual([{ reason: "bad_signature", count: 2, lastAt: new Date("2026-11-22T11:00:00Z") }]);
  });
});
