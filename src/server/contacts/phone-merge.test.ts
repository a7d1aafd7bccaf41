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

async function setup() {
  const user = await createTestUser(t.db);
  const other = await createTestUser(t.db);
  return { user, api: await callerFor(t.db, user), other, otherApi: await callerFor(t.db, other) };
}

describe("contacts.lookupByPhone", () => {
  it("finds the same contact from any human format", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({ firstName: "Caller", phones: ["415-555-0134"] });
    for (const phone of ["+1 (415) 555-0134", "415.555.0134", "14155550134", "(415) 555-0134", "tel:+1-415-555-0134"]) {
      const result = await api.contacts.lookupByPhone({ phone });
      expect(result.e164, phone).toBe("+14155550134");
      expect(result.formatted, phone).toBe("(415) 555-0134");
      expect(result.contact?.id, phone).toBe(c.id);
    }
  });

  it("returns null for an unknown number and formats foreign numbers internationally", async () => {
    const { api } = await setup();
    expect(await api.contacts.lookupByPhone({ phone: "+44 20 7946 0958" })).toEqual({
      e164: "+442079460958",
      formatted: "+44 20 7946 0958",
      contact: null,
    });
  });

  it("uses the user's default region for national numbers", async () => {
    const { user, api } = await setup();
    await t.db.user.update({ where: { id: user.id }, data: { defaultRegion: "GB" } });
    const c = await api.contacts.create({ firstName: "Londoner", phones: ["+44 20 7946 0958"] });
    const result = await api.contacts.lookupByPhone({ phone: "020 7946 0958" });
    expect(result).toMatchObject({ e164: "+442079460958", formatted: "020 7946 0958" });
    expect(result.contact?.id).toBe(c.id);
  });

  it("never finds another user's contact", async () => {
    const { api, otherApi } = await setup();
    await otherApi.contacts.create({ firstName: "Theirs", phones: ["+1 415 555 0177"] });
    expect((await api.contacts.lookupByPhone({ phone: "415 555 0177" })).contact).toBeNull();
  });

  it("answers an unreadable number with a field error on phone", async () => {
    const { api } = await setup();
    for (const phone of ["", "abc", "12"]) {
      expect(Object.keys(await fieldErrorsByPathOf(api.contacts.lookupByPhone({ phone }))), phone).toEqual(["phone"]);
    }
  });
});

describe("contacts.createFromCaller", () => {
  it("creates a contact named after the number, then returns the same one for any format", async () => {
    const { api } = await setup();
    const first = await api.contacts.createFromCaller({ phone: "+1 415 555 0188" });
    expect(first.created).toBe(true);
    expect(first.contact).toMatchObject({ firstName: "(415) 555-0188", lastName: null, phones: ["+14155550188"] });
    const again = await api.contacts.createFromCaller({ phone: "415.555.0188", firstName: "Someone" });
    expect(again).toMatchObject({ created: false, contact: { id: first.contact.id } });
  });

  it("uses the given name and returns an existing contact that has the number among others", async () => {
    const { api } = await setup();
    const c = await api.contacts.create({ firstName: "Multi", phones: ["+1 212 555 0100", "+1 415 555 0122"] });
    expect(await api.contacts.createFromCaller({ phone: "4155550122" })).toMatchObject({ created: false, contact: { id: c.id } });
    const named = await api.contacts.createFromCaller({ phone: "+1 646 555 0101", firstName: " Nina ", lastName: "Simone" });
    expect(named.contact).toMatchObject({ firstName: "Nina", lastName: "Simone", phones: ["+16465550101"] });
  });

  it("creates exactly one contact when the same caller is created concurrently", async () => {
    const { api } = await setup();
    const results = await Promise.all(Array.from({ length: 5 }, () => api.contacts.createFromCaller({ phone: "+1 415 555 0999" })));
    expect(new Set(results.map((r) => r.contact.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("does not match another user's contact and writes nothing for a bad number", async () => {
    const { api, otherApi } = await setup();
    const theirs = await otherApi.contacts.create({ firstName: "Theirs", phones: ["+1 415 555 0155"] });
    const mine = await api.contacts.createFromCaller({ phone: "+1 415 555 0155" });
    expect(mine.created).toBe(true);
    expect(mine.contact.id).not.toBe(theirs.id);
    const before = await contactsSnapshot(t.db);
    await fieldErrorsByPathOf(api.contacts.createFromCaller({ phone: "nope" }));
    expect(await contactsSnapshot(t.db)).toEqual(before);
  });
});

describe("contacts.merge", () => {
  it("moves every related row to the survivor, unions fields and deletes the duplicate", async () => {
    const { user, api } = await setup();
    const survivor = await api.contacts.create({
      firstName: "Robert",
      lastName: "Paulson",
      emails: ["bob@example.com"],
      phones: ["+14155550101"],
      tags: ["work", "VIP"],
      notes: "Survivor notes",
    });
    const duplicate = await api.contacts.create({
      firstName: "Bob",
      emails: ["BOB@example.com", "bob@home.net"],
      phones: ["+14155550102", "+14155550101"],
      company: "Paper Street",
      tags: ["vip", "soap"],
      notes: "Duplicate notes",
    });
    await t.db.contact.update({ where: { id: survivor.id }, data: { lastContactedAt: new Date("2025-01-01T00:00:00Z") } });
    await t.db.contact.update({ where: { id: duplicate.id }, data: { lastContactedAt: new Date("2025-02-01T00:00:00Z") } });

    const u = user.id;
    const call = await t.db.call.create({
      data: { userId: u, direction: "inbound", status: "completed", fromNumber: "+14155550102", toNumber: "+1", counterpartNumber: "+14155550102", contactId: duplicate.id },
    });
    const message = await t.db.message.create({
      data: { userId: u, direction: "inbound", fromNumber: "+14155550102", toNumber: "+1", counterpartNumber: "+14155550102", contactId: duplicate.id, body: "yo", deliveryStatus: "received" },
    });
    const task = await t.db.task.create({ data: { userId: u, title: "Return his briefcase", contactId: duplicate.id } });
    const sharedEvent = await t.db.calendarEvent.create({ data: { userId: u, title: "Meeting", startsAt: new Date() } });
    const ownEvent = await t.db.calendarEvent.create({ data: { userId: u, title: "Fight club", startsAt: new Date() } });
    await t.db.calendarEventContact.createMany({
      data: [
        { eventId: sharedEvent.id, contactId: survivor.id },
        { eventId: sharedEvent.id, contactId: duplicate.id },
        { eventId: ownEvent.id, contactId: duplicate.id },
      ],
    });
    const reminderData = { userId: u, kind: "follow_up" as const, title: "Check in", message: "Call Bob", timeZone: "UTC", startsAtLocal: "2026-12-20T10:00", channels: ["in_app" as const] };
    const reminder = await t.db.reminder.create({ data: { ...reminderData, contactId: duplicate.id } });
    // Escalating to both: one entry is left, the survivor's; escalating to the duplicate only: moved.
    const both = await t.db.reminder.create({ data: reminderData });
    await t.db.reminderEscalation.createMany({
      data: [
        { reminderId: both.id, contactId: survivor.id, position: 0 },
        { reminderId: both.id, contactId: duplicate.id, position: 1 },
        { reminderId: reminder.id, contactId: duplicate.id, position: 0 },
      ],
    });

    const result = await api.contacts.merge({ survivorId: survivor.id, duplicateId: duplicate.id });
    expect(result.moved).toEqual({ calls: 1, messages: 1, tasks: 1, reminders: 1, dates: 0, escalations: 1, events: 1 });
    expect(result.contact).toMatchObject({
      id: survivor.id,
      firstName: "Robert",
      lastName: "Paulson",
      company: "Paper Street",
      emails: ["bob@example.com", "bob@home.net"],
      phones: ["+14155550101", "+14155550102"],
      tags: ["work", "VIP", "soap"],
      notes: "Survivor notes\n\nDuplicate notes",
      lastContactedAt: new Date("2025-02-01T00:00:00Z"),
    });

    expect((await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).contactId).toBe(survivor.id);
    expect((await t.db.message.findUniqueOrThrow({ where: { id: message.id } })).contactId).toBe(survivor.id);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).contactId).toBe(survivor.id);
    expect((await t.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).contactId).toBe(survivor.id);
    const escalations = await t.db.reminderEscalation.findMany({ where: { reminderId: { in: [reminder.id, both.id] } } });
    expect(escalations.map((e) => [e.reminderId, e.contactId, e.position]).sort()).toEqual(
      [
        [both.id, survivor.id, 0],
        [reminder.id, survivor.id, 0],
      ].sort(),
    );
    const links = await t.db.calendarEventContact.findMany({ where: { eventId: { in: [sharedEvent.id, ownEvent.id] } } });
    expect(links.map((l) => [l.eventId, l.contactId]).sort()).toEqual(
      [
        [sharedEvent.id, survivor.id],
        [ownEvent.id, survivor.id],
      ].sort(),
    );
    expect(await t.db.contact.findUnique({ where: { id: duplicate.id } })).toBeNull();
    const got = await api.contacts.get({ id: survivor.id });
    expect(got.counts).toMatchObject({ calls: 1, messages: 1, openTasks: 1 });
  });

  it("is NOT_FOUND when either contact is another user's, and changes nothing", async () => {
    const { api, otherApi } = await setup();
    const mine = await api.contacts.create({ firstName: "Mine" });
    const mine2 = await api.contacts.create({ firstName: "Mine 2" });
    const theirs = await otherApi.contacts.create({ firstName: "Theirs" });
    const before = await contactsSnapshot(t.db);
    expect((await trpcErrorOf(api.contacts.merge({ survivorId: mine.id, duplicateId: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.contacts.merge({ survivorId: theirs.id, duplicateId: mine.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(otherApi.contacts.merge({ survivorId: mine.id, duplicateId: mine2.id }))).code).toBe("NOT_FOUND");
    expect(await contactsSnapshot(t.db)).toEqual(before);
    expect(Object.keys(await fieldErrorsByPathOf(api.contacts.merge({ survivorId: mine.id, duplicateId: mine.id })))).toEqual(["duplicateId"]);
  });
});
