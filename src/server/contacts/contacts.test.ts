import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { contactsSnapshot } from "~/test/contacts";
import { fieldErrorsByPathOf, trpcErrorOf } from "~/test/errors";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

type User = Awaited<ReturnType<typeof createTestUser>>;

async function setup(region?: string) {
  let user: User = await createTestUser(t.db);
  if (region) user = await t.db.user.update({ where: { id: user.id }, data: { defaultRegion: region } });
  const other = await createTestUser(t.db);
  return { user, api: await callerFor(t.db, user), other, otherApi: await callerFor(t.db, other) };
}

describe("contacts.create", () => {
  it("trims names, lower-cases emails, stores phones as E.164 and dedupes lists", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({
      firstName: "  Ada ",
      lastName: " Lovelace ",
      emails: [" Ada@Example.COM ", "ada@example.com", "", "second@example.org"],
      phones: ["(415) 555-0134", "+1 415.555.0134", "+44 20 7946 0958"],
      company: "  Analytical Engines ",
      jobTitle: "",
      notes: "  First programmer  ",
      tags: [" vip ", "VIP", "friends"],
    });
    expect(c).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      emails: ["ada@example.com", "second@example.org"],
      phones: ["+14155550134", "+442079460958"],
      company: "Analytical Engines",
      jobTitle: null,
      notes: "First programmer",
      tags: ["vip", "friends"],
      relationshipScore: 0,
    });
    expect(c).not.toHaveProperty("embedding");
  });

  it("parses numbers without a country code with the user's default region", async () => {
    const { api } = await setup("GB");
    const c = await api.contacts.create({ firstName: "Mary", phones: ["020 7946 0958", "+1 415 555 0134"] });
    expect(c.phones).toEqual(["+442079460958", "+14155550134"]);
  });

  it("answers invalid email, unparseable phone and empty first name with field errors and writes nothing", async () => {
    const { api } = await setup();
    const before = await contactsSnapshot(t.db);
    const fields = await fieldErrorsByPathOf(
      api.contacts.create({ firstName: "   ", emails: ["ok@example.com", "not-an-email"], phones: ["+1 415 555 0134", "12"] }),
    );
    expect(Object.keys(fields).sort()).toEqual(["emails.1", "firstName", "phones.1"]);
    expect(fields.firstName?.[0]).toMatch(/first name/i);
    expect(fields["emails.1"]?.[0]).toMatch(/not-an-email.*valid email/);
    expect(fields["phones.1"]?.[0]).toMatch(/phone number/);
    expect(await contactsSnapshot(t.db)).toEqual(before);
  });

  it("rejects oversized input with field errors", async () => {
    const { api } = await setup();
    const before = await contactsSnapshot(t.db);
    const fields = await fieldErrorsByPathOf(api.contacts.create({ firstName: "x".repeat(101), tags: ["t".repeat(51)] }));
    expect(fields.firstName?.[0]).toMatch(/at most 100/);
    expect(fields["tags.0"]?.[0]).toMatch(/at most 50/);
    expect(await contactsSnapshot(t.db)).toEqual(before);
  });

  it("states one limit per field, however far over it the value is", async () => {
    const { api } = await setup();
    const messages = async (input: Parameters<typeof api.contacts.create>[0]) => fieldErrorsByPathOf(api.contacts.create(input));
    for (const length of [300, 199, 101]) {
      const fields = await messages({
        firstName: "x".repeat(length),
        lastName: "y".repeat(length),
        company: "c".repeat(length * 2),
        jobTitle: "j".repeat(length * 2),
        emails: [`${"e".repeat(length * 3)}@example.com`],
        phones: ["1".repeat(length)],
        tags: ["t".repeat(length)],
      });
      expect(fields, `${length} characters`).toEqual({
        firstName: ["Use at most 100 characters."],
        lastName: ["Use at most 100 characters."],
        company: ["Use at most 200 characters."],
        jobTitle: ["Use at most 200 characters."],
        "emails.0": ["Use at most 254 characters."],
        "phones.0": ["Use at most 50 characters."],
        "tags.0": ["Use at most 50 characters."],
      });
    }
    // Surrounding spaces are trimmed before the length is checked, by every check.
    const padded = await api.contacts.create({ firstName: ` ${"x".repeat(100)} `, notes: `${"n".repeat(20_000)}   ` });
    expect(padded.firstName).toHaveLength(100);
    expect((await messages({ firstName: "x", notes: "n".repeat(40_001) })).notes).toEqual(["Use at most 20,000 characters."]);
  });

  it("requires a signed-in user", async () => {
    const api = await callerFor(t.db, null);
    expect((await trpcErrorOf(api.contacts.create({ firstName: "X" }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(api.contacts.list({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("contacts.update / delete / bulkDelete", () => {
  it("updates only the given fields and normalizes them", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({ firstName: "Grace", lastName: "Hopper", company: "Navy", tags: ["a"] });
    const u = await api.contacts.update({ id: c.id, phones: ["415-555-0199"], emails: ["GRACE@NAVY.MIL"], company: null });
    expect(u).toMatchObject({ firstName: "Grace", lastName: "Hopper", phones: ["+14155550199"], emails: ["grace@navy.mil"], company: null, tags: ["a"] });
    expect(u.updatedAt.getTime()).toBeGreaterThanOrEqual(c.updatedAt.getTime());
  });

  it("rejects bad input on update and writes nothing", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({ firstName: "Grace", emails: ["g@x.io"] });
    const before = await contactsSnapshot(t.db);
    const fields = await fieldErrorsByPathOf(api.contacts.update({ id: c.id, firstName: "", emails: ["bad@"], phones: ["abc"] }));
    expect(Object.keys(fields).sort()).toEqual(["emails.0", "firstName", "phones.0"]);
    expect(await contactsSnapshot(t.db)).toEqual(before);
    expect((await api.contacts.get({ id: c.id })).contact.emails).toEqual(["g@x.io"]);
  });

  it("treats another user's contact as not found for get, update, delete and timeline", async () => {
    const { api, otherApi } = await setup();
    const c = await api.contacts.create({ firstName: "Private" });
    expect((await trpcErrorOf(otherApi.contacts.get({ id: c.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(otherApi.contacts.update({ id: c.id, firstName: "Hacked" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(otherApi.contacts.delete({ id: c.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(otherApi.contacts.timeline({ id: c.id }))).code).toBe("NOT_FOUND");
    expect((await api.contacts.get({ id: c.id })).contact.firstName).toBe("Private");
    expect((await trpcErrorOf(api.contacts.get({ id: "does-not-exist" }))).code).toBe("NOT_FOUND");
  });

  it("deletes a contact, then it is gone", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({ firstName: "Temp" });
    expect(await api.contacts.delete({ id: c.id })).toEqual({ id: c.id });
    expect((await trpcErrorOf(api.contacts.get({ id: c.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.contacts.delete({ id: c.id }))).code).toBe("NOT_FOUND");
  });

  it("bulk-deletes only the user's own contacts and returns the count", async () => {
    const { api, otherApi } = await setup();
    const mine = await Promise.all(["A", "B", "C"].map((n) => api.contacts.create({ firstName: n })));
    const theirs = await otherApi.contacts.create({ firstName: "Theirs" });
    const result = await api.contacts.bulkDelete({ ids: [mine[0]!.id, mine[1]!.id, theirs.id, "nope"] });
    expect(result).toEqual({ count: 2 });
    expect((await otherApi.contacts.get({ id: theirs.id })).contact.firstName).toBe("Theirs");
    expect((await api.contacts.list({})).items.map((c) => c.firstName)).toEqual(["C"]);
    expect(await fieldErrorsByPathOf(api.contacts.bulkDelete({ ids: [] }))).toHaveProperty("ids");
  });
});

describe("contacts.get", () => {
  it("returns counts of calls, messages, open tasks and upcoming events", async () => {
    const { user, api, other } = await setup();
    const c = await api.contacts.create({ firstName: "Counted", phones: ["+14155550111"] });
    const now = Date.now();
    const call = (userId: string, startedAt: Date) => ({
      userId,
      direction: "inbound" as const,
      status: "completed" as const,
      fromNumber: "+14155550111",
      toNumber: "+14155550000",
      counterpartNumber: "+14155550111",
      contactId: c.id,
      startedAt,
    });
    await t.db.call.createMany({ data: [call(user.id, new Date(now - 3600_000)), call(user.id, new Date(now - 7200_000))] });
    await t.db.message.create({
      data: { userId: user.id, direction: "inbound", fromNumber: "+14155550111", toNumber: "+14155550000", counterpartNumber: "+14155550111", contactId: c.id, body: "hi", deliveryStatus: "received" },
    });
    await t.db.task.createMany({
      data: [
        { userId: user.id, title: "Open", contactId: c.id },
        { userId: user.id, title: "Doing", status: "in_progress", contactId: c.id },
        { userId: user.id, title: "Done", status: "done", contactId: c.id, completedAt: new Date() },
      ],
    });
    const future = await t.db.calendarEvent.create({ data: { userId: user.id, title: "Soon", startsAt: new Date(now + 86400_000) } });
    const past = await t.db.calendarEvent.create({ data: { userId: user.id, title: "Past", startsAt: new Date(now - 86400_000) } });
    await t.db.calendarEventContact.createMany({ data: [{ eventId: future.id, contactId: c.id }, { eventId: past.id, contactId: c.id }] });
    // Another user's rows never count, even if (wrongly) linked.
    await t.db.task.create({ data: { userId: other.id, title: "Not mine", contactId: c.id } });

    const got = await api.contacts.get({ id: c.id });
    expect(got.contact.id).toBe(c.id);
    expect(got.counts).toEqual({ calls: 2, messages: 1, openTasks: 2, upcomingEvents: 1 });
  });
});

describe("contacts.tags", () => {
  it("lists the user's tags with counts, most used first, never another user's", async () => {
    const { api, otherApi } = await setup();
    await api.contacts.create({ firstName: "A", tags: ["family", "vip"] });
    await api.contacts.create({ firstName: "B", tags: ["family"] });
    await api.contacts.create({ firstName: "C", tags: [] });
    await otherApi.contacts.create({ firstName: "X", tags: ["family", "secret"] });
    expect(await api.contacts.tags()).toEqual([
      { tag: "family", count: 2 },
      { tag: "vip", count: 1 },
    ]);
  });
});

describe("contacts.list", () => {
  async function people() {
    const ctx = await setup();
    const { api, otherApi } = ctx;
    const john = await api.contacts.create({ firstName: "John", lastName: "Smith", emails: ["jsmith@acme.com"], phones: ["+14155550134"], company: "Acme Corp", tags: ["work", "vip"] });
    const jane = await api.contacts.create({ firstName: "Jane", lastName: "Doe", emails: ["jane@widgets.io"], phones: ["+12125550100"], company: "Widgets", tags: ["work"] });
    const zed = await api.contacts.create({ firstName: "Zed", lastName: "Adams", emails: ["zed@example.org"], company: "acme corp", tags: ["friends"] });
    const mom = await api.contacts.create({ firstName: "Mom", tags: ["family"] });
    await otherApi.contacts.create({ firstName: "John", lastName: "Smith", emails: ["other@acme.com"], company: "Acme Corp", tags: ["work"] });
    await t.db.contact.update({ where: { id: john.id }, data: { relationshipScore: 80, lastContactedAt: new Date("2025-01-10") } });
    await t.db.contact.update({ where: { id: jane.id }, data: { relationshipScore: 40, lastContactedAt: new Date("2025-03-01") } });
    await t.db.contact.update({ where: { id: zed.id }, data: { relationshipScore: 95 } });
    return { ...ctx, john, jane, zed, mom };
  }

  it("finds John Smith through typos, partial names, email, company and any phone format", async () => {
    const { api, john } = await people();
    for (const search of ["Jonh Smyth", "john", "smi", "jsmith@", "(415) 555-0134", "415.555", "5550134", "acme", "Acmee"]) {
      const result = await api.contacts.list({ search });
      expect(result.items.map((c) => c.id), search).toContain(john.id);
      // Company searches also find Zed (acme corp); the others rank John first.
      if (!/acme/i.test(search)) expect(result.items[0]?.id, search).toBe(john.id);
    }
    expect((await api.contacts.list({ search: "Acmee" })).total).toBe(2);
    // Nothing of another user's, ever.
    const all = await api.contacts.list({ search: "John Smith" });
    expect(all.total).toBe(1);
    expect((await api.contacts.list({ search: "zzzzqqq" })).items).toEqual([]);
  });

  it("treats LIKE wildcards in the search literally", async () => {
    const { api } = await people();
    expect((await api.contacts.list({ search: "%" })).total).toBe(0);
    expect((await api.contacts.list({ search: "_" })).total).toBe(0);
  });

  it("filters by tags (all of them) and company (case-insensitive)", async () => {
    const { api, john, jane, zed } = await people();
    const ids = async (input: Parameters<typeof api.contacts.list>[0]) => (await api.contacts.list(input)).items.map((c) => c.id).sort();
    expect(await ids({ tags: ["work"] })).toEqual([john.id, jane.id].sort());
    expect(await ids({ tags: ["work", "vip"] })).toEqual([john.id]);
    expect(await ids({ company: "ACME CORP" })).toEqual([john.id, zed.id].sort());
    expect(await ids({ company: "Acme Corp", tags: ["friends"] })).toEqual([zed.id]);
    expect(await ids({ search: "jane", tags: ["vip"] })).toEqual([]);
  });

  it("answers an unknown tag filter with a field error on tags", async () => {
    const { api } = await people();
    const fields = await fieldErrorsByPathOf(api.contacts.list({ tags: ["work", "secret"] }));
    expect(fields.tags?.[0]).toMatch(/secret/);
    // Another user's tag is unknown too.
    await expect(api.contacts.list({ tags: ["nobody-has-this"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("rejects a page size over 100 and a page below 1", async () => {
    const { api } = await people();
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.list({ pageSize: 101 })))).toEqual(["pageSize"]);
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.list({ page: 0 })))).toEqual(["page"]);
    expect((await api.contacts.list({ pageSize: 100 })).pageSize).toBe(100);
  });

  it("sorts by name, last contacted, score and updated, both ways", async () => {
    const { api, john, jane, zed, mom } = await people();
    const order = async (sort: "name" | "lastContactedAt" | "relationshipScore" | "updatedAt", direction?: "asc" | "desc") =>
      (await api.contacts.list({ sort, direction })).items.map((c) => c.id);
    expect(await order("name")).toEqual([zed.id, jane.id, john.id, mom.id]);
    expect(await order("name", "desc")).toEqual([mom.id, john.id, jane.id, zed.id]);
    expect((await order("lastContactedAt")).slice(0, 2)).toEqual([jane.id, john.id]);
    expect((await order("lastContactedAt", "asc")).slice(2)).toEqual([john.id, jane.id]);
    expect(await order("relationshipScore")).toEqual([zed.id, john.id, jane.id, mom.id]);
    expect(await order("relationshipScore", "asc")).toEqual([mom.id, jane.id, john.id, zed.id]);
    await api.contacts.update({ id: jane.id, notes: "touched" });
    expect((await order("updatedAt"))[0]).toBe(jane.id);
    expect((await order("updatedAt", "asc")).at(-1)).toBe(jane.id);
  });

  it("sorts names the way people read them: accents and lower case in place", async () => {
    const { api } = await setup();
    const names: [string, string][] = [
      ["Zoë", "Zimmer"],
      ["Élodie", "Éluard"],
      ["Ada", "Abbott"],
      ["Emma", "Ernst"],
      ["Juan", "de la Cruz"],
      ["Eve", "Eluard"],
      ["Åsa", "Öberg"],
      ["Olga", "Olsen"],
    ];
    for (const [firstName, lastName] of names) await api.contacts.create({ firstName, lastName });
    const lastNames = async (direction: "asc" | "desc") => (await api.contacts.list({ sort: "name", direction })).items.map((c) => c.lastName);
    const expected = ["Abbott", "de la Cruz", "Eluard", "Éluard", "Ernst", "Öberg", "Olsen", "Zimmer"];
    expect(await lastNames("asc")).toEqual(expected);
    expect(await lastNames("desc")).toEqual([...expected].reverse());
    // Same last name: first names in the same order.
    await api.contacts.create({ firstName: "Émile", lastName: "Ernst" });
    await api.contacts.create({ firstName: "zack", lastName: "Ernst" });
    const ernsts = (await api.contacts.list({ sort: "name" })).items.filter((c) => c.lastName === "Ernst").map((c) => c.firstName);
    expect(ernsts).toEqual(["Émile", "Emma", "zack"]);
  });

  it("pages with a total and returns the total past the last page", async () => {
    const { api } = await people();
    const p1 = await api.contacts.list({ pageSize: 3, page: 1 });
    const p2 = await api.contacts.list({ pageSize: 3, page: 2 });
    expect(p1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    expect(new Set([...p1.items, ...p2.items].map((c) => c.id)).size).toBe(4);
    const p9 = await api.contacts.list({ pageSize: 3, page: 9 });
    expect(p9).toMatchObject({ total: 4, items: [] });
  });

  it("returns list items without notes or embedding, with the fields the table shows", async () => {
    const { api, john } = await people();
    const item = (await api.contacts.list({ search: "john" })).items[0]!;
    expect(item).toMatchObject({ id: john.id, firstName: "John", lastName: "Smith", company: "Acme Corp", relationshipScore: 80, scoreTrend: "stable" });
    expect(item.lastContactedAt).toBeInstanceOf(Date);
    expect(item).not.toHaveProperty("embedding");
    expect(item).not.toHaveProperty("rank");
  });
});

describe("contacts.timeline", () => {
  it("lists tasks, events, calls and messages newest first, page by page", async () => {
    const { user, api, otherApi } = await setup();
    const c = await api.contacts.create({ firstName: "Tim" });
    const d = (s: string) => new Date(s);
    const task = await t.db.task.create({ data: { userId: user.id, title: "Send deck", contactId: c.id, dueAt: d("2025-05-05T10:00:00Z") } });
    const event = await t.db.calendarEvent.create({ data: { userId: user.id, title: "Lunch", startsAt: d("2025-05-04T12:00:00Z") } });
    await t.db.calendarEventContact.create({ data: { eventId: event.id, contactId: c.id } });
    const call = await t.db.call.create({
      data: { userId: user.id, direction: "outbound", status: "completed", fromNumber: "+1", toNumber: "+2", counterpartNumber: "+2", contactId: c.id, startedAt: d("2025-05-03T09:00:00Z"), durationSeconds: 75, summary: "Talked" },
    });
    const message = await t.db.message.create({
      data: { userId: user.id, direction: "inbound", fromNumber: "+2", toNumber: "+1", counterpartNumber: "+2", contactId: c.id, body: "See you", deliveryStatus: "received", receivedAt: d("2025-05-02T08:00:00Z") },
    });
    // Unrelated rows do not appear.
    await t.db.task.create({ data: { userId: user.id, title: "Other", dueAt: d("2025-06-01T00:00:00Z") } });

    const first = await api.contacts.timeline({ id: c.id, limit: 3 });
    expect(first.items.map((i) => [i.kind, i.id])).toEqual([
      ["task", task.id],
      ["event", event.id],
      ["call", call.id],
    ]);
    expect(first.items[0]).toMatchObject({ kind: "task", title: "Send deck", status: "todo", dueAt: d("2025-05-05T10:00:00Z") });
    expect(first.items[2]).toMatchObject({ kind: "call", direction: "outbound", durationSeconds: 75, summary: "Talked" });
    expect(first.nextCursor).toBeTruthy();
    const second = await api.contacts.timeline({ id: c.id, limit: 3, cursor: first.nextCursor });
    expect(second.items.map((i) => [i.kind, i.id])).toEqual([["message", message.id]]);
    expect(second.items[0]).toMatchObject({ body: "See you", at: d("2025-05-02T08:00:00Z") });
    expect(second.nextCursor).toBeNull();

    expect((await trpcErrorOf(otherApi.contacts.timeline({ id: c.id }))).code).toBe("NOT_FOUND");
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.timeline({ id: c.id, cursor: "garbage" })))).toEqual(["cursor"]);
  });
});
