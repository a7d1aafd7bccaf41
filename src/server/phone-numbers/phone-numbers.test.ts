import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { env } from "~/env";
import { countRejection } from "~/server/webhooks/ingest";
import { createLocalTelephony, createTelnyxProvider } from "~/server/telephony/provider";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { messageReceived } from "~/test/fakes/telnyx-webhooks";
import { startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { IN_USE } from "./manage";

let t: TestDatabase;
let h: TelephonyHarness;
type User = Awaited<ReturnType<typeof createTestUser>>;
/** The instance's one owner (a database has at most one). */
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
  h.api.setAccountNumbers([]);
});

/** The owner's caller: with the fake Telnyx account (live) or the local provider (no key). */
const asOwner = (live: boolean) => callerFor(t.db, owner, { telephony: live ? h.telnyx : createLocalTelephony() });

let counter = 0;
/** A fresh, valid 415-555-01xx number. */
function nextNumber() {
  counter += 1;
  return `+1415555${String(100 + counter).padStart(4, "0")}`;
}

describe("who manages numbers", () => {
  it("refuses every managing procedure to members, who only see their own numbers", async () => {
    const member = await createTestUser(t.db);
    const mine = await (await asOwner(false)).phoneNumbers.create({ number: nextNumber(), userId: member.id });
    const api = await callerFor(t.db, member, { telephony: h.telnyx });
    const forbidden = [
      api.phoneNumbers.create({ number: nextNumber() }),
      api.phoneNumbers.update({ id: mine.id, label: "mine now" }),
      api.phoneNumbers.assign({ id: mine.id, userId: member.id }),
      api.phoneNumbers.delete({ id: mine.id }),
      api.phoneNumbers.all(),
      api.phoneNumbers.available({}),
    ];
    for (const call of forbidden) expect((await trpcErrorOf(call)).code).toBe("FORBIDDEN");
    expect(h.api.requests).toHaveLength(0);
    expect(await t.db.phoneNumber.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ userId: member.id, label: null });
    expect((await api.phoneNumbers.list()).map((n) => n.id)).toEqual([mine.id]);
    expect(await (await callerFor(t.db, await createTestUser(t.db))).phoneNumbers.list()).toEqual([]);
  });
});

describe("adding numbers without TELNYX_API_KEY", () => {
  it("stores any readable number in E.164 with the typed ids, assigned to the owner unless told; the first is the default", async () => {
    const api = await asOwner(false);
    const member = await createTestUser(t.db);
    const first = await api.phoneNumbers.create({ number: "(415) 555-0161", label: "Main", connectionId: "1684641123236054244", messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228", userId: member.id });
    expect(first).toMatchObject({ e164: "+14155550161", label: "Main", connectionId: "1684641123236054244", telnyxNumberId: null, isDefault: true, user: { id: member.id } });
    const second = await api.phoneNumbers.create({ number: "+1 415 555 0162", connectionId: "", userId: member.id });
    expect(second).toMatchObject({ e164: "+14155550162", connectionId: null, label: null, isDefault: false });
    const own = await api.phoneNumbers.create({ number: "+14155550160" });
    expect(own).toMatchObject({ user: { id: owner.id } });

    const memberApi = await callerFor(t.db, member);
    expect((await memberApi.phoneNumbers.list()).map((n) => n.e164)).toEqual(["+14155550161", "+14155550162"]);
    // The default is the member's own choice.
    await memberApi.phoneNumbers.setDefault({ id: second.id });
    expect((await memberApi.phoneNumbers.list()).map((n) => [n.e164, n.isDefault])).toEqual([
      ["+14155550162", true],
      ["+14155550161", false],
    ]);
    await expect(memberApi.phoneNumbers.setDefault({ id: own.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await t.db.phoneNumber.findUniqueOrThrow({ where: { id: own.id } })).userId).toBe(owner.id);

    // Removing the default promotes the remaining one.
    await api.phoneNumbers.delete({ id: second.id });
    expect((await memberApi.phoneNumbers.list()).map((n) => [n.e164, n.isDefault])).toEqual([["+14155550161", true]]);
    await expect(api.phoneNumbers.delete({ id: second.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers unreadable input with field errors and stores nothing", async () => {
    const api = await asOwner(false);
    const before = await t.db.phoneNumber.count();
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "call me" })))).toEqual(["number"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "" })))).toEqual(["number"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: nextNumber(), connectionId: "drop table;" })))).toEqual(["connectionId"]);
    expect(await fieldErrorsOf(api.phoneNumbers.create({ number: nextNumber(), userId: "no-such-user" }))).toEqual({
      userId: ["Choose a user of this Switchboard."],
    });
    const disabled = await createTestUser(t.db);
    await t.db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(await fieldErrorsOf(api.phoneNumbers.create({ number: nextNumber(), userId: disabled.id }))).toEqual({
      userId: ["This account is disabled; choose another user."],
    });
    const carrier = await createTestUser(t.db);
    await t.db.user.update({ where: { id: carrier.id }, data: { personalPhone: "+13125550177" } });
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.create({ number: "+13125550177", userId: carrier.id })))).toEqual(["number"]);
    expect(await t.db.phoneNumber.count()).toBe(before);
  });
});

describe("adding numbers with TELNYX_API_KEY", () => {
  it("refuses a number the Telnyx account does not hold, and stores nothing", async () => {
    const wanted = nextNumber();
    h.api.setAccountNumbers([
      { id: "pn-other", phone_number: "+14155559901" },
      { id: "pn-gone", phone_number: wanted, status: "deleted" },
    ]);
    const api = await asOwner(true);
    expect(await fieldErrorsOf(api.phoneNumbers.create({ number: wanted, connectionId: "1684641123236054244" }))).toEqual({
      number: ["Your Telnyx account does not have this number. Buy or port it in Telnyx first, then add it here."],
    });
    expect(await t.db.phoneNumber.count({ where: { e164: wanted } })).toBe(0);
    // Asked through the SDK, with the key, by the number's digits (Telnyx's filter ignores a "+").
    const [lookup] = h.api.find("/v2/phone_numbers", "GET");
    expect(lookup?.headers.authorization).toBe(`Bearer ${h.api.apiKey}`);
    expect(lookup?.query["filter[phone_number]"]).toBe(wanted.slice(1));
  });

  it("stores a number the account holds with Telnyx's id, connection and messaging profile", async () => {
    const wanted = nextNumber();
    h.api.setAccountNumbers([
      // Contains the same digits, but is another number: never taken for it.
      { id: "pn-longer", phone_number: `${wanted}9`, connection_id: "999" },
      { id: "pn-ours", phone_number: wanted, connection_id: "1684641123236054244", messaging_profile_id: "40017f8e-49bd-4f16-9e3d-ef103f916228" },
    ]);
    const member = await createTestUser(t.db);
    const created = await (await asOwner(true)).phoneNumbers.create({ number: wanted, label: "Sales", connectionId: "typed-by-hand", userId: member.id });
    expect(created).toMatchObject({
      e164: wanted,
      label: "Sales",
      telnyxNumberId: "pn-ours",
      connectionId: "1684641123236054244",
      messagingProfileId: "40017f8e-49bd-4f16-9e3d-ef103f916228",
      isDefault: true,
      user: { id: member.id },
    });
  });

  it("answers Telnyx failures and timeouts with typed errors and stores nothing", async () => {
    const wanted = nextNumber();
    h.api.setAccountNumbers([{ id: "pn-1", phone_number: wanted }]);
    const api = await asOwner(true);
    h.api.respondNext("/v2/phone_numbers", { status: 401, body: { errors: [{ code: "10009", title: "Authentication failed" }] } });
    const refused = await trpcErrorOf(api.phoneNumbers.create({ number: wanted }));
    expect(refused).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringMatching(/Authentication failed.*Check TELNYX_API_KEY/) });

    const slow = createTelnyxProvider({ apiKey: h.api.apiKey, baseURL: h.api.baseURL, timeoutMs: 200, maxRetries: 0 });
    h.api.respondNext("/v2/phone_numbers", { status: 200, delayMs: 1_000, body: { data: [], meta: { page_number: 1, total_pages: 1 } } });
    const timedOut = await trpcErrorOf((await callerFor(t.db, owner, { telephony: slow })).phoneNumbers.create({ number: wanted }));
    expect(timedOut).toMatchObject({ code: "GATEWAY_TIMEOUT", message: "Telnyx did not answer in time; nothing was added. Try again." });
    expect(await t.db.phoneNumber.count({ where: { e164: wanted } })).toBe(0);
  });

  it("offers the account's numbers not yet added, capped at one page with a note", async () => {
    const [a, b, c] = [nextNumber(), nextNumber(), nextNumber()];
    h.api.setAccountNumbers([
      { id: "pn-a", phone_number: a, connection_id: "111", connection_name: "Main app", messaging_profile_id: "mp-1", messaging_profile_name: "Texts" },
      { id: "pn-b", phone_number: b },
      { id: "pn-c", phone_number: c, status: "ported-out" },
    ]);
    const api = await asOwner(true);
    await api.phoneNumbers.create({ number: b });
    expect(await api.phoneNumbers.available({})).toEqual({
      live: true,
      truncated: false,
      limit: 250,
      numbers: [
        { telnyxNumberId: "pn-a", e164: a, status: "active", connectionId: "111", connectionName: "Main app", messagingProfileId: "mp-1", messagingProfileName: "Texts" },
      ],
    });
    h.api.reset();
    await api.phoneNumbers.available({ search: "(415) 555" });
    expect(h.api.find("/v2/phone_numbers", "GET")[0]?.query["filter[phone_number]"]).toBe("415555");
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.available({ search: "41" })))).toEqual(["search"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.available({ search: "drop" })))).toEqual(["search"]);

    h.api.setAccountNumbers(Array.from({ length: 260 }, (_, i) => ({ id: `pn-bulk-${i}`, phone_number: `+1628555${String(1000 + i)}` })));
    const page = await api.phoneNumbers.available({});
    expect(page.numbers).toHaveLength(250);
    expect(page.truncated).toBe(true);

    // Without a key there is no account to ask.
    expect(await (await asOwner(false)).phoneNumbers.available({})).toMatchObject({ live: false, numbers: [] });
  });
});

describe("claims", () => {
  it("says a number is in use without saying whose, and lets exactly one of two concurrent adds win", async () => {
    const holder = await createTestUser(t.db, { name: "Mallory Hidden", email: "mallory.hidden@example.test" });
    const number = nextNumber();
    const api = await asOwner(false);
    await api.phoneNumbers.create({ number, userId: holder.id });
    const error = await trpcErrorOf(api.phoneNumbers.create({ number: `(${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}` }));
    expect(await fieldErrorsOf(Promise.reject(error))).toEqual({ number: [IN_USE] });
    expect(error.message).toBe("This number is already in use on this Switchboard.");
    expect(JSON.stringify({ message: error.message, cause: error.cause })).not.toMatch(/mallory|Hidden/i);

    const raced = nextNumber();
    const results = await Promise.allSettled([api.phoneNumbers.create({ number: raced }), api.phoneNumbers.create({ number: raced, userId: holder.id })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Error);
    expect(rejected.map((e) => e.message)).toEqual([IN_USE]);
    expect(await t.db.phoneNumber.count({ where: { e164: raced } })).toBe(1);
  });
});

describe("assigning", () => {
  it("moves a number in one transaction, fixing both users' defaults", async () => {
    const api = await asOwner(false);
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const a1 = await api.phoneNumbers.create({ number: nextNumber(), userId: alice.id });
    const a2 = await api.phoneNumbers.create({ number: nextNumber(), userId: alice.id });
    const b1 = await api.phoneNumbers.create({ number: nextNumber(), userId: bob.id });

    // Alice's default goes to Bob, who has one already: her other number becomes hers.
    expect(await api.phoneNumbers.assign({ id: a1.id, userId: bob.id })).toMatchObject({ id: a1.id, isDefault: false, user: { id: bob.id } });
    const state = async () =>
      Object.fromEntries((await t.db.phoneNumber.findMany({ where: { id: { in: [a1.id, a2.id, b1.id] } } })).map((n) => [n.id, [n.userId, n.isDefault]]));
    expect(await state()).toEqual({ [a1.id]: [bob.id, false], [a2.id]: [alice.id, true], [b1.id]: [bob.id, true] });

    // A user without numbers gets the moved one as default; the same user again changes nothing.
    const carol = await createTestUser(t.db);
    expect(await api.phoneNumbers.assign({ id: a2.id, userId: carol.id })).toMatchObject({ isDefault: true, user: { id: carol.id } });
    expect(await api.phoneNumbers.assign({ id: a2.id, userId: carol.id })).toMatchObject({ isDefault: true, user: { id: carol.id } });
    expect(await t.db.phoneNumber.count({ where: { userId: alice.id } })).toBe(0);

    // Refusals change nothing.
    const disabled = await createTestUser(t.db);
    await t.db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.assign({ id: b1.id, userId: disabled.id })))).toEqual(["userId"]);
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.assign({ id: b1.id, userId: "nobody" })))).toEqual(["userId"]);
    await expect(api.phoneNumbers.assign({ id: "no-such-number", userId: bob.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await state()).toEqual({ [a1.id]: [bob.id, false], [a2.id]: [carol.id, true], [b1.id]: [bob.id, true] });
  });

  it("routes the next inbound text to the new user; earlier ones and the old user's sends stay where they were", async () => {
    const api = await asOwner(false);
    const before = await createTestUser(t.db);
    const after = await createTestUser(t.db);
    const number = await api.phoneNumbers.create({ number: nextNumber(), userId: before.id, messagingProfileId: "mp-1" });
    const at = new Date("2026-11-21T09:00:00Z");
    expect(await h.deliver(messageReceived({ from: "+13125550150", to: number.e164, text: "first", at }))).toEqual({ status: "processed", userId: before.id });

    await api.phoneNumbers.assign({ id: number.id, userId: after.id });
    expect(await h.deliver(messageReceived({ from: "+13125550150", to: number.e164, text: "second", at: new Date(at.getTime() + 60_000) }))).toEqual({
      status: "processed",
      userId: after.id,
    });
    expect((await t.db.message.findMany({ where: { userId: before.id } })).map((m) => m.body)).toEqual(["first"]);
    expect((await t.db.message.findMany({ where: { userId: after.id } })).map((m) => m.body)).toEqual(["second"]);

    // The previous user can no longer text or call from it.
    h.api.reset();
    const old = await callerFor(t.db, before, { telephony: h.telnyx });
    expect(await fieldErrorsOf(old.messages.send({ to: "+13125550150", body: "still mine?", fromNumberId: number.id }))).toEqual({
      fromNumberId: ["Choose one of your numbers."],
    });
    expect(await fieldErrorsOf(old.calls.dial({ number: "+13125550150", fromNumberId: number.id }))).toEqual({
      fromNumberId: ["Choose one of your numbers."],
    });
    expect(h.api.requests).toHaveLength(0);
    expect(await t.db.message.count({ where: { userId: before.id, direction: "outbound" } })).toBe(0);
  });
});

describe("editing", () => {
  it("lets the owner change any number's label and Telnyx ids, with field errors", async () => {
    const api = await asOwner(false);
    const member = await createTestUser(t.db);
    const number = await api.phoneNumbers.create({ number: nextNumber(), userId: member.id });
    expect(await api.phoneNumbers.update({ id: number.id, label: "Front desk", connectionId: "1684641123236054244" })).toMatchObject({
      label: "Front desk",
      connectionId: "1684641123236054244",
      messagingProfileId: null,
      user: { id: member.id },
    });
    expect(Object.keys(await fieldErrorsOf(api.phoneNumbers.update({ id: number.id, messagingProfileId: "no spaces" })))).toEqual(["messagingProfileId"]);
    await expect(api.phoneNumbers.update({ id: "missing", label: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.phoneNumbers.all()).numbers.find((n) => n.id === number.id)).toMatchObject({ label: "Front desk", user: { id: member.id, email: member.email } });
  });

  it("lists every number with its user, and the users to assign to (disabled ones flagged)", async () => {
    const api = await asOwner(false);
    const disabled = await createTestUser(t.db, { name: "Dee Disabled" });
    await t.db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const all = await api.phoneNumbers.all();
    expect(all.telnyxLive).toBe(false);
    expect(all.users[0]).toMatchObject({ id: owner.id, role: "owner", disabled: false });
    expect(all.users.find((u) => u.id === disabled.id)).toMatchObject({ disabled: true, role: "member" });
    expect(all.numbers.length).toBe(await t.db.phoneNumber.count());
    expect((await (await asOwner(true)).phoneNumbers.all()).telnyxLive).toBe(true);
  });
});

describe("the user's own phone and status", () => {
  it("keeps the user's own phone in E.164, never one of their Telnyx numbers", async () => {
    const user = await createTestUser(t.db);
    await (await asOwner(false)).phoneNumbers.create({ number: "+14155550167", userId: user.id });
    const api = await callerFor(t.db, user);
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
