import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallStatus, Direction } from "~/generated/prisma/enums";
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


const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));

async function seedCall(
  userId: string,
  data: { direction: Direction; status: CallStatus; startedAt: Date; contactId?: string | null; recordingUrl?: string | null; counterpart?: string },
) {
  const counterpart = data.counterpart ?? "+13125550100";
  return t.db.call.create({
    data: {
      userId,
      direction: data.direction,
      status: data.status,
      fromNumber: data.direction === "inbound" ? counterpart : "+14155550134",
      toNumber: data.direction === "inbound" ? "+14155550134" : counterpart,
      counterpartNumber: counterpart,
      contactId: data.contactId ?? null,
      startedAt: data.startedAt,
      recordingUrl: data.recordingUrl ?? null,
    },
  });
}

describe("calls.list", () => {
  it("filters by direction, status, contact, date range and recording, pages with a total, newest first", async () => {
    const user = await createTestUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", phones: ["+13125550100"] } });
    const a = await seedCall(user.id, { direction: "inbound", status: "completed", startedAt: day(1), contactId: ada.id, recordingUrl: "https://r/1.mp3" });
    const b = await seedCall(user.id, { direction: "inbound", status: "missed", startedAt: day(2) });
    const c = await seedCall(user.id, { direction: "outbound", status: "completed", startedAt: day(3), contactId: ada.id });
    const d = await seedCall(user.id, { direction: "inbound", status: "voicemail", startedAt: day(4), recordingUrl: "https://r/2.mp3" });
    const api = await callerFor(t.db, user);
    const ids = async (input: Parameters<typeof api.calls.list>[0]) => (await api.calls.list(input)).items.map((i) => i.id);

    const all = await api.calls.list({});
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 25 });
    expect(all.items.map((i) => i.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(all.items[3]).toMatchObject({ hasRecording: true, contact: { id: ada.id, firstName: "Ada" } });
    expect(all.items[3]).not.toHaveProperty("recordingUrl");

    expect(await ids({ direction: "outbound" })).toEqual([c.id]);
    expect(await ids({ status: "missed" })).toEqual([b.id]);
    expect(await ids({ status: ["missed", "voicemail"] })).toEqual([d.id, b.id]);
    expect(await ids({ contactId: ada.id })).toEqual([c.id, a.id]);
    expect(await ids({ dateFrom: day(2), dateTo: day(3) })).toEqual([c.id, b.id]);
    expect(await ids({ hasRecording: true })).toEqual([d.id, a.id]);
    expect(await ids({ hasRecording: false })).toEqual([c.id, b.id]);
    expect(await ids({ direction: "inbound", hasRecording: true, dateFrom: day(2) })).toEqual([d.id]);

    const page2 = await api.calls.list({ page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((i) => i.id)).toEqual([a.id]);
  });

  it("answers bad filters with field errors", async () => {
    const api = await callerFor(t.db, await createTestUser(t.db));
    expect(Object.keys(await fieldErrorsOf(api.calls.list({ dateFrom: day(5), dateTo: day(4) })))).toEqual(["dateTo"]);
    expect(Object.keys(await fieldErrorsOf(api.calls.list({ pageSize: 1000 })))).toEqual(["pageSize"]);
    expect(Object.keys(await fieldErrorsOf(api.calls.list({ status: "ringing-ish" as CallStatus })))).toEqual(["status"]);
  });
});

describe("authorization", () => {
  it("hides another user's calls: NOT_FOUND on get and absent from lists", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const call = await seedCall(owner.id, { direction: "inbound", status: "missed", startedAt: day(6) });
    const api = await callerFor(t.db, intruder);
    await expect(api.calls.get({ id: call.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(api.calls.createContact({ id: call.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.calls.list({})).total).toBe(0);
    expect((await (await callerFor(t.db, owner)).calls.get({ id: call.id })).id).toBe(call.id);
  });

  it("refuses dialing another user's contact", async () => {
    const owner = await createTestUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: owner.id, firstName: "Ada", phones: ["+13125550100"] } });
    const api = await callerFor(t.db, await createTestUser(t.db));
    await expect(api.calls.dial({ contactId: ada.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("requires a signed-in user for every procedure", async () => {
    const api = await callerFor(t.db, null);
    await expect(api.calls.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.calls.get({ id: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.calls.dial({ number: "+13125550100" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.messages.threads({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.messages.send({ to: "+13125550100", body: "hi" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.notifications.unreadCount()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.phoneNumbers.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("calls.dial input", () => {
  it("answers unusable targets with field errors and creates no call", async () => {
    const user = await createTestUser(t.db);
    const nobody = await t.db.contact.create({ data: { userId: user.id, firstName: "No", phones: [] } });
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", phones: ["+13125550100"] } });
    const api = await callerFor(t.db, user);
    expect(await fieldErrorsOf(api.calls.dial({}))).toEqual({ number: ["Choose a contact or enter a number."] });
    expect(await fieldErrorsOf(api.calls.dial({ number: "hello" }))).toEqual({ number: ['"hello" is not a phone number we can read.'] });
    expect(await fieldErrorsOf(api.calls.dial({ contactId: nobody.id }))).toEqual({ number: ["This contact has no phone number."] });
    expect(await fieldErrorsOf(api.calls.dial({ contactId: ada.id, number: "+13125550199" }))).toEqual({
      number: ["That number is not one of this contact's numbers."],
    });
    expect(await fieldErrorsOf(api.calls.dial({ number: "+13125550100", fromNumberId: "someone-elses" }))).toEqual({
      fromNumberId: ["Choose one of your numbers."],
    });
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(0);
  });

  it("matches a typed number to the contact who has it", async () => {
    const user = await createTestUser(t.db);
    const ada = await t.db.contact.create({ data: { userId: user.id, firstName: "Ada", phones: ["+13125550100"] } });
    const api = await callerFor(t.db, user);
    const call = await api.calls.dial({ number: "(312) 555-0100" });
    expect(call).toMatchObject({ contact: { id: ada.id }, counterpartNumber: "+13125550100", status: "failed", errorDetail: "not sent: TELNYX_API_KEY not set" });
  });
});

describe("calls.createContact", () => {
  it("creates the contact for an unknown caller and attaches their earlier calls and texts", async () => {
    const user = await createTestUser(t.db);
    const first = await seedCall(user.id, { direction: "inbound", status: "missed", startedAt: day(7), counterpart: "+13125550177" });
    const second = await seedCall(user.id, { direction: "inbound", status: "completed", startedAt: day(8), counterpart: "+13125550177" });
    await t.db.message.create({
      data: { userId: user.id, direction: "inbound", fromNumber: "+13125550177", toNumber: "+14155550134", counterpartNumber: "+13125550177", body: "hi", deliveryStatus: "received", createdAt: day(9) },
    });
    const api = await callerFor(t.db, user);
    const result = await api.calls.createContact({ id: first.id, firstName: "Eve" });
    expect(result).toMatchObject({ created: true, contact: { firstName: "Eve", phones: ["+13125550177"] }, linked: { calls: 2, messages: 1 } });
    expect((await t.db.call.findUniqueOrThrow({ where: { id: second.id } })).contactId).toBe(result.contact.id);
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: result.contact.id } })).lastContactedAt).toEqual(day(9));
    // Again: the same contact, nothing left to link.
    expect(await api.calls.createContact({ id: second.id })).toMatchObject({ created: false, contact: { id: result.contact.id }, linked: { calls: 0, messages: 0 } });
  });
});
