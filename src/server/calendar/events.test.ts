import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { resolveEventTimes } from "./events";
import { MAX_REMINDER_MINUTES } from "./schemas";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { createTestContact } from "~/test/contacts";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

type User = Awaited<ReturnType<typeof createTestUser>>;

async function userIn(timezone: string): Promise<User> {
  const user = await createTestUser(t.db);
  return t.db.user.update({ where: { id: user.id }, data: { timezone } });
}

const iso = (s: string) => new Date(s);

describe("calendar.create / get", () => {
  it("creates a timed event with several contacts and returns it with them", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada", "Lovelace");
    const bob = await createTestContact(t.db, user.id, "Bob", null);
    const event = await api.calendar.create({
      title: "  Lunch  ",
      description: "Talk about the engine",
      location: "Cafe",
      startsAt: iso("2025-03-10T12:00:00Z"),
      endsAt: iso("2025-03-10T13:00:00Z"),
      reminderMinutes: 30,
      contactIds: [ada.id, bob.id, ada.id],
    });
    expect(event.title).toBe("Lunch");
    expect(event.allDay).toBe(false);
    expect(event.startsAt).toEqual(iso("2025-03-10T12:00:00Z"));
    expect(event.endsAt).toEqual(iso("2025-03-10T13:00:00Z"));
    expect(event.reminderMinutes).toBe(30);
    expect(event.contacts.map((c) => c.id).sort()).toEqual([ada.id, bob.id].sort());

    const got = await api.calendar.get({ id: event.id });
    expect(got).toEqual(event);
    expect(got.contacts.find((c) => c.id === ada.id)).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
  });

  it("reads wall-clock strings in the user's time zone", async () => {
    const user = await userIn("America/New_York");
    const api = await callerFor(t.db, user);
    const event = await api.calendar.create({ title: "Call", startsAt: "2025-07-01T09:30", endsAt: "2025-07-01T10:00" });
    expect(event.startsAt).toEqual(iso("2025-07-01T13:30:00Z"));
    expect(event.endsAt).toEqual(iso("2025-07-01T14:00:00Z"));
  });

  it("accepts an event without an end (a point in time) and reminder minutes at the limits", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const a = await api.calendar.create({ title: "Ping", startsAt: iso("2025-03-10T12:00:00Z"), reminderMinutes: 0 });
    expect(a.endsAt).toBeNull();
    expect(a.reminderMinutes).toBe(0);
    const b = await api.calendar.create({
      title: "Far reminder",
      startsAt: iso("2025-03-10T12:00:00Z"),
      reminderMinutes: MAX_REMINDER_MINUTES,
    });
    expect(b.reminderMinutes).toBe(MAX_REMINDER_MINUTES);
  });

  it("answers bad input with field errors and writes nothing", async () => {
    const user = await userIn("UTC");
    const other = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const theirs = await createTestContact(t.db, other.id, "Eve");
    const mine = await createTestContact(t.db, user.id, "Mine");
    const before = await t.db.calendarEvent.count();
    const start = iso("2025-03-10T12:00:00Z");

    expect(Object.keys(await fieldErrorsOf(api.calendar.create({ title: "  ", startsAt: start })))).toEqual(["title"]);
    expect(
      (await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, endsAt: iso("2025-03-10T11:00:00Z") })))
        .endsAt?.[0],
    ).toMatch(/after the start/);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, endsAt: start }))),
    ).toEqual(["endsAt"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, contactIds: ["nope"] }))),
    ).toEqual(["contactIds"]);
    // Another user's contact is as unknown as a made-up id, even next to a valid one.
    expect(
      Object.keys(
        await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, contactIds: [mine.id, theirs.id] })),
      ),
    ).toEqual(["contactIds"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, reminderMinutes: MAX_REMINDER_MINUTES + 1 }))),
    ).toEqual(["reminderMinutes"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, reminderMinutes: -1 }))),
    ).toEqual(["reminderMinutes"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: start, reminderMinutes: 1.5 }))),
    ).toEqual(["reminderMinutes"]);
    expect(Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: "2025-02-30" })))).toEqual([
      "startsAt",
    ]);
    expect(Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: "tomorrow" })))).toEqual([
      "startsAt",
    ]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.create({ title: "x", startsAt: new Date(Number.NaN) }))),
    ).toEqual(["startsAt"]);
    // Several problems at once are all reported.
    expect(
      Object.keys(
        await fieldErrorsOf(api.calendar.create({ title: "", startsAt: "nope", reminderMinutes: 99_999 })),
      ).sort(),
    ).toEqual(["reminderMinutes", "startsAt", "title"]);

    expect(await t.db.calendarEvent.count()).toBe(before);
    expect(await t.db.calendarEventContact.count({ where: { contactId: { in: [mine.id, theirs.id] } } })).toBe(0);
  });

  it("requires a signed-in user", async () => {
    const api = await callerFor(t.db, null);
    expect((await trpcErrorOf(api.calendar.list({ from: "2025-03-01", to: "2025-04-01" }))).code).toBe("UNAUTHORIZED");
    expect((await trpcErrorOf(api.calendar.create({ title: "x", startsAt: new Date() }))).code).toBe("UNAUTHORIZED");
  });
});

describe("all-day events", () => {
  const tz = "America/New_York";

  it("normalises to whole days in the user's zone with an exclusive end (across a DST change)", async () => {
    const user = await userIn(tz);
    const api = await callerFor(t.db, user);
    // Mar 8–10 inclusive; clocks go forward on Mar 9 in New York.
    const event = await api.calendar.create({ title: "Trip", allDay: true, startsAt: "2025-03-08", endsAt: "2025-03-10" });
    expect(event.allDay).toBe(true);
    expect(event.startsAt).toEqual(iso("2025-03-08T05:00:00Z"));
    expect(event.endsAt).toEqual(iso("2025-03-11T04:00:00Z"));

    // Sending back what get returned changes nothing.
    const same = await api.calendar.update({ id: event.id, startsAt: event.startsAt, endsAt: event.endsAt, allDay: true });
    expect(same.startsAt).toEqual(event.startsAt);
    expect(same.endsAt).toEqual(event.endsAt);
  });

  it("takes instants inside a day as that day and defaults to one day", async () => {
    const user = await userIn(tz);
    const api = await callerFor(t.db, user);
    const one = await api.calendar.create({ title: "Holiday", allDay: true, startsAt: iso("2025-07-04T15:00:00Z") });
    expect(one.startsAt).toEqual(iso("2025-07-04T04:00:00Z"));
    expect(one.endsAt).toEqual(iso("2025-07-05T04:00:00Z"));
    const span = await api.calendar.create({
      title: "Conference",
      allDay: true,
      startsAt: "2025-07-07T10:00",
      endsAt: iso("2025-07-08T20:00:00Z"),
    });
    expect(span.startsAt).toEqual(iso("2025-07-07T04:00:00Z"));
    expect(span.endsAt).toEqual(iso("2025-07-09T04:00:00Z"));
  });

  it("rejects a last day before the first day on endsAt", async () => {
    const user = await userIn(tz);
    const api = await callerFor(t.db, user);
    const fields = await fieldErrorsOf(
      api.calendar.create({ title: "Backwards", allDay: true, startsAt: "2025-03-10", endsAt: "2025-03-09" }),
    );
    expect(fields.endsAt?.[0]).toMatch(/end on or after/);
  });

  it("resolveEventTimes keeps a timed event's instants", () => {
    expect(
      resolveEventTimes({ startsAt: iso("2025-01-01T10:00:00Z"), endsAt: null, allDay: false }, "Europe/Berlin"),
    ).toEqual({ startsAt: iso("2025-01-01T10:00:00Z"), endsAt: null });
    expect(resolveEventTimes({ startsAt: "2025-01-01", allDay: true }, "Europe/Berlin")).toEqual({
      startsAt: iso("2024-12-31T23:00:00Z"),
      endsAt: iso("2025-01-01T23:00:00Z"),
    });
  });
});

describe("calendar.list overlap semantics", () => {
  it("returns exactly the events overlapping [from, to), ordered by start", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const mk = (title: string, startsAt: string, endsAt?: string | null, allDay = false) =>
      api.calendar.create({ title, startsAt: allDay ? startsAt : iso(startsAt), endsAt: endsAt && !allDay ? iso(endsAt) : endsAt, allDay });

    // Range: Mar 10 (whole day, UTC).
    await mk("ends inside", "2025-03-09T22:00:00Z", "2025-03-10T01:00:00Z");
    await mk("inside", "2025-03-10T09:00:00Z", "2025-03-10T10:00:00Z");
    await mk("spans the range", "2025-03-01T00:00:00Z", "2025-03-20T00:00:00Z");
    await mk("starts inside, ends after", "2025-03-10T23:00:00Z", "2025-03-11T02:00:00Z");
    await mk("point at from", "2025-03-10T00:00:00Z", null);
    await mk("all-day that day", "2025-03-10", null, true);
    await mk("multi-day all-day", "2025-03-08", "2025-03-12", true);
    await mk("ends exactly at from", "2025-03-09T22:00:00Z", "2025-03-10T00:00:00Z");
    await mk("starts exactly at to", "2025-03-11T00:00:00Z", "2025-03-11T01:00:00Z");
    await mk("point before", "2025-03-09T23:59:59Z", null);
    await mk("all-day the day before", "2025-03-09", null, true);
    await mk("all-day the day after", "2025-03-11", null, true);

    const { items, truncated } = await api.calendar.list({ from: "2025-03-10", to: "2025-03-11" });
    expect(truncated).toBe(false);
    expect(items.map((e) => e.title)).toEqual([
      "spans the range",
      "multi-day all-day",
      "ends inside",
      "all-day that day",
      "point at from",
      "inside",
      "starts inside, ends after",
    ]);
  });

  it("reads date bounds in the user's zone", async () => {
    const user = await userIn("Asia/Tokyo");
    const api = await callerFor(t.db, user);
    // 08:00 on Mar 10 in Tokyo is 23:00 UTC on Mar 9.
    await api.calendar.create({ title: "Tokyo morning", startsAt: "2025-03-10T08:00", endsAt: "2025-03-10T09:00" });
    expect((await api.calendar.list({ from: "2025-03-10", to: "2025-03-11" })).items.map((e) => e.title)).toEqual([
      "Tokyo morning",
    ]);
    expect((await api.calendar.list({ from: "2025-03-09", to: "2025-03-10" })).items).toEqual([]);
  });

  it("filters by contact", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    await api.calendar.create({ title: "With Ada", startsAt: iso("2025-05-01T10:00:00Z"), contactIds: [ada.id] });
    await api.calendar.create({ title: "Alone", startsAt: iso("2025-05-01T11:00:00Z") });
    const list = await api.calendar.list({ from: "2025-05-01", to: "2025-05-02", contactId: ada.id });
    expect(list.items.map((e) => e.title)).toEqual(["With Ada"]);
  });

  it("rejects an empty, inverted or too long range on `to`", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    expect(Object.keys(await fieldErrorsOf(api.calendar.list({ from: "2025-03-10", to: "2025-03-10" })))).toEqual(["to"]);
    expect(Object.keys(await fieldErrorsOf(api.calendar.list({ from: "2025-03-10", to: "2025-03-01" })))).toEqual(["to"]);
    expect(
      (await fieldErrorsOf(api.calendar.list({ from: "2025-01-01", to: "2026-03-01" }))).to?.[0],
    ).toMatch(/at most 400 days/);
    expect(Object.keys(await fieldErrorsOf(api.calendar.list({ from: "soon", to: "2025-03-01" })))).toEqual(["from"]);
    // 400 days is fine.
    await expect(api.calendar.list({ from: "2025-01-01", to: "2026-02-05" })).resolves.toMatchObject({ items: [] });
  });
});

describe("calendar.update / delete", () => {
  it("updates only what is given and replaces contacts when contactIds is given", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const bob = await createTestContact(t.db, user.id, "Bob");
    const event = await api.calendar.create({
      title: "Sync",
      description: "Weekly",
      startsAt: iso("2025-03-10T12:00:00Z"),
      endsAt: iso("2025-03-10T13:00:00Z"),
      reminderMinutes: 10,
      contactIds: [ada.id],
    });

    const renamed = await api.calendar.update({ id: event.id, title: "Sync 2" });
    expect(renamed).toMatchObject({
      title: "Sync 2",
      description: "Weekly",
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      reminderMinutes: 10,
    });
    expect(renamed.contacts.map((c) => c.id)).toEqual([ada.id]);

    const swapped = await api.calendar.update({ id: event.id, contactIds: [bob.id], description: null, reminderMinutes: null });
    expect(swapped.contacts.map((c) => c.id)).toEqual([bob.id]);
    expect(swapped.description).toBeNull();
    expect(swapped.reminderMinutes).toBeNull();

    const moved = await api.calendar.update({ id: event.id, endsAt: iso("2025-03-10T15:00:00Z") });
    expect(moved.endsAt).toEqual(iso("2025-03-10T15:00:00Z"));

    const cleared = await api.calendar.update({ id: event.id, contactIds: [] });
    expect(cleared.contacts).toEqual([]);
  });

  it("checks the end against the stored start and writes nothing on bad input", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const event = await api.calendar.create({
      title: "Keep",
      startsAt: iso("2025-03-10T12:00:00Z"),
      endsAt: iso("2025-03-10T13:00:00Z"),
      contactIds: [ada.id],
    });
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.update({ id: event.id, endsAt: iso("2025-03-10T11:00:00Z") }))),
    ).toEqual(["endsAt"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.update({ id: event.id, startsAt: iso("2025-03-10T14:00:00Z") }))),
    ).toEqual(["endsAt"]);
    expect(
      Object.keys(await fieldErrorsOf(api.calendar.update({ id: event.id, title: "Changed", contactIds: ["missing"] }))),
    ).toEqual(["contactIds"]);
    expect(Object.keys(await fieldErrorsOf(api.calendar.update({ id: event.id, title: "" })))).toEqual(["title"]);
    expect(await api.calendar.get({ id: event.id })).toEqual(event);
  });

  it("switches between timed and all-day", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const event = await api.calendar.create({
      title: "Offsite",
      startsAt: iso("2025-03-10T12:00:00Z"),
      endsAt: iso("2025-03-11T15:00:00Z"),
    });
    const allDay = await api.calendar.update({ id: event.id, allDay: true });
    expect(allDay).toMatchObject({ allDay: true, startsAt: iso("2025-03-10T00:00:00Z"), endsAt: iso("2025-03-12T00:00:00Z") });
    const timed = await api.calendar.update({
      id: event.id,
      allDay: false,
      startsAt: iso("2025-03-10T09:00:00Z"),
      endsAt: iso("2025-03-10T10:00:00Z"),
    });
    expect(timed).toMatchObject({ allDay: false, startsAt: iso("2025-03-10T09:00:00Z"), endsAt: iso("2025-03-10T10:00:00Z") });
  });

  it("deletes an event and its contact links, keeping the contacts", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user);
    const ada = await createTestContact(t.db, user.id, "Ada");
    const event = await api.calendar.create({ title: "Gone", startsAt: iso("2025-03-10T12:00:00Z"), contactIds: [ada.id] });
    expect(await api.calendar.delete({ id: event.id })).toEqual({ id: event.id });
    expect((await trpcErrorOf(api.calendar.get({ id: event.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(api.calendar.delete({ id: event.id }))).code).toBe("NOT_FOUND");
    expect(await t.db.calendarEventContact.count({ where: { eventId: event.id } })).toBe(0);
    expect(await t.db.contact.count({ where: { id: ada.id } })).toBe(1);
  });
});

describe("calendar authorization", () => {
  it("hides another user's events: NOT_FOUND for get, update, delete; never listed", async () => {
    const owner = await userIn("UTC");
    const intruder = await userIn("UTC");
    const ownerApi = await callerFor(t.db, owner);
    const intruderApi = await callerFor(t.db, intruder);
    const ada = await createTestContact(t.db, owner.id, "Ada");
    const event = await ownerApi.calendar.create({
      title: "Private",
      startsAt: iso("2025-06-01T12:00:00Z"),
      contactIds: [ada.id],
    });

    expect((await trpcErrorOf(intruderApi.calendar.get({ id: event.id }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(intruderApi.calendar.update({ id: event.id, title: "Mine now" }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(intruderApi.calendar.delete({ id: event.id }))).code).toBe("NOT_FOUND");
    expect((await intruderApi.calendar.list({ from: "2025-06-01", to: "2025-06-02" })).items).toEqual([]);
    expect(
      (await intruderApi.calendar.list({ from: "2025-06-01", to: "2025-06-02", contactId: ada.id })).items,
    ).toEqual([]);
    // The intruder cannot link the owner's contact to their own event either.
    expect(
      Object.keys(
        await fieldErrorsOf(intruderApi.calendar.create({ title: "x", startsAt: new Date(), contactIds: [ada.id] })),
      ),
    ).toEqual(["contactIds"]);

    expect(await ownerApi.calendar.get({ id: event.id })).toEqual(event);
    expect((await ownerApi.calendar.list({ from: "2025-06-01", to: "2025-06-02" })).items.map((e) => e.id)).toEqual([
      event.id,
    ]);
  });
});
