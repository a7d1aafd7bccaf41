import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { createTestContact } from "~/test/contacts";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { dayInYear, nextDateLocal, upcomingImportantDates, yearlyRule } from "./important-dates";
import { readHistory } from "./occurrences";
import { nextOccurrences } from "./schedule";

let t: TestDatabase;
let h: TelephonyHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  // Its pg-boss sender is the job queue the reminders' occurrences are queued on.
  h = await startTelephonyHarness(t);
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
});

const NY = "America/New_York";
const jobs = () => h.services.jobs();

async function userIn(timezone: string) {
  const user = await createTestUser(t.db);
  return t.db.user.update({ where: { id: user.id }, data: { timezone } });
}

async function scheduledOf(reminderId: string) {
  return t.db.reminderOccurrence.findMany({ where: { reminderId, state: "scheduled" }, select: { id: true, dueAt: true } });
}

describe("yearly rules", () => {
  it("remembers February 29 on the last day of February: the 28th in common years, the 29th in leap years", () => {
    expect(yearlyRule(2, 29)).toBe("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
    expect(yearlyRule(7, 4)).toBe("FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4");
    const spec = { timeZone: NY, startsAtLocal: nextDateLocal(2, 29, NY, new Date("2026-12-07T12:00:00Z")), rrule: yearlyRule(2, 29) };
    expect(spec.startsAtLocal).toBe("2027-02-28T09:00");
    expect(nextOccurrences(spec, new Date("2026-12-07T12:00:00Z"), 4).map((d) => d.toISOString())).toEqual([
      "2027-02-28T14:00:00.000Z",
      "2028-02-29T14:00:00.000Z",
      "2029-02-28T14:00:00.000Z",
      "2030-02-28T14:00:00.000Z",
    ]);
    expect([dayInYear(2, 29, 2027), dayInYear(2, 29, 2028), dayInYear(3, 1, 2027)]).toEqual([28, 29, 1]);
  });

  it("takes this year's date until its 9:00 has passed, then next year's", () => {
    expect(nextDateLocal(12, 7, NY, new Date("2026-12-07T13:59:00Z"))).toBe("2026-12-07T09:00");
    expect(nextDateLocal(12, 7, NY, new Date("2026-12-07T14:00:00Z"))).toBe("2027-12-07T09:00");
  });
});

describe("a contact renamed", () => {
  it("rewords the reminders Switchboard wrote about them (keep in touch, important dates), not the user's own", async () => {
    const user = await userIn(NY);
    const bob = await createTestContact(t.db, user.id, "Bob", "Stone");
    const api = await callerFor(t.db, user, { jobs });
    await api.keepInTouch.set({ contactId: bob.id, every: 2, unit: "weeks" });
    const date = await api.keepInTouch.createDate({ contactId: bob.id, kind: "birthday", month: 5, day: 4 });
    const own = await t.db.reminder.create({
      data: { userId: user.id, contactId: bob.id, kind: "custom", title: "Ask Bob about the boat", message: "Bob's boat", timeZone: NY, startsAtLocal: "2030-01-01T09:00", channels: ["in_app"] },
    });

    await api.contacts.update({ id: bob.id, firstName: "Robert", lastName: "Stone" });
    const reminders = await t.db.reminder.findMany({ where: { userId: user.id }, orderBy: { kind: "asc" }, select: { kind: true, title: true, message: true } });
    expect(reminders).toEqual(
      expect.arrayContaining([
        { kind: "keep_in_touch", title: "Get in touch with Robert Stone", message: "You wanted to stay in touch with Robert Stone every 2 weeks, and it has been that long." },
        { kind: "important_date", title: "Robert Stone's birthday", message: "Today: Robert Stone's birthday." },
        { kind: "custom", title: own.title, message: own.message },
      ]),
    );
    expect(date.reminderId).not.toBeNull();
  });
});

describe("keepInTouch.createDate / updateDate / deleteDate", () => {
  it("creates a birthday with its yearly in-app reminder and the next occurrence's job; editing moves it; deleting removes it", async () => {
    const user = await userIn(NY);
    const ada = await createTestContact(t.db, user.id);
    const api = await callerFor(t.db, user, { jobs });

    const now = new Date();
    const month = ((new Date(now.getTime() + 40 * 86400_000).getUTCMonth()) % 12) + 1;
    const date = await api.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month, day: 15, year: 1990 });
    expect(date).toMatchObject({ contactId: ada.id, kind: "birthday", month, day: 15, year: 1990, label: null });
    const reminder = await t.db.reminder.findUniqueOrThrow({ where: { id: date.reminderId! } });
    expect(reminder).toMatchObject({
      kind: "important_date",
      contactId: ada.id,
      title: "Ada Lovelace's birthday",
      channels: ["in_app"],
      rrule: `FREQ=YEARLY;BYMONTH=${month};BYMONTHDAY=15`,
      timeZone: NY,
    });
    const first = await scheduledOf(reminder.id);
    expect(first).toHaveLength(1);
    expect(reminder.nextDueAt).toEqual(first[0]!.dueAt);
    expect(date.nextDueAt).toEqual(first[0]!.dueAt);
    // 9:00 in New York on the 15th of that month.
    const local = new Intl.DateTimeFormat("en-US", { timeZone: NY, month: "numeric", day: "numeric", hour: "numeric", hour12: false }).format(first[0]!.dueAt);
    expect(local).toBe(`${month}/15, 09`);
    const jobRows = await t.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'reminders.due' AND data->>'occurrenceId' = ${first[0]!.id}`;
    expect(Number(jobRows[0]!.n)).toBe(1);

    // Editing the day moves the scheduled occurrence (the old one is cancelled), same reminder.
    const edited = await api.keepInTouch.updateDate({ id: date.id, kind: "birthday", month, day: 16, year: 1990 });
    expect(edited.reminderId).toBe(date.reminderId);
    const moved = await scheduledOf(reminder.id);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.dueAt.getTime() - first[0]!.dueAt.getTime()).toBe(86400_000);
    const old = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: first[0]!.id } });
    expect(old.state).toBe("cancelled");
    expect(readHistory(old.history).at(-1)).toMatchObject({ step: "cancelled", detail: "The date was edited." });
    expect((await t.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).rrule).toBe(`FREQ=YEARLY;BYMONTH=${month};BYMONTHDAY=16`);

    expect(await api.keepInTouch.dates({ contactId: ada.id })).toEqual([expect.objectContaining({ id: date.id, day: 16 })]);

    await api.keepInTouch.deleteDate({ id: date.id });
    expect(await t.db.contactDate.count({ where: { id: date.id } })).toBe(0);
    expect(await t.db.reminder.count({ where: { id: reminder.id } })).toBe(0);
  });

  it("names custom dates by their label and anniversaries with theirs", async () => {
    const user = await userIn("UTC");
    const ada = await createTestContact(t.db, user.id);
    const api = await callerFor(t.db, user, { jobs });
    const custom = await api.keepInTouch.createDate({ contactId: ada.id, kind: "custom", label: "Sobriety date", month: 3, day: 1 });
    const wedding = await api.keepInTouch.createDate({ contactId: ada.id, kind: "anniversary", label: "Wedding", month: 6, day: 30 });
    const titles = await t.db.reminder.findMany({ where: { id: { in: [custom.reminderId!, wedding.reminderId!] } }, select: { title: true } });
    expect(titles.map((r) => r.title).sort()).toEqual(["Ada Lovelace's anniversary (Wedding)", "Sobriety date (Ada Lovelace)"]);
  });

  it("refuses impossible dates and an unnamed custom date as field errors, and saves nothing", async () => {
    const user = await userIn("UTC");
    const ada = await createTestContact(t.db, user.id);
    const api = await callerFor(t.db, user, { jobs });
    expect(await fieldErrorsOf(api.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month: 4, day: 31 }))).toEqual({
      day: ["That month has 30 days."],
    });
    expect(await fieldErrorsOf(api.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month: 2, day: 29, year: 1991 }))).toEqual({
      day: ["1991 has no February 29."],
    });
    expect(await fieldErrorsOf(api.keepInTouch.createDate({ contactId: ada.id, kind: "custom", label: "  ", month: 5, day: 5 }))).toEqual({
      label: ["Name this date."],
    });
    expect(await t.db.contactDate.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.reminder.count({ where: { userId: user.id } })).toBe(0);
    // A leap-year birthday with its year is fine.
    await api.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month: 2, day: 29, year: 1992 });
  });

  it("never lets another user read, add to, edit or delete a contact's dates", async () => {
    const owner = await userIn("UTC");
    const ada = await createTestContact(t.db, owner.id);
    const api = await callerFor(t.db, owner, { jobs });
    const date = await api.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month: 1, day: 2 });
    const stranger = await callerFor(t.db, await userIn("UTC"), { jobs });
    for (const attempt of [
      () => stranger.keepInTouch.dates({ contactId: ada.id }),
      () => stranger.keepInTouch.createDate({ contactId: ada.id, kind: "birthday", month: 1, day: 3 }),
      () => stranger.keepInTouch.updateDate({ id: date.id, kind: "birthday", month: 1, day: 4 }),
      () => stranger.keepInTouch.deleteDate({ id: date.id }),
    ]) {
      expect((await trpcErrorOf(attempt())).code).toBe("NOT_FOUND");
    }
    expect(await t.db.contactDate.findUniqueOrThrow({ where: { id: date.id } })).toMatchObject({ day: 2, userId: owner.id });
    expect(await t.db.contactDate.count({ where: { contactId: ada.id } })).toBe(1);
  });

  it("moves a merged contact's dates to the survivor", async () => {
    const user = await userIn("UTC");
    const api = await callerFor(t.db, user, { jobs });
    const survivor = await createTestContact(t.db, user.id, "Ada", "Lovelace");
    const duplicate = await createTestContact(t.db, user.id, "Ada", null);
    const date = await api.keepInTouch.createDate({ contactId: duplicate.id, kind: "birthday", month: 12, day: 10 });
    const merged = await api.contacts.merge({ survivorId: survivor.id, duplicateId: duplicate.id });
    expect(merged.moved.dates).toBe(1);
    expect(await t.db.contactDate.findUniqueOrThrow({ where: { id: date.id } })).toMatchObject({ contactId: survivor.id });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { id: date.reminderId! } })).toMatchObject({ contactId: survivor.id });
  });
});

describe("the reconnect card's important dates", () => {
  it("lists the next 7 days' dates soonest first with the years they mark, Feb 29 on Feb 28 in a common year", async () => {
    const user = await userIn(NY);
    const other = await userIn(NY);
    const ada = await createTestContact(t.db, user.id, "Ada", "Lovelace");
    const bo = await createTestContact(t.db, user.id, "Bo", null);
    const cy = await createTestContact(t.db, user.id, "Cy", null);
    const foreign = await createTestContact(t.db, other.id, "Dee", null);
    await t.db.contactDate.createMany({
      data: [
        { userId: user.id, contactId: ada.id, kind: "birthday", month: 2, day: 29, year: 1988 },
        { userId: user.id, contactId: bo.id, kind: "anniversary", month: 3, day: 2, year: 2017 },
        { userId: user.id, contactId: cy.id, kind: "birthday", month: 3, day: 10 },
        { userId: other.id, contactId: foreign.id, kind: "birthday", month: 2, day: 27 },
      ],
    });
    // 26 February 2027, 8 PM in New York (already the 27th in UTC).
    const now = new Date("2027-02-27T01:00:00Z");
    const upcoming = await upcomingImportantDates(t.db, user.id, NY, now, 5);
    expect(upcoming.map((d) => [d.contact.firstName, d.on, d.inDays, d.years])).toEqual([
      ["Ada", "2027-02-28", 2, 39],
      ["Bo", "2027-03-02", 4, 10],
    ]);
  });
});
