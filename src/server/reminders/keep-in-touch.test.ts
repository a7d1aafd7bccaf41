import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDaysIn, parseTime, toWallDate } from "~/lib/zoned-time";
import { callerFor } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { trpcErrorOf } from "~/test/errors";
import { CallLeg, messageReceived } from "~/test/fakes/telnyx-webhooks";
import { createTelnyxUser, startTelephonyHarness, type TelephonyHarness } from "~/test/telephony";
import { touchContact } from "~/server/contacts/counterpart";
import { driftedAt, firstNudgeAt, keepInTouchDue } from "./keep-in-touch";
import { readHistory } from "./occurrences";

let t: TestDatabase;
let h: TelephonyHarness;
beforeAll(async () => {
  t = await startTestDatabase();
  h = await startTelephonyHarness(t);
});
afterAll(async () => {
  await h?.stop();
  await t?.stop();
});
beforeEach(() => {
  h.api.reset();
});

const NY = "America/New_York";
const DAY = 24 * 3600_000;

/** 9:00 in `zone` on the day `days` after `from`'s day there, computed with the calendar helpers. */
function nineAm(from: Date, days: number, zone = NY): Date {
  return parseTime(`${toWallDate(addDaysIn(from, days, zone), zone)}T09:00`, zone);
}

async function userWithContact(phone: string, lastContactedAt: Date | null) {
  const { user, number } = await createTelnyxUser(t.db);
  await t.db.user.update({ where: { id: user.id }, data: { timezone: NY } });
  const contact = await t.db.contact.create({ data: { userId: user.id, firstName: "Maya", lastName: "Lopez", phones: [phone], lastContactedAt } });
  return { user, number, contact };
}

async function occurrencesOf(contactId: string) {
  const reminder = await t.db.reminder.findFirstOrThrow({ where: { contactId, kind: "keep_in_touch" } });
  const occurrences = await t.db.reminderOccurrence.findMany({ where: { reminderId: reminder.id }, orderBy: { createdAt: "asc" } });
  return { reminder, occurrences, scheduled: occurrences.filter((o) => o.state === "scheduled") };
}

/** The queued reminders.due jobs of an occurrence (pg-boss's own table: the outbox wrote them). */
async function dueJobs(occurrenceId: string) {
  return t.db.$queryRaw<{ startAfter: Date }[]>`
    SELECT start_after AS "startAfter" FROM pgboss.job
    WHERE name = 'reminders.due' AND data->>'occurrenceId' = ${occurrenceId} AND state = 'created'`;
}

describe("when a keep-in-touch nudge is due", () => {
  it("is 9:00 local on the day N days after the last touch, keeping 9:00 across a DST change", () => {
    // Last call 1 March 2027, 23:30 in New York (already 2 March in UTC): 30 days on is 31 March, after the March change.
    const anchor = new Date("2027-03-02T04:30:00Z");
    expect(driftedAt(anchor, 30, NY)).toEqual(new Date("2027-03-31T13:00:00Z"));
    expect(driftedAt(anchor, 7, "Europe/Berlin")).toEqual(new Date("2027-03-09T08:00:00Z"));
  });

  it("is the next 9:00 from now when you have already drifted", () => {
    const longAgo = new Date("2026-01-01T12:00:00Z");
    expect(firstNudgeAt(longAgo, 30, NY, new Date("2026-12-07T12:00:00Z"))).toEqual(new Date("2026-12-07T14:00:00Z"));
    expect(firstNudgeAt(longAgo, 30, NY, new Date("2026-12-07T15:00:00Z"))).toEqual(new Date("2026-12-08T14:00:00Z"));
  });
});

describe("keepInTouch.set / get / clear", () => {
  it("creates one in-app keep_in_touch reminder due N days after the last touch, with its queued job", async () => {
    const lastCall = new Date(Date.now() - 3 * DAY);
    const { user, contact } = await userWithContact("+13125550140", lastCall);
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });

    const result = await api.keepInTouch.set({ contactId: contact.id, every: 2, unit: "weeks" });
    expect(result.keepInTouch).toMatchObject({ days: 14, every: 2, unit: "weeks", lastTouchAt: lastCall, overdueDays: null });

    const { reminder, occurrences, scheduled } = await occurrencesOf(contact.id);
    expect(reminder).toMatchObject({
      kind: "keep_in_touch",
      channels: ["in_app"],
      keepInTouchDays: 14,
      timeZone: NY,
      rrule: "FREQ=DAILY;INTERVAL=14",
      title: "Get in touch with Maya Lopez",
      nextDueAt: nineAm(lastCall, 14),
    });
    expect(occurrences).toHaveLength(1);
    expect(scheduled[0]!.dueAt).toEqual(nineAm(lastCall, 14));
    expect(await dueJobs(scheduled[0]!.id)).toEqual([{ startAfter: nineAm(lastCall, 14) }]);

    // Changing the period moves the one scheduled nudge; nothing is duplicated.
    await api.keepInTouch.set({ contactId: contact.id, every: 10, unit: "days" });
    const after = await occurrencesOf(contact.id);
    expect(after.scheduled.map((o) => o.dueAt)).toEqual([nineAm(lastCall, 10)]);
    expect(after.occurrences.filter((o) => o.state === "cancelled")).toHaveLength(1);
    expect(await t.db.reminder.count({ where: { contactId: contact.id } })).toBe(1);

    await api.keepInTouch.clear({ contactId: contact.id });
    expect(await t.db.reminder.count({ where: { contactId: contact.id } })).toBe(0);
    expect((await api.keepInTouch.get({ contactId: contact.id })).keepInTouch).toBeNull();
  });

  it("nudges at the next 9:00 when the contact is already overdue, and says by how much", async () => {
    const { user, contact } = await userWithContact("+13125550141", new Date(Date.now() - 45 * DAY));
    const now = new Date();
    const api = await callerFor(t.db, user, { jobs: h.services.jobs, now: () => now });
    const result = await api.keepInTouch.set({ contactId: contact.id, every: 30, unit: "days" });
    expect(result.keepInTouch!.overdueDays).toBeGreaterThanOrEqual(14);
    const { scheduled } = await occurrencesOf(contact.id);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.dueAt.getTime()).toBeGreaterThan(now.getTime());
    expect(scheduled[0]!.dueAt.getTime() - now.getTime()).toBeLessThanOrEqual(DAY);
  });

  it("refuses a period over a year as a field error, and another user's contact as not found", async () => {
    const { user, contact } = await userWithContact("+13125550142", null);
    const { user: other } = await userWithContact("+13125550143", null);
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });
    const stranger = await callerFor(t.db, other, { jobs: h.services.jobs });

    const tooLong = await trpcErrorOf(api.keepInTouch.set({ contactId: contact.id, every: 53, unit: "weeks" }));
    expect(tooLong.code).toBe("BAD_REQUEST");
    expect(tooLong.message).toContain("At most a year");

    await api.keepInTouch.set({ contactId: contact.id, every: 3, unit: "weeks" });
    for (const attempt of [
      () => stranger.keepInTouch.set({ contactId: contact.id, every: 1, unit: "days" }),
      () => stranger.keepInTouch.get({ contactId: contact.id }),
      () => stranger.keepInTouch.clear({ contactId: contact.id }),
    ]) {
      expect((await trpcErrorOf(attempt())).code).toBe("NOT_FOUND");
    }
    // Untouched by the stranger.
    expect(await t.db.reminder.findFirstOrThrow({ where: { contactId: contact.id } })).toMatchObject({ keepInTouchDays: 21, userId: user.id });
  });
});

describe("a call, a text or an event with the contact moves the scheduled nudge", () => {
  it("a call: the scheduled occurrence is cancelled and the next one scheduled in the call's transaction", async () => {
    const { user, number, contact } = await userWithContact("+13125550150", new Date(Date.now() - 20 * DAY));
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });
    await api.keepInTouch.set({ contactId: contact.id, every: 30, unit: "days" });
    const before = await occurrencesOf(contact.id);
    expect(before.scheduled).toHaveLength(1);

    const callAt = new Date();
    const leg = new CallLeg({ from: "+13125550150", to: number.e164, direction: "incoming" });
    await h.deliver(leg.initiated(callAt));

    const after = await occurrencesOf(contact.id);
    expect(after.scheduled.map((o) => o.dueAt)).toEqual([nineAm(callAt, 30)]);
    const old = after.occurrences.find((o) => o.id === before.scheduled[0]!.id)!;
    expect(old.state).toBe("cancelled");
    expect(readHistory(old.history).at(-1)).toMatchObject({ step: "cancelled", detail: "In touch again: the next nudge moved." });
    expect(after.reminder.nextDueAt).toEqual(nineAm(callAt, 30));
    expect(await dueJobs(after.scheduled[0]!.id)).toEqual([{ startAfter: nineAm(callAt, 30) }]);

    // The call's later events touch nothing newer: no further move, no duplicate.
    await h.deliver(leg.hangup(new Date(callAt.getTime() + 60_000)));
    const later = await occurrencesOf(contact.id);
    expect(later.occurrences).toHaveLength(after.occurrences.length);
    expect(later.scheduled.map((o) => o.id)).toEqual(after.scheduled.map((o) => o.id));
  });

  it("a text: the same move, and an older text (delivered late) moves nothing", async () => {
    const { user, number, contact } = await userWithContact("+13125550151", new Date(Date.now() - 5 * DAY));
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });
    await api.keepInTouch.set({ contactId: contact.id, every: 7, unit: "days" });

    const textAt = new Date();
    await h.deliver(messageReceived({ from: "+13125550151", to: number.e164, text: "Coffee next week?", at: textAt }));
    const after = await occurrencesOf(contact.id);
    expect(after.scheduled.map((o) => o.dueAt)).toEqual([nineAm(textAt, 7)]);
    expect(after.occurrences.filter((o) => o.state === "cancelled")).toHaveLength(1);

    await h.deliver(messageReceived({ from: "+13125550151", to: number.e164, text: "an old one", at: new Date(textAt.getTime() - 2 * DAY) }));
    const again = await occurrencesOf(contact.id);
    expect(again.occurrences).toHaveLength(after.occurrences.length);
    expect(again.scheduled.map((o) => o.dueAt)).toEqual([nineAm(textAt, 7)]);
  });

  it("a text sent from Switchboard: moves the nudge too", async () => {
    const { user, contact } = await userWithContact("+13125550154", new Date(Date.now() - 6 * DAY));
    const api = await callerFor(t.db, user, { jobs: h.services.jobs, telephony: h.telnyx });
    await api.keepInTouch.set({ contactId: contact.id, every: 10, unit: "days" });
    const before = await occurrencesOf(contact.id);

    await api.messages.send({ contactId: contact.id, body: "Happy to see you soon" });
    const sentAt = (await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).lastContactedAt!;
    const after = await occurrencesOf(contact.id);
    expect(after.scheduled.map((o) => o.dueAt)).toEqual([nineAm(sentAt, 10)]);
    expect(after.scheduled[0]!.dueAt).not.toEqual(before.scheduled[0]!.dueAt);
  });

  it("a calendar event with them: moves the nudge to N days after it; deleting it moves the nudge back", async () => {
    const lastCall = new Date(Date.now() - 2 * DAY);
    const { user, contact } = await userWithContact("+13125550152", lastCall);
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });
    await api.keepInTouch.set({ contactId: contact.id, every: 14, unit: "days" });

    const lunch = new Date(Date.now() + 3 * DAY);
    const event = await api.calendar.create({ title: "Lunch with Maya", startsAt: lunch, contactIds: [contact.id] });
    expect((await occurrencesOf(contact.id)).scheduled.map((o) => o.dueAt)).toEqual([nineAm(lunch, 14)]);

    await api.calendar.delete({ id: event.id });
    const after = await occurrencesOf(contact.id);
    expect(after.scheduled.map((o) => o.dueAt)).toEqual([nineAm(lastCall, 14)]);
    // Back to the first time: the cancelled row is revived, never a second row for that time.
    expect(after.occurrences).toHaveLength(2);
  });

  it("a touch of a contact without a keep-in-touch reminder never reaches the job queue", async () => {
    const { user, contact } = await userWithContact("+13125550153", null);
    const noQueue = () => Promise.reject(new Error("the job queue was reached"));
    await t.db.$transaction((tx) => touchContact({ jobs: noQueue }, tx, user.id, contact.id, new Date()));
    expect((await t.db.contact.findUniqueOrThrow({ where: { id: contact.id } })).lastContactedAt).not.toBeNull();
    expect(await t.db.reminder.count({ where: { contactId: contact.id } })).toBe(0);
  });
});

describe("the reconnect card's keep-in-touch list", () => {
  it("lists contacts whose day has come, most overdue first, only the user's", async () => {
    const { user, contact: overdue } = await userWithContact("+13125550160", new Date(Date.now() - 40 * DAY));
    const api = await callerFor(t.db, user, { jobs: h.services.jobs });
    await api.keepInTouch.set({ contactId: overdue.id, every: 30, unit: "days" });
    const fresh = await t.db.contact.create({ data: { userId: user.id, firstName: "Sam", phones: [], lastContactedAt: new Date() } });
    await api.keepInTouch.set({ contactId: fresh.id, every: 30, unit: "days" });
    const { user: other } = await userWithContact("+13125550161", new Date(Date.now() - 90 * DAY));
    const otherApi = await callerFor(t.db, other, { jobs: h.services.jobs });
    await otherApi.keepInTouch.set({ contactId: (await t.db.contact.findFirstOrThrow({ where: { userId: other.id } })).id, every: 1, unit: "weeks" });

    const due = await keepInTouchDue(t.db, user.id, NY, new Date(), 5);
    expect(due.map((d) => d.contact.id)).toEqual([overdue.id]);
    expect(due[0]).toMatchObject({ days: 30, contact: { firstName: "Maya", phones: ["+13125550160"] } });
    expect(due[0]!.overdueDays).toBeGreaterThanOrEqual(9);

    const summary = await api.dashboard.summary();
    expect(summary.keepInTouch.map((d) => d.contact.id)).toEqual([overdue.id]);
  });
});
