import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "~/server/services";
import { callerFor, createTestUser } from "~/test/callers";
import { createTestContact } from "~/test/contacts";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { startTelephonyHarness, createTelnyxUser, type TelephonyHarness } from "~/test/telephony";
import { createTestServices } from "~/test/services";
import { onDeadLetter } from "../../../worker/jobs";
import { scheduleOccurrences } from "./bulk";
import { PAUSED, runAttempt } from "./attempts";
import { runDueOccurrence } from "./due";
import { sweepLostOccurrences } from "./sweep";
import { sendEscalationTexts } from "./escalation";
import { dueJobId, readHistory } from "./occurrences";
import { recordAttemptOutcome } from "./outcome";
import type { CreateReminderInput } from "./schemas";

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

/** A clock the test moves; every service and job below reads it. */
function clock(start: string) {
  let now = new Date(start);
  return {
    now: () => new Date(now.getTime()),
    set(iso: string | Date) {
      now = new Date(iso);
    },
  };
}

function servicesAt(c: ReturnType<typeof clock>, parts: Partial<Services> = {}) {
  return createTestServices({ db: t.db, jobs: async () => h.sender, telephony: h.telnyx, now: c.now, ...parts });
}

async function callerAt(user: { id: string; email: string; name: string | null }, c: ReturnType<typeof clock>) {
  return callerFor(t.db, user, { jobs: async () => h.sender, telephony: h.telnyx, now: c.now });
}

async function withPhone(userId: string, first: string, phone: string | null) {
  const contact = await createTestContact(t.db, userId, first, "Tester");
  if (phone) await t.db.contact.update({ where: { id: contact.id }, data: { phones: [phone] } });
  return contact;
}

const daily = (over: Partial<CreateReminderInput> = {}): CreateReminderInput => ({
  kind: "medication",
  title: "Evening pills",
  message: "Time to take your evening pills.",
  timeZone: "America/New_York",
  startsAtLocal: "2027-03-10T20:00",
  rrule: "FREQ=DAILY",
  channels: ["in_app"],
  ...over,
});

async function boxJob(id: string) {
  const rows = await t.db.$queryRaw<{ name: string; start_after: Date; singleton_key: string | null; data: unknown }[]>`
    SELECT name, start_after, singleton_key, data FROM pgboss.job WHERE id = ${id}::uuid`;
  return rows[0] ?? null;
}

async function jobsFor(name: string, key: string, value: string) {
  return t.db.$queryRaw<{ id: string; start_after: Date }[]>`
    SELECT id::text, start_after FROM pgboss.job WHERE name = ${name} AND data->>${key} = ${value} ORDER BY start_after`;
}

describe("creating, editing and pausing", () => {
  it("schedules the first occurrence and its due job in one go, keyed by reminder and time", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily());
    expect(reminder.scheduleText).toBe("every day at 8:00 PM");
    expect(reminder.nextDueAt?.toISOString()).toBe("2027-03-11T01:00:00.000Z");
    const occurrences = await t.db.reminderOccurrence.findMany({ where: { reminderId: reminder.id } });
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]!.state).toBe("scheduled");
    const job = await boxJob(dueJobId(occurrences[0]!.id, 1));
    expect(job).toMatchObject({ name: "reminders.due", singleton_key: `${reminder.id}:2027-03-11T01:00:00.000Z`, data: { occurrenceId: occurrences[0]!.id } });
    expect(job!.start_after.toISOString()).toBe("2027-03-11T01:00:00.000Z");
    // pg-boss keeps a waiting job until its start plus the retention, so one due a year ahead is not pruned first.
    const [kept] = await t.db.$queryRaw<{ keep_until: Date }[]>`SELECT keep_until FROM pgboss.job WHERE id = ${dueJobId(occurrences[0]!.id, 1)}::uuid`;
    expect(kept!.keep_until.getTime()).toBeGreaterThan(job!.start_after.getTime());

    const list = await api.reminders.list({});
    expect(list.items.map((r) => [r.id, r.scheduleText, r.nextDueAt?.toISOString()])).toEqual([[reminder.id, "every day at 8:00 PM", "2027-03-11T01:00:00.000Z"]]);
    const preview = await api.reminders.preview({ timeZone: "America/New_York", startsAtLocal: "2027-03-12T20:00", rrule: "FREQ=DAILY", count: 3 });
    expect(preview).toEqual({ times: ["2027-03-13T01:00:00.000Z", "2027-03-14T01:00:00.000Z", "2027-03-15T00:00:00.000Z"], text: "every day at 8:00 PM" });
    const window = { from: new Date("2027-03-10T00:00:00Z"), to: new Date("2027-03-12T00:00:00Z") };
    const upcoming = await api.reminders.occurrences(window);
    expect(upcoming.items.map((o) => [o.id, o.title, o.state, o.attempts])).toEqual([[occurrences[0]!.id, "Evening pills", "scheduled", []]]);
    const stranger = await callerAt(await createTestUser(t.db), c);
    expect((await stranger.reminders.occurrences(window)).items).toEqual([]);
  });

  it("editing reschedules in one transaction without a duplicate occurrence, and back again", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily());
    const input = { ...daily(), id: reminder.id };

    await api.reminders.update({ ...input, title: "Pills" });
    let rows = await t.db.reminderOccurrence.findMany({ where: { reminderId: reminder.id }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.dueAt.toISOString(), r.state])).toEqual([["2027-03-11T01:00:00.000Z", "scheduled"]]);

    await api.reminders.update({ ...input, startsAtLocal: "2027-03-10T21:00" });
    rows = await t.db.reminderOccurrence.findMany({ where: { reminderId: reminder.id }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.dueAt.toISOString(), r.state])).toEqual([
      ["2027-03-11T01:00:00.000Z", "cancelled"],
      ["2027-03-11T02:00:00.000Z", "scheduled"],
    ]);

    const back = await api.reminders.update(input);
    expect(back.nextDueAt?.toISOString()).toBe("2027-03-11T01:00:00.000Z");
    rows = await t.db.reminderOccurrence.findMany({ where: { reminderId: reminder.id }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.dueAt.toISOString(), r.state])).toEqual([
      ["2027-03-11T01:00:00.000Z", "scheduled"],
      ["2027-03-11T02:00:00.000Z", "cancelled"],
    ]);
    // The revived occurrence has a new due job; its old one (if it ever runs) finds it started and stops.
    expect(await boxJob(dueJobId(rows[0]!.id, 2))).not.toBeNull();
    expect(readHistory(rows[0]!.history).map((s) => s.step)).toEqual(["scheduled", "cancelled", "rescheduled"]);

    // Both of its jobs run: the occurrence starts once.
    const services = servicesAt(c);
    c.set("2027-03-11T01:00:02Z");
    expect(await runDueOccurrence(services, rows[0]!.id)).toBe("started");
    expect(await runDueOccurrence(services, rows[0]!.id)).toBe("not_scheduled");
    expect(await runDueOccurrence(services, rows[1]!.id)).toBe("not_scheduled");
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: rows[0]!.id } })).toBe(1);
  });

  it("pausing skips the scheduled occurrence; resuming schedules from now, not what fell due meanwhile", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ startsAtLocal: "2027-03-01T20:00" }));
    const paused = await api.reminders.pause({ id: reminder.id });
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.nextDueAt).toBeNull();
    expect((await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } })).state).toBe("skipped");

    c.set("2027-03-05T12:00:00Z");
    const resumed = await api.reminders.resume({ id: reminder.id });
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.nextDueAt?.toISOString()).toBe("2027-03-06T01:00:00.000Z");
    expect(await t.db.reminderOccurrence.count({ where: { reminderId: reminder.id, state: "scheduled" } })).toBe(1);
  });

  it("plans a repeating reminder's later times in a range for the calendar, only the user's and only while active", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ startsAtLocal: "2027-03-01T20:00" }));
    await api.reminders.create(daily({ title: "Once", rrule: null, startsAtLocal: "2027-03-03T09:00" }));
    const week = { from: new Date("2027-03-01T05:00:00Z"), to: new Date("2027-03-08T05:00:00Z") };
    const planned = await api.reminders.planned(week);
    // The next time (Mar 1, 8 PM New York) is an occurrence already; the six after it are planned, 8 PM each day.
    expect(planned.items.map((p) => p.dueAt.toISOString())).toEqual([
      "2027-03-03T01:00:00.000Z",
      "2027-03-04T01:00:00.000Z",
      "2027-03-05T01:00:00.000Z",
      "2027-03-06T01:00:00.000Z",
      "2027-03-07T01:00:00.000Z",
      "2027-03-08T01:00:00.000Z",
    ]);
    expect(planned.items[0]).toMatchObject({ reminderId: reminder.id, title: "Evening pills", kind: "medication" });
    const stranger = await callerAt(await createTestUser(t.db), c);
    expect((await stranger.reminders.planned(week)).items).toEqual([]);
    await api.reminders.pause({ id: reminder.id });
    expect((await api.reminders.planned(week)).items).toEqual([]);
    expect((await fieldErrorsOf(api.reminders.planned({ from: week.from, to: new Date("2027-06-01T00:00:00Z") }))).to?.[0]).toMatch(/at most 62 days/);
  });

  it("another user's reminder is not found, and their contacts cannot be used", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const mine = await (await callerAt(owner, c)).reminders.create(daily());
    const theirs = await callerAt(other, c);
    const attempts = [
      () => theirs.reminders.get({ id: mine.id }),
      () => theirs.reminders.update({ ...daily(), id: mine.id }),
      () => theirs.reminders.pause({ id: mine.id }),
      () => theirs.reminders.resume({ id: mine.id }),
      () => theirs.reminders.delete({ id: mine.id }),
      () => theirs.reminders.testNow({ id: mine.id }),
    ];
    for (const call of attempts) expect((await trpcErrorOf(call())).code).toBe("NOT_FOUND");
    expect((await t.db.reminder.findUniqueOrThrow({ where: { id: mine.id } })).pausedAt).toBeNull();
    expect((await theirs.reminders.list({})).items).toEqual([]);
    expect((await theirs.reminders.history({ reminderId: mine.id })).items).toEqual([]);
    const ownersContact = await withPhone(owner.id, "Mom", "+14155550111");
    expect((await fieldErrorsOf(theirs.reminders.create(daily({ contactId: ownersContact.id })))).contactId).toBeDefined();
    expect((await fieldErrorsOf(theirs.reminders.create(daily({ escalationContactIds: [ownersContact.id] })))).escalationContactIds).toBeDefined();
    expect(await t.db.reminder.count({ where: { userId: other.id } })).toBe(0);
  });

  it("bad input gives field errors and saves nothing", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const noPhone = await withPhone(user.id, "Nophone", null);
    const helpers = await Promise.all(["A", "B", "C", "D"].map((n, i) => withPhone(user.id, n, `+1415555030${i}`)));
    const cases: [Partial<CreateReminderInput>, string, RegExp][] = [
      [{ rrule: "FREQ=DAILY;UNTIL=20270101T000000Z" }, "rrule", /never fires/],
      [{ rrule: "FREQ=MINUTELY;INTERVAL=2" }, "rrule", /every 5 minutes/],
      [{ startsAtLocal: "2027-03-14T02:30" }, "startsAtLocal", /does not exist/],
      [{ contactId: noPhone.id, channels: ["call"] }, "contactId", /no phone number/],
      [{ channels: ["sms"] }, "channels", /Add your phone/],
      [{ escalationContactIds: helpers.map((x) => x.id) }, "escalationContactIds", /at most 3/],
    ];
    for (const [over, field, message] of cases) {
      const errors = await fieldErrorsOf(api.reminders.create(daily(over)));
      expect(errors[field]?.[0], JSON.stringify(over)).toMatch(message);
    }
    expect((await fieldErrorsOf(api.reminders.preview({ timeZone: "America/New_York", startsAtLocal: "2027-03-14T02:30", rrule: null }))).startsAtLocal).toBeDefined();
    expect(await t.db.reminder.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.db.reminderOccurrence.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("a due occurrence", () => {
  async function dueReminder(graceMinutes = 15) {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    await t.db.user.update({ where: { id: user.id }, data: { reminderGraceMinutes: graceMinutes } });
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ startsAtLocal: "2027-03-01T20:00" }));
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    return { c, user, api, reminder, occurrence, services: servicesAt(c) };
  }

  it("on time: starts, delivers its in-app notice and schedules the next occurrence in the same transaction", async () => {
    const { c, user, reminder, occurrence, services } = await dueReminder();
    c.set("2027-03-02T01:00:01Z");
    expect(await runDueOccurrence(services, occurrence.id)).toBe("started");
    const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id }, include: { attempts: true } });
    expect(row).toMatchObject({ state: "delivered", lateSeconds: 1, startedAt: c.now(), finishedAt: c.now() });
    expect(readHistory(row.history).map((s) => [s.step, s.detail])).toEqual([
      ["scheduled", undefined],
      ["started", undefined],
      ["outcome", "attempt 1 (in_app): delivered"],
      ["delivered", undefined],
    ]);
    // The in-app attempt is delivered by the due job itself: no job of its own.
    expect(row.attempts.map((a) => [a.number, a.channel, a.commandId, a.outcome])).toEqual([[1, "in_app", `reminder:${occurrence.id}:1`, "delivered"]]);
    expect(await jobsFor("reminders.attempt", "attemptId", row.attempts[0]!.id)).toHaveLength(0);
    const notices = await t.db.notification.findMany({ where: { userId: user.id, type: "reminder" } });
    expect(notices.map((n) => [n.title, n.dedupeKey])).toEqual([["Evening pills", `reminder:${row.attempts[0]!.id}`]]);
    const next = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id, state: "scheduled" } });
    expect(next.dueAt.toISOString()).toBe("2027-03-03T01:00:00.000Z");
    expect((await t.db.reminder.findUniqueOrThrow({ where: { id: reminder.id } })).nextDueAt?.toISOString()).toBe("2027-03-03T01:00:00.000Z");
  });

  it("a call and in-app reminder: the call is queued as its own attempt job, the notice delivered at once", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const mom = await withPhone(user.id, "Mom", "+14155550170");
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ startsAtLocal: "2027-03-01T20:00", contactId: mom.id, channels: ["in_app", "call"] }));
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    c.set("2027-03-02T01:00:00Z");
    expect(await runDueOccurrence(servicesAt(c), occurrence.id)).toBe("started");
    const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id }, include: { attempts: { orderBy: { number: "asc" } } } });
    // The call decides (primary), so the occurrence waits for it; the notice is one more attempt, already delivered.
    expect(row.state).toBe("in_progress");
    expect(row.attempts.map((a) => [a.number, a.channel, a.outcome])).toEqual([
      [1, "call", null],
      [2, "in_app", "delivered"],
    ]);
    expect(await jobsFor("reminders.attempt", "attemptId", row.attempts[0]!.id)).toHaveLength(1);
    expect(await jobsFor("reminders.attempt", "attemptId", row.attempts[1]!.id)).toHaveLength(0);
    expect(readHistory(row.history).map((s) => s.detail ?? s.step)).toEqual(["scheduled", "started", "attempt 2 (in_app): delivered"]);
    const notice = await t.db.notification.findFirstOrThrow({ where: { userId: user.id, type: "reminder" } });
    expect(notice.body).toBe("For Mom Tester: Time to take your evening pills.");
  });

  it("a retried due job never makes a second attempt or a second next occurrence", async () => {
    const { c, reminder, occurrence, services } = await dueReminder();
    c.set("2027-03-02T01:00:01Z");
    const results = await Promise.all([runDueOccurrence(services, occurrence.id), runDueOccurrence(services, occurrence.id)]);
    expect(results.sort()).toEqual(["not_scheduled", "started"]);
    expect(await runDueOccurrence(services, occurrence.id)).toBe("not_scheduled");
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: occurrence.id } })).toBe(1);
    expect(await t.db.reminderOccurrence.count({ where: { reminderId: reminder.id } })).toBe(2);
  });

  it("down across it, inside the grace window: goes out late and says so", async () => {
    const { c, occurrence, services } = await dueReminder();
    c.set("2027-03-02T01:10:30Z");
    expect(await runDueOccurrence(services, occurrence.id)).toBe("started");
    const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } });
    expect(row.lateSeconds).toBe(630);
    const late = readHistory(row.history).find((s) => s.step === "late");
    expect(late?.detail).toMatch(/^late by 11 min/);
  });

  it("down across it, beyond the grace window: missed, the user told, never sent; the chain goes on", async () => {
    const { c, user, reminder, occurrence, services } = await dueReminder(15);
    c.set("2027-03-02T01:20:00Z");
    expect(await runDueOccurrence(services, occurrence.id)).toBe("missed");
    const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id }, include: { attempts: true } });
    expect(row).toMatchObject({ state: "missed", lateSeconds: 1200, attempts: [] });
    expect(readHistory(row.history).at(-1)?.detail).toMatch(/past the 15-minute grace window: not sent/);
    const notices = await t.db.notification.findMany({ where: { userId: user.id, type: "reminder_missed" } });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toBe("Reminder missed: Evening pills");
    expect(await t.db.notification.count({ where: { userId: user.id, type: "reminder" } })).toBe(0);
    const next = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id, state: "scheduled" } });
    expect(next.dueAt.toISOString()).toBe("2027-03-03T01:00:00.000Z");

    // Still down a day later: that one is missed too, recorded, without a second notice for the same outage.
    c.set("2027-03-03T02:00:00Z");
    expect(await runDueOccurrence(services, next.id)).toBe("missed");
    expect(await t.db.notification.count({ where: { userId: user.id, type: "reminder_missed" } })).toBe(1);
    expect(await t.db.reminderOccurrence.count({ where: { reminderId: reminder.id, state: "missed" } })).toBe(2);
  });

  it("the grace window is the user's setting: 20 minutes late goes out with 30 minutes of grace", async () => {
    const { c, api, occurrence, services } = await dueReminder(15);
    expect(await api.reminders.settings()).toEqual({ graceMinutes: 15 });
    expect((await fieldErrorsOf(api.reminders.updateSettings({ graceMinutes: 100_000 }))).graceMinutes).toBeDefined();
    expect(await api.reminders.updateSettings({ graceMinutes: 30 })).toEqual({ graceMinutes: 30 });
    c.set("2027-03-02T01:20:00Z");
    expect(await runDueOccurrence(services, occurrence.id)).toBe("started");
  });

  it("a paused reminder's leftover job skips it", async () => {
    const { c, api, reminder, occurrence, services } = await dueReminder();
    // Paused directly in the database, as if the job was already running when the pause committed.
    await t.db.reminder.update({ where: { id: reminder.id }, data: { pausedAt: c.now() } });
    c.set("2027-03-02T01:00:01Z");
    expect(await runDueOccurrence(services, occurrence.id)).toBe("skipped");
    expect((await api.reminders.get({ id: reminder.id })).pausedAt).not.toBeNull();
    expect(await t.db.reminderAttempt.count({ where: { occurrenceId: occurrence.id } })).toBe(0);
  });
});

describe("retries and escalation", () => {
  it("no answer ×3 → the next attempt after the spacing each time, then escalation texts to each contact once", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const { user } = await createTelnyxUser(t.db, { name: "Pat Owner" });
    const mom = await withPhone(user.id, "Mom", "+14155550100");
    const sis = await withPhone(user.id, "Sis", "+14155550101");
    const bro = await withPhone(user.id, "Bro", "+14155550102");
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(
      daily({ contactId: mom.id, channels: ["call"], startsAtLocal: "2027-03-01T20:00", escalationContactIds: [sis.id, bro.id] }),
    );
    const services = servicesAt(c);
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    c.set("2027-03-02T01:00:01Z");
    await runDueOccurrence(services, occurrence.id);

    for (const number of [1, 2, 3]) {
      const attempt = await t.db.reminderAttempt.findUniqueOrThrow({ where: { occurrenceId_number: { occurrenceId: occurrence.id, number } } });
      expect(attempt.channel).toBe("call");
      c.set(new Date(c.now().getTime() + 40_000));
      await recordAttemptOutcome(services, attempt.id, { outcome: "no_answer", endedAt: c.now() });
      // Recording it again (a duplicate webhook) changes nothing.
      await recordAttemptOutcome(services, attempt.id, { outcome: "confirmed", endedAt: c.now() });
      if (number < 3) {
        const next = await t.db.reminderAttempt.findUniqueOrThrow({ where: { occurrenceId_number: { occurrenceId: occurrence.id, number: number + 1 } } });
        const [job] = await jobsFor("reminders.attempt", "attemptId", next.id);
        expect(job!.start_after.getTime() - c.now().getTime()).toBe(10 * 60_000);
        c.set(job!.start_after);
      }
    }
    const row = await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id }, include: { attempts: { orderBy: { number: "asc" } } } });
    expect(row.state).toBe("escalated");
    expect(row.attempts.map((a) => a.outcome)).toEqual(["no_answer", "no_answer", "no_answer"]);
    expect(readHistory(row.history).map((s) => s.step)).toEqual(["scheduled", "started", "outcome", "retry", "outcome", "retry", "outcome", "escalated"]);
    const notice = await t.db.notification.findFirstOrThrow({ where: { userId: user.id, type: "reminder_escalated" } });
    expect(notice.body).toBe("Mom Tester: no answer after 3 attempts.");
    expect(await jobsFor("reminders.escalate", "occurrenceId", occurrence.id)).toHaveLength(1);

    h.api.reset();
    await sendEscalationTexts(services, occurrence.id);
    await sendEscalationTexts(services, occurrence.id);
    const texts = h.api.find("/v2/messages").map((r) => r.body as { to: string; text: string });
    expect(texts.map((m) => m.to)).toEqual(["+14155550101", "+14155550102"]);
    expect(texts[0]!.text).toMatch(/"Evening pills" for Mom Tester was not confirmed \(no answer after 3 attempts\)/);
    const history = readHistory((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).history);
    expect(history.filter((s) => s.step === "escalation_text").map((s) => s.detail)).toEqual(["texted Sis Tester", "texted Bro Tester"]);
    expect(await t.db.message.count({ where: { userId: user.id, direction: "outbound" } })).toBe(2);

    // A worker that died after Telnyx took the texts but before the history said so: its retry
    // finds the sent messages and records them, texting nobody twice.
    await t.db.$executeRaw`UPDATE "ReminderOccurrence" SET history = (SELECT jsonb_agg(e) FROM jsonb_array_elements(history) e WHERE e->>'step' <> 'escalation_text') WHERE id = ${occurrence.id}`;
    h.api.reset();
    await sendEscalationTexts(services, occurrence.id);
    expect(h.api.find("/v2/messages")).toHaveLength(0);
    const again = readHistory((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).history);
    expect(again.filter((s) => s.step === "escalation_text").map((s) => s.detail)).toEqual(["texted Sis Tester", "texted Bro Tester"]);
  });

  it("pausing while a retry waits: the retry is not placed and the occurrence ends", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const { user } = await createTelnyxUser(t.db);
    const mom = await withPhone(user.id, "Mom", "+14155550130");
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ contactId: mom.id, channels: ["call"], startsAtLocal: "2027-03-01T20:00" }));
    const services = servicesAt(c);
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    c.set("2027-03-02T01:00:01Z");
    await runDueOccurrence(services, occurrence.id);
    const first = await t.db.reminderAttempt.findFirstOrThrow({ where: { occurrenceId: occurrence.id, number: 1 } });
    await recordAttemptOutcome(services, first.id, { outcome: "busy", endedAt: c.now() });
    c.set("2027-03-02T01:05:00Z");
    await api.reminders.pause({ id: reminder.id });
    c.set("2027-03-02T01:10:40Z");
    h.api.reset();
    const retry = await t.db.reminderAttempt.findFirstOrThrow({ where: { occurrenceId: occurrence.id, number: 2 } });
    await runAttempt(services, retry.id);
    expect(h.api.placedCalls()).toEqual([]);
    expect(await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: retry.id } })).toMatchObject({ outcome: "not_sent", reason: PAUSED });
    expect((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).state).toBe("skipped");
  });

  it("answered without a key press escalates when confirmation is asked; a confirmation finishes it", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const { user } = await createTelnyxUser(t.db);
    const mom = await withPhone(user.id, "Mom", "+14155550120");
    const api = await callerAt(user, c);
    const services = servicesAt(c);
    const asks = await api.reminders.create(daily({ contactId: mom.id, channels: ["call", "in_app"], startsAtLocal: "2027-03-01T20:00" }));
    const relaxed = await api.reminders.create(daily({ contactId: mom.id, channels: ["call"], startsAtLocal: "2027-03-01T20:00", requireConfirmation: false }));
    const confirms = await api.reminders.create(daily({ contactId: mom.id, channels: ["call"], startsAtLocal: "2027-03-01T20:00" }));
    c.set("2027-03-02T01:00:01Z");
    const outcomes = [
      [asks, "answered_unconfirmed", "escalated"],
      [relaxed, "answered_unconfirmed", "unconfirmed"],
      [confirms, "confirmed", "confirmed"],
    ] as const;
    for (const [reminder, outcome, state] of outcomes) {
      const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
      await runDueOccurrence(services, occurrence.id);
      const first = await t.db.reminderAttempt.findUniqueOrThrow({ where: { occurrenceId_number: { occurrenceId: occurrence.id, number: 1 } } });
      await recordAttemptOutcome(services, first.id, { outcome, digits: outcome === "confirmed" ? "1" : null, endedAt: c.now() });
      expect((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).state, reminder.title).toBe(state);
    }
    // The in-app channel of the first went out once, as its own attempt (number 2), and does not decide.
    const asked = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: asks.id }, include: { attempts: { orderBy: { number: "asc" } } } });
    expect(asked.attempts.map((a) => [a.number, a.channel])).toEqual([
      [1, "call"],
      [2, "in_app"],
    ]);
    const history = await api.reminders.history({ reminderId: asks.id });
    expect(history.items.map((o) => [o.state, o.attempts.length])).toEqual([["escalated", 2]]);
  });
});

describe("provider failures", () => {
  it("a Telnyx 5xx on a text fails the job (retried on the same attempt), and the retry delivers once", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const { user } = await createTelnyxUser(t.db);
    const mom = await withPhone(user.id, "Mom", "+14155550140");
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ contactId: mom.id, channels: ["sms"], startsAtLocal: "2027-03-01T20:00" }));
    const services = servicesAt(c);
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    c.set("2027-03-02T01:00:01Z");
    await runDueOccurrence(services, occurrence.id);
    const attempt = await t.db.reminderAttempt.findFirstOrThrow({ where: { occurrenceId: occurrence.id } });
    h.api.respondNext("/v2/messages", { status: 503, body: { errors: [{ code: "90001", title: "Service unavailable" }] } });
    await expect(runAttempt(services, attempt.id)).rejects.toThrow();
    expect((await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).outcome).toBeNull();
    await runAttempt(services, attempt.id);
    await runAttempt(services, attempt.id);
    expect((await t.db.reminderAttempt.findUniqueOrThrow({ where: { id: attempt.id } })).outcome).toBe("delivered");
    expect((await t.db.reminderOccurrence.findUniqueOrThrow({ where: { id: occurrence.id } })).state).toBe("delivered");
    expect(await t.db.message.count({ where: { userId: user.id, deliveryStatus: { not: "sending_failed" } } })).toBe(1);
  });

  it("an attempt job that dead-letters is recorded failed, so the occurrence tries again", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const { user } = await createTelnyxUser(t.db);
    const mom = await withPhone(user.id, "Mom", "+14155550141");
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ contactId: mom.id, channels: ["call"], startsAtLocal: "2027-03-01T20:00" }));
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    c.set("2027-03-02T01:00:01Z");
    await runDueOccurrence(servicesAt(c), occurrence.id);
    const attempt = await t.db.reminderAttempt.findFirstOrThrow({ where: { occurrenceId: occurrence.id } });
    await onDeadLetter("reminders.attempt", { attemptId: attempt.id }, { db: t.db, boss: h.sender, logger: createTestServices({ db: t.db }).logger, jobId: "x", retryCount: 5 });
    const attempts = await t.db.reminderAttempt.findMany({ where: { occurrenceId: occurrence.id }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, "failed"],
      [2, null],
    ]);
    expect(attempts[0]!.reason).toMatch(/could not be reached/);
    expect(await t.db.notification.count({ where: { userId: user.id, type: "job_failed" } })).toBe(0);
  });
});

describe("the sweep", () => {
  it("re-queues a long-overdue occurrence whose due job was lost, once per window; the job then decides as usual", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ startsAtLocal: "2027-03-01T20:00" }));
    const occurrence = await t.db.reminderOccurrence.findFirstOrThrow({ where: { reminderId: reminder.id } });
    await t.db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'reminders.due' AND data->>'occurrenceId' = ${occurrence.id}`;
    const services = servicesAt(c);
    c.set("2027-03-02T01:10:00Z");
    // Ten minutes late is within a healthy worker's reach: not swept.
    expect(await sweepLostOccurrences(services)).toBe(0);
    c.set("2027-03-02T01:30:00Z");
    expect(await sweepLostOccurrences(services)).toBeGreaterThanOrEqual(1);
    expect(await sweepLostOccurrences(services)).toBe(0);
    expect(await jobsFor("reminders.due", "occurrenceId", occurrence.id)).toHaveLength(1);
    expect(await runDueOccurrence(services, occurrence.id)).toBe("missed");
  });
});

describe("bulk scheduling (the benchmark's seeding)", () => {
  it("schedules many occurrences with their jobs in batches, and never twice", async () => {
    const c = clock("2027-03-01T12:00:00Z");
    const user = await createTestUser(t.db);
    const api = await callerAt(user, c);
    const reminder = await api.reminders.create(daily({ rrule: null, startsAtLocal: "2027-06-01T09:00" }));
    const targets = [1, 2, 3, 4, 5].map((i) => ({ reminderId: reminder.id, userId: user.id, dueAt: new Date(Date.UTC(2027, 3, i, 12)) }));
    const services = servicesAt(c);
    const ids = await scheduleOccurrences(services, targets, 2);
    expect(new Set(ids).size).toBe(5);
    expect(await scheduleOccurrences(services, targets, 2)).toEqual(ids);
    expect(await t.db.reminderOccurrence.count({ where: { reminderId: reminder.id } })).toBe(6);
    for (const id of ids) expect(await jobsFor("reminders.due", "occurrenceId", id)).toHaveLength(1);
  });
});
