import type { z } from "zod";
import { TZDate } from "@date-fns/tz";
import { contactDisplayName } from "~/lib/contact-name";
import { inZone, toWallDate, toWallDateTime } from "~/lib/zoned-time";
import { userTimeZone } from "~/server/calendar/user-zone";
import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";
import type { Services } from "~/server/services";
import { scheduleOccurrence, unscheduleFuture } from "./occurrences";
import { nextOccurrence } from "./schedule";
import type { contactIdInput, setKeepInTouchInput } from "./schemas";

/**
 * "Stay in touch every N days" with a contact (issue 12, item 6). It is a Reminder of kind
 * keep_in_touch (in-app, one attempt) whose schedule is anchored on the last time you were in
 * touch: DTSTART is 9:00 in the user's zone on the day N days after the last call, text or
 * calendar event with the contact, and FREQ=DAILY;INTERVAL=N repeats it every N days while you
 * stay out of touch. Every call, text or event with them moves the anchor (cancel the scheduled
 * occurrence, schedule the new one, in the transaction that records the contact), so it fires
 * only when you really drifted. H1's scheduleOccurrence / unscheduleFuture do the scheduling.
 */

export type KeepInTouchDeps = Pick<Services, "db" | "jobs" | "now">;
/** What a touch needs: the transaction it runs in brings the database; `now` defaults to the clock. */
export type TouchDeps = Pick<Services, "jobs"> & { now?: () => Date };

/** Keep-in-touch nudges arrive at 9:00 in the morning, the user's time: never at the minute of the last call. */
export const KEEP_IN_TOUCH_HOUR = 9;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole weeks read as weeks ("every 2 weeks"), the rest as days. */
export function keepInTouchPeriod(days: number): { every: number; unit: "days" | "weeks" } {
  return days % 7 === 0 ? { every: days / 7, unit: "weeks" } : { every: days, unit: "days" };
}

/** "week", "2 weeks", "10 days". */
function everyWords(days: number): string {
  const period = keepInTouchPeriod(days);
  return period.every === 1 ? period.unit.slice(0, -1) : `${period.every} ${period.unit}`;
}

/** The keep-in-touch reminder's title and message, from the contact's name (redone on a rename). */
export function keepInTouchWords(name: string, days: number): { title: string; message: string } {
  return {
    title: `Get in touch with ${name}`,
    message: `You wanted to stay in touch with ${name} every ${everyWords(days)}, and it has been that long.`,
  };
}

export function keepInTouchDays(input: { every: number; unit: "days" | "weeks" }): number {
  return input.every * (input.unit === "weeks" ? 7 : 1);
}

/** 9:00 local on the day `days` days after the (local) day of `anchor`: when you have drifted. */
export function driftedAt(anchor: Date, days: number, timeZone: string): Date {
  const local = inZone(anchor, timeZone);
  // TZDate normalises day overflow (Jan 31 + 3 = Feb 3) and reads 9:00 in the zone on that day.
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + days, KEEP_IN_TOUCH_HOUR, 0, timeZone).getTime());
}

/**
 * The first time the reminder fires: when you will have drifted, or, when you already have
 * (nobody was in touch for longer than N days when it was set up), the next 9:00 from now.
 */
export function firstNudgeAt(anchor: Date, days: number, timeZone: string, now: Date): Date {
  const drifted = driftedAt(anchor, days, timeZone);
  if (drifted > now) return drifted;
  const today = driftedAt(now, 0, timeZone);
  return today > now ? today : driftedAt(now, 1, timeZone);
}

/**
 * The last time you were in touch with the contact: their last call or text (Contact.lastContactedAt)
 * or the latest calendar event they are on, planned ones included (a meeting next week means
 * the next nudge is N days after it). Null: never.
 */
export async function lastTouchAt(db: Db | Tx, userId: string, contactId: string): Promise<Date | null> {
  const [contact, event] = await Promise.all([
    db.contact.findFirst({ where: { id: contactId, userId }, select: { lastContactedAt: true } }),
    db.calendarEvent.findFirst({
      where: { userId, contacts: { some: { contactId } } },
      orderBy: { startsAt: "desc" },
      select: { startsAt: true },
    }),
  ]);
  const times = [contact?.lastContactedAt, event?.startsAt].filter((t): t is Date => !!t);
  return times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : null;
}

interface KeepInTouchRow {
  id: string;
  userId: string;
  contactId: string | null;
  keepInTouchDays: number | null;
  timeZone: string;
  createdAt: Date;
  pausedAt: Date | null;
  nextDueAt: Date | null;
}

const rowSelect = {
  id: true,
  userId: true,
  contactId: true,
  keepInTouchDays: true,
  timeZone: true,
  createdAt: true,
  pausedAt: true,
  nextDueAt: true,
} as const;

/**
 * Puts the reminder's schedule where the last touch says, inside `tx`: when the first nudge moves,
 * the scheduled occurrence is cancelled and the new one scheduled with its job, so there is never
 * a duplicate. The reminder row is locked first: a call and a text of the same contact processed
 * at once take turns. Returns the next due time (null: paused).
 */
async function anchorSchedule(deps: TouchDeps, tx: Tx, reminder: KeepInTouchRow, now: Date, why: string): Promise<Date | null> {
  await tx.$queryRaw`SELECT id FROM "Reminder" WHERE id = ${reminder.id} FOR UPDATE`;
  const current = await tx.reminder.findUniqueOrThrow({ where: { id: reminder.id }, select: rowSelect });
  if (current.pausedAt || !current.contactId || !current.keepInTouchDays) return null;
  const days = current.keepInTouchDays;
  const anchor = (await lastTouchAt(tx, current.userId, current.contactId)) ?? current.createdAt;
  const first = firstNudgeAt(anchor, days, current.timeZone, now);
  const spec = { timeZone: current.timeZone, startsAtLocal: toWallDateTime(first, current.timeZone), rrule: `FREQ=DAILY;INTERVAL=${days}` };
  const dueAt = nextOccurrence(spec, new Date(now.getTime()));
  if (!dueAt) return null;
  await tx.reminder.update({ where: { id: current.id }, data: { startsAtLocal: spec.startsAtLocal, rrule: spec.rrule } });
  const scheduled = await tx.reminderOccurrence.findFirst({
    where: { reminderId: current.id, state: "scheduled", dueAt },
    select: { id: true },
  });
  if (scheduled && current.nextDueAt?.getTime() === dueAt.getTime()) return dueAt;
  await unscheduleFuture(tx, current.id, now, "cancelled", why);
  await scheduleOccurrence(tx, await deps.jobs(), { reminderId: current.id, userId: current.userId, dueAt }, now, "scheduled", why);
  return dueAt;
}

/**
 * Called wherever you are in touch with a contact (a call, a text, a calendar event linked to
 * them), inside the transaction that records it: moves their keep-in-touch reminder, if any.
 * One indexed read when there is none; the job queue is only reached when a schedule moves.
 */
export async function keepInTouchAfterContact(deps: TouchDeps, tx: Tx, userId: string, contactId: string, now: Date): Promise<void> {
  const reminders = await tx.reminder.findMany({
    where: { userId, contactId, kind: "keep_in_touch", pausedAt: null },
    select: rowSelect,
  });
  for (const reminder of reminders) await anchorSchedule(deps, tx, reminder, now, "In touch again: the next nudge moved.");
}

/**
 * After two contacts were merged (inside the merge's transaction): the survivor keeps one
 * keep-in-touch reminder, the more frequent, re-anchored on the merged calls, texts and events.
 */
export async function keepInTouchAfterMerge(deps: TouchDeps, tx: Tx, userId: string, survivorId: string): Promise<void> {
  const now = deps.now?.() ?? new Date();
  const reminders = await tx.reminder.findMany({
    where: { userId, contactId: survivorId, kind: "keep_in_touch" },
    orderBy: [{ keepInTouchDays: "asc" }, { createdAt: "asc" }],
    select: { id: true },
  });
  const extra = reminders.slice(1).map((r) => r.id);
  for (const id of extra) await unscheduleFuture(tx, id, now, "cancelled", "Contacts merged: the other keep-in-touch reminder stays.");
  if (extra.length) await tx.reminder.deleteMany({ where: { id: { in: extra } } });
  await keepInTouchAfterContact(deps, tx, userId, survivorId, now);
}

/** Sets (or changes) how often to stay in touch with a contact, and schedules the first nudge. */
export async function setKeepInTouch(deps: KeepInTouchDeps, userId: string, input: z.output<typeof setKeepInTouchInput>) {
  const now = deps.now();
  const days = keepInTouchDays(input);
  await deps.db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({
      where: { id: input.contactId, userId },
      select: { id: true, firstName: true, lastName: true },
    });
    if (!contact) throw notFound("Contact");
    const timeZone = await userTimeZone(tx, userId);
    const every = everyWords(days);
    const data = {
      ...keepInTouchWords(contactDisplayName(contact), days),
      timeZone,
      channels: ["in_app" as const],
      requireConfirmation: false,
      maxAttempts: 1,
      keepInTouchDays: days,
      pausedAt: null,
    };
    const existing = await tx.reminder.findFirst({ where: { userId, contactId: contact.id, kind: "keep_in_touch" }, select: { id: true } });
    // startsAtLocal and rrule are placeholders until anchorSchedule sets them from the last touch.
    const placeholder = { startsAtLocal: toWallDateTime(now, timeZone), rrule: `FREQ=DAILY;INTERVAL=${days}` };
    const reminder = existing
      ? await tx.reminder.update({ where: { id: existing.id }, data, select: rowSelect })
      : await tx.reminder.create({ data: { ...data, ...placeholder, userId, contactId: contact.id, kind: "keep_in_touch" }, select: rowSelect });
    await anchorSchedule(deps, tx, reminder, now, existing ? `Now every ${every}.` : `Stay in touch every ${every}.`);
  });
  return getKeepInTouch(deps, userId, { contactId: input.contactId });
}

/** Stops keeping in touch with a contact: the reminder and its scheduled nudge go. */
export async function clearKeepInTouch(deps: Pick<Services, "db" | "now">, userId: string, input: z.output<typeof contactIdInput>) {
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({ where: { id: input.contactId, userId }, select: { id: true } });
    if (!contact) throw notFound("Contact");
    const reminders = await tx.reminder.findMany({ where: { userId, contactId: contact.id, kind: "keep_in_touch" }, select: { id: true } });
    for (const r of reminders) await unscheduleFuture(tx, r.id, now, "cancelled", "No longer keeping in touch.");
    // Its queued job finds no occurrence and does nothing; past occurrences go with the reminder.
    await tx.reminder.deleteMany({ where: { userId, contactId: contact.id, kind: "keep_in_touch" } });
  });
  return { contactId: input.contactId, keepInTouch: null };
}

/** The contact page's control: how often, the last touch, and when the next nudge is due. */
export async function getKeepInTouch(deps: Pick<Services, "db" | "now">, userId: string, input: z.output<typeof contactIdInput>) {
  const { db } = deps;
  const now = deps.now();
  const contact = await db.contact.findFirst({ where: { id: input.contactId, userId }, select: { id: true } });
  if (!contact) throw notFound("Contact");
  const reminder = await db.reminder.findFirst({
    where: { userId, contactId: contact.id, kind: "keep_in_touch" },
    select: { id: true, keepInTouchDays: true, nextDueAt: true, pausedAt: true, timeZone: true, createdAt: true },
  });
  if (!reminder?.keepInTouchDays) return { contactId: contact.id, keepInTouch: null };
  const lastTouch = await lastTouchAt(db, userId, contact.id);
  const drifted = driftedAt(lastTouch ?? reminder.createdAt, reminder.keepInTouchDays, reminder.timeZone);
  return {
    contactId: contact.id,
    keepInTouch: {
      reminderId: reminder.id,
      days: reminder.keepInTouchDays,
      ...keepInTouchPeriod(reminder.keepInTouchDays),
      lastTouchAt: lastTouch,
      /** 9:00 on the day you drift (past: you have). */
      driftsAt: drifted,
      overdueDays: drifted <= now ? Math.floor((now.getTime() - drifted.getTime()) / DAY_MS) : null,
      nextDueAt: reminder.nextDueAt,
      paused: reminder.pausedAt !== null,
    },
  };
}

/**
 * The dashboard's reconnect card: contacts you keep in touch with whose day has come (today, in
 * the user's zone) or passed, the longest overdue first.
 */
export async function keepInTouchDue(db: Db, userId: string, timeZone: string, now: Date, limit: number) {
  const reminders = await db.reminder.findMany({
    where: { userId, kind: "keep_in_touch", pausedAt: null, contactId: { not: null }, keepInTouchDays: { not: null } },
    select: {
      keepInTouchDays: true,
      createdAt: true,
      contact: { select: { id: true, firstName: true, lastName: true, company: true, phones: true, lastContactedAt: true } },
    },
  });
  if (reminders.length === 0) return [];
  const contactIds = reminders.flatMap((r) => (r.contact ? [r.contact.id] : []));
  // One statement for every contact's latest calendar event, scoped to the user's events.
  const events = await db.$queryRaw<{ contactId: string; startsAt: Date }[]>`
    SELECT l."contactId", max(e."startsAt") AS "startsAt"
    FROM "CalendarEventContact" l JOIN "CalendarEvent" e ON e.id = l."eventId"
    WHERE e."userId" = ${userId} AND l."contactId" = ANY(${contactIds}::text[])
    GROUP BY l."contactId"`;
  const latestEvent = new Map(events.map((e) => [e.contactId, e.startsAt]));
  const today = toWallDate(now, timeZone);
  const due = reminders.flatMap((r) => {
    if (!r.contact || !r.keepInTouchDays) return [];
    const touches = [r.contact.lastContactedAt, latestEvent.get(r.contact.id)].filter((t): t is Date => !!t);
    const lastTouch = touches.length ? new Date(Math.max(...touches.map((t) => t.getTime()))) : null;
    const drifted = driftedAt(lastTouch ?? r.createdAt, r.keepInTouchDays, timeZone);
    if (toWallDate(drifted, timeZone) > today) return [];
    const { lastContactedAt: _ignored, ...contact } = r.contact;
    return [
      {
        contact,
        days: r.keepInTouchDays,
        lastTouchAt: lastTouch,
        driftsAt: drifted,
        overdueDays: Math.max(0, Math.floor((now.getTime() - drifted.getTime()) / DAY_MS)),
      },
    ];
  });
  return due.sort((a, b) => a.driftsAt.getTime() - b.driftsAt.getTime()).slice(0, limit);
}
