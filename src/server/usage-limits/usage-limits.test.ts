import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dialCall } from "~/server/calls/dial";
import { sendMessage } from "~/server/messages/send";
import { createLocalTelephony } from "~/server/telephony/provider";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { waitText } from "~/lib/format";
import { DEFAULT_SEND_LIMITS, type SendLimits } from "./settings";

let t: TestDatabase;
let h: TelephonyHarness;
type User = Awaited<ReturnType<typeof createTestUser>>;
let owner: User;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
  owner = await createTestUser(t.db, { name: "Olive Owner", role: "owner" });
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
});
beforeEach(() => {
  h.api.reset();
});

const PERSONAL = "+13125550111";
const T0 = new Date("2026-11-21T09:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function setLimits(limits: Partial<SendLimits>) {
  const api = await callerFor(t.db, owner);
  await api.usageLimits.update({ ...DEFAULT_SEND_LIMITS, ...limits });
}

describe("the limits", () => {
  it("default to 30/200 texts and 20/100 calls until the owner changes them; only the owner can", async () => {
    const member = await callerFor(t.db, await createTestUser(t.db));
    expect(await t.db.appSettings.count()).toBe(0);
    expect(await member.usageLimits.get()).toEqual({ limits: { smsPerHour: 30, smsPerDay: 200, callsPerHour: 20, callsPerDay: 100 }, canEdit: false });
    expect((await trpcErrorOf(member.usageLimits.update({ smsPerHour: 1000, smsPerDay: 10000, callsPerHour: 1000, callsPerDay: 10000 }))).code).toBe("FORBIDDEN");
    expect(await t.db.appSettings.count()).toBe(0);

    const api = await callerFor(t.db, owner);
    const limits = { smsPerHour: 5, smsPerDay: 50, callsPerHour: 3, callsPerDay: 30 };
    expect(await api.usageLimits.update(limits)).toEqual(limits);
    expect(await api.usageLimits.get()).toEqual({ limits, canEdit: true });
    // Only the limit columns: the sign-up mode in the same row is left alone.
    await t.db.appSettings.update({ where: { id: 1 }, data: { signupMode: "invite" } });
    await api.usageLimits.update({ ...limits, smsPerHour: 6 });
    expect(await t.db.appSettings.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ signupMode: "invite", smsPerHour: 6 });
    await setLimits({});
  });

  it("are whole numbers from 1 to 10,000, a day allowing at least an hour's", async () => {
    const api = await callerFor(t.db, owner);
    const valid = { smsPerHour: 10, smsPerDay: 100, callsPerHour: 10, callsPerDay: 100 };
    expect(Object.keys(await fieldErrorsOf(api.usageLimits.update({ ...valid, smsPerHour: 0 })))).toEqual(["smsPerHour"]);
    expect(Object.keys(await fieldErrorsOf(api.usageLimits.update({ ...valid, callsPerDay: 10_001 })))).toEqual(["callsPerDay"]);
    expect(Object.keys(await fieldErrorsOf(api.usageLimits.update({ ...valid, callsPerHour: 2.5 })))).toEqual(["callsPerHour"]);
    expect(await fieldErrorsOf(api.usageLimits.update({ ...valid, smsPerDay: 9 }))).toEqual({ smsPerDay: ["Allow at least as many texts per day as per hour."] });
    expect((await api.usageLimits.get()).limits).toEqual(DEFAULT_SEND_LIMITS);
  });

  it("word the wait in minutes and hours, never shorter than it is", () => {
    expect(waitText(1)).toBe("1 minute");
    expect(waitText(12 * 60_000)).toBe("12 minutes");
    expect(waitText(12 * 60_000 + 1)).toBe("13 minutes");
    expect(waitText(3_600_000)).toBe("1 hour");
    expect(waitText(3 * 3_600_000 + 5 * 60_000)).toBe("3 hours 5 minutes");
  });
});

describe("texts", () => {
  it("are refused past the hourly limit with the wait, create nothing and reach no Telnyx; the next hour allows more", async () => {
    await setLimits({ smsPerHour: 2 });
    const { user } = await createTelnyxUser(t.db);
    const deps = (at: Date) => ({ db: t.db, telephony: h.telnyx, jobs: h.services.jobs, now: () => at });
    await sendMessage(deps(minutes(0)), user.id, { to: "+13125550100", body: "one" });
    await sendMessage(deps(minutes(10)), user.id, { to: "+13125550100", body: "two" });
    const refused = await trpcErrorOf(sendMessage(deps(minutes(48)), user.id, { to: "+13125550100", body: "three" }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "You can send 2 texts per hour; try again in 12 minutes." });
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(2);
    expect(h.api.find("/v2/messages")).toHaveLength(2);
    // A refused send spent nothing: once the window is over, the full budget is back.
    await sendMessage(deps(minutes(60)), user.id, { to: "+13125550100", body: "four" });
    await sendMessage(deps(minutes(61)), user.id, { to: "+13125550100", body: "five" });
    await expect(sendMessage(deps(minutes(62)), user.id, { to: "+13125550100", body: "six" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((await t.db.message.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } })).map((m) => m.body)).toEqual(["one", "two", "four", "five"]);
  });

  it("never word the wait longer than the window, when a parallel send opened it a moment later", async () => {
    await setLimits({ smsPerHour: 1 });
    const { user } = await createTelnyxUser(t.db);
    const deps = (at: Date) => ({ db: t.db, telephony: h.telnyx, jobs: h.services.jobs, now: () => at });
    // The window opens at minute 1; a send whose clock was read at minute 0 is then refused.
    await sendMessage(deps(minutes(1)), user.id, { to: "+13125550100", body: "one" });
    const refused = await trpcErrorOf(sendMessage(deps(minutes(0)), user.id, { to: "+13125550100", body: "two" }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "You can send 1 text per hour; try again in 1 hour." });
  });

  it("are refused past the daily limit with the day's wait", async () => {
    await setLimits({ smsPerHour: 1, smsPerDay: 3 });
    const { user } = await createTelnyxUser(t.db);
    const deps = (at: Date) => ({ db: t.db, telephony: h.telnyx, jobs: h.services.jobs, now: () => at });
    for (const at of [0, 61, 122]) await sendMessage(deps(minutes(at)), user.id, { to: "+13125550100", body: `at ${at}` });
    // Both spent: the longer wait is the one that matters.
    await expect(sendMessage(deps(minutes(123)), user.id, { to: "+13125550100", body: "x" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "You can send 3 texts per day; try again in 21 hours 57 minutes.",
    });
    // A new hour has room; the day still has none.
    await expect(sendMessage(deps(minutes(183)), user.id, { to: "+13125550100", body: "y" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "You can send 3 texts per day; try again in 20 hours 57 minutes.",
    });
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(3);
  });

  it("never exceed the budget under 20 parallel sends, and one user's sends leave another's budget alone", async () => {
    await setLimits({ smsPerHour: 5 });
    const { user } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => api.messages.send({ to: "+13125550100", body: `burst ${i}` })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const reasons = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => (r.reason as { code: string }).code);
    expect(reasons).toEqual(Array(15).fill("TOO_MANY_REQUESTS"));
    expect(await t.db.message.count({ where: { userId: user.id } })).toBe(5);
    expect(h.api.find("/v2/messages")).toHaveLength(5);

    const { user: other } = await createTelnyxUser(t.db);
    const otherApi = await callerFor(t.db, other, { telephony: h.telnyx });
    await expect(otherApi.messages.send({ to: "+13125550100", body: "mine" })).resolves.toMatchObject({ deliveryStatus: "queued" });
  });

  it("follow the owner's changes at once, and count without TELNYX_API_KEY too", async () => {
    await setLimits({ smsPerHour: 3 });
    const user = await createTestUser(t.db);
    const api = await callerFor(t.db, user, { telephony: createLocalTelephony() });
    await api.messages.send({ to: "+13125550100", body: "a" });
    await api.messages.send({ to: "+13125550100", body: "b" });
    await setLimits({ smsPerHour: 2 });
    await expect(api.messages.send({ to: "+13125550100", body: "c" })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^You can send 2 texts per hour; try again in (\d+ minutes|1 hour)\.$/) });
    await setLimits({ smsPerHour: 3 });
    await expect(api.messages.send({ to: "+13125550100", body: "c" })).resolves.toMatchObject({ deliveryStatus: "not_sent" });
  });

  it("check the input and the from-number before spending anything", async () => {
    await setLimits({ smsPerHour: 1 });
    const { user } = await createTelnyxUser(t.db);
    const { number: theirs } = await createTelnyxUser(t.db);
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    expect(Object.keys(await fieldErrorsOf(api.messages.send({ to: "not a number", body: "x" })))).toEqual(["to"]);
    expect(Object.keys(await fieldErrorsOf(api.messages.send({ to: "+13125550100", body: "x", fromNumberId: theirs.id })))).toEqual(["fromNumberId"]);
    await expect(api.messages.send({ to: "+13125550100", body: "the one" })).resolves.toMatchObject({ body: "the one" });
  });
});

describe("calls", () => {
  it("are refused past the hourly limit, dial nothing, and never exceed the budget in parallel", async () => {
    await setLimits({ callsPerHour: 5 });
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const api = await callerFor(t.db, user, { telephony: h.telnyx });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => api.calls.dial({ number: "+12025550123" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")?.reason as { code: string; message: string };
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^You can place 5 calls per hour; try again in (\d+ minutes|1 hour)\.$/) });
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(5);
    expect(h.api.find("/v2/calls")).toHaveLength(5);

    const { user: other } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    await expect(dialCall({ db: t.db, telephony: h.telnyx }, other.id, { number: "+12025550123" })).resolves.toMatchObject({ status: "initiated" });
  });

  it("are refused past the daily limit with the singular wording for a limit of one", async () => {
    await setLimits({ callsPerHour: 1, callsPerDay: 1 });
    const { user } = await createTelnyxUser(t.db, { personalPhone: PERSONAL });
    const deps = (at: Date) => ({ db: t.db, telephony: h.telnyx, jobs: h.services.jobs, now: () => at });
    await dialCall(deps(minutes(0)), user.id, { number: "+12025550123" });
    await expect(dialCall(deps(minutes(30)), user.id, { number: "+12025550123" })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "You can place 1 call per day; try again in 23 hours 30 minutes.",
    });
    expect(await t.db.call.count({ where: { userId: user.id } })).toBe(1);
  });
});
