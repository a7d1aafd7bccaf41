import type { z } from "zod";
import { TZDate } from "@date-fns/tz";
import type { ContactDateKind } from "~/generated/prisma/enums";
import { contactDisplayName } from "~/lib/contact-name";
import { inZone, toWallDate } from "~/lib/zoned-time";
import { userTimeZone } from "~/server/calendar/user-zone";
import type { Db, Tx } from "~/server/db";
import { notFound } from "~/server/errors";
import type { Services } from "~/server/services";
import { scheduleOccurrence, unscheduleFuture } from "./occurrences";
import { nextOccurrence } from "./schedule";
import type { contactDateIdInput, contactIdInput, createContactDateInput, updateContactDateInput } from "./schemas";

/**
 * Important dates of a contact (issue 12, item 6): birthdays, anniversaries and custom dates, each
 * with a yearly in-app reminder (kind important_date) at 9:00 on the day, in the user's zone. The
 * date and its reminder change together, in one transaction. February 29 is remembered on the
 * last day of February (BYMONTHDAY=-1), so it comes every year: on the 28th in common years.
 */

export type ImportantDateDeps = Pick<Services, "db" | "jobs" | "now">;

/** The hour of the day an important date's reminder arrives, in the user's zone. */
export const IMPORTANT_DATE_HOUR = 9;
/** How far ahead the dashboard looks for important dates. */
export const UPCOMING_DATE_DAYS = 7;

const KIND_WORDS: Record<ContactDateKind, string> = { birthday: "birthday", anniversary: "anniversary", custom: "date" };

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The yearly rule of a date. Feb 29 → the last day of February: every year, the 29th in leap years. */
export function yearlyRule(month: number, day: number): string {
  return month === 2 && day === 29 ? "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" : `FREQ=YEARLY;BYMONTH=${month};BYMONTHDAY=${day}`;
}

/** The day of the month the date falls on in `year` (Feb 29 → 28 in a common year). */
export function dayInYear(month: number, day: number, year: number): number {
  return month === 2 && day === 29 && !isLeap(year) ? 28 : day;
}

/**
 * The next time the date comes round at IMPORTANT_DATE_HOUR (its DTSTART): this year's, or next
 * year's once this year's has passed, as a wall-clock "YYYY-MM-DDTHH:MM".
 */
export function nextDateLocal(month: number, day: number, timeZone: string, now: Date): string {
  const year = inZone(now, timeZone).getFullYear();
  for (const y of [year, year + 1]) {
    const d = dayInYear(month, day, y);
    const at = new TZDate(y, month - 1, d, IMPORTANT_DATE_HOUR, 0, timeZone);
    if (at.getTime() > now.getTime()) {
      return `${y}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}T${String(IMPORTANT_DATE_HOUR).padStart(2, "0")}:00`;
    }
  }
  throw new Error("unreachable: a yearly date comes round within two years");
}

/** "Ada Lovelace's birthday", "Ada Lovelace's anniversary (Wedding)", "Graduation (Ada Lovelace)". */
export function dateTitle(kind: ContactDateKind, label: string | null, name: string): string {
  if (kind === "custom") return `${label ?? "Important date"} (${name})`;
  return `${name}'s ${KIND_WORDS[kind]}${label ? ` (${label})` : ""}`;
}

/** The date's reminder's title and message, from the contact's name (redone on a rename). */
export function dateWords(kind: ContactDateKind, label: string | null, name: string): { title: string; message: string } {
  const title = dateTitle(kind, label, name);
  return { title, message: `Today: ${title}.` };
}

interface DateRow {
  id: string;
  userId: string;
  contactId: string;
  kind: ContactDateKind;
  label: string | null;
  month: number;
  day: number;
  year: number | null;
  reminderId: string | null;
}

const dateSelect = {
  id: true,
  userId: true,
  contactId: true,
  kind: true,
  label: true,
  month: true,
  day: true,
  year: true,
  reminderId: true,
} as const;

/** The date's reminder made to match it (created when missing), with its next occurrence scheduled. */
async function syncReminder(deps: Pick<Services, "jobs">, tx: Tx, date: DateRow, now: Date, why: string): Promise<void> {
  const contact = await tx.contact.findUniqueOrThrow({ where: { id: date.contactId }, select: { firstName: true, lastName: true } });
  const timeZone = await userTimeZone(tx, date.userId);
  const name = contactDisplayName(contact);
  const spec = { timeZone, startsAtLocal: nextDateLocal(date.month, date.day, timeZone, now), rrule: yearlyRule(date.month, date.day) };
  const data = {
    ...dateWords(date.kind, date.label, name),
    timeZone,
    startsAtLocal: spec.startsAtLocal,
    rrule: spec.rrule,
    channels: ["in_app" as const],
    requireConfirmation: false,
    maxAttempts: 1,
  };
  let reminderId = date.reminderId;
  if (reminderId) {
    await tx.reminder.update({ where: { id: reminderId }, data });
    await unscheduleFuture(tx, reminderId, now, "cancelled", why);
  } else {
    const created = await tx.reminder.create({
      data: { ...data, userId: date.userId, contactId: date.contactId, kind: "important_date" },
      select: { id: true },
    });
    reminderId = created.id;
    await tx.contactDate.update({ where: { id: date.id }, data: { reminderId } });
  }
  const paused = await tx.reminder.findUniqueOrThrow({ where: { id: reminderId }, select: { pausedAt: true } });
  if (paused.pausedAt) return;
  const dueAt = nextOccurrence(spec, now);
  if (dueAt) await scheduleOccurrence(tx, await deps.jobs(), { reminderId, userId: date.userId, dueAt }, now, "scheduled", why);
}

function present(date: DateRow & { reminder?: { nextDueAt: Date | null; pausedAt: Date | null } | null }) {
  return {
    id: date.id,
    contactId: date.contactId,
    kind: date.kind,
    label: date.label,
    month: date.month,
    day: date.day,
    year: date.year,
    reminderId: date.reminderId,
    nextDueAt: date.reminder?.nextDueAt ?? null,
    reminderPaused: date.reminder ? date.reminder.pausedAt !== null : null,
  };
}

async function findOwnDate(db: Db | Tx, userId: string, id: string): Promise<DateRow> {
  const date = await db.contactDate.findFirst({ where: { id, userId }, select: dateSelect });
  if (!date) throw notFound("Date");
  return date;
}

/** A contact's important dates, in calendar order. */
export async function listContactDates(deps: Pick<Services, "db">, userId: string, input: z.output<typeof contactIdInput>) {
  const contact = await deps.db.contact.findFirst({ where: { id: input.contactId, userId }, select: { id: true } });
  if (!contact) throw notFound("Contact");
  const dates = await deps.db.contactDate.findMany({
    where: { userId, contactId: contact.id },
    orderBy: [{ month: "asc" }, { day: "asc" }, { createdAt: "asc" }],
    select: { ...dateSelect, reminder: { select: { nextDueAt: true, pausedAt: true } } },
  });
  return dates.map(present);
}

export async function createContactDate(deps: ImportantDateDeps, userId: string, input: z.output<typeof createContactDateInput>) {
  const now = deps.now();
  const id = await deps.db.$transaction(async (tx) => {
    const contact = await tx.contact.findFirst({ where: { id: input.contactId, userId }, select: { id: true } });
    if (!contact) throw notFound("Contact");
    const date = await tx.contactDate.create({
      data: { userId, contactId: contact.id, kind: input.kind, label: input.label, month: input.month, day: input.day, year: input.year },
      select: dateSelect,
    });
    await syncReminder(deps, tx, date, now, "A yearly date.");
    return date.id;
  });
  return present(await readDate(deps.db, userId, id));
}

export async function updateContactDate(deps: ImportantDateDeps, userId: string, input: z.output<typeof updateContactDateInput>) {
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    await findOwnDate(tx, userId, input.id);
    const date = await tx.contactDate.update({
      where: { id: input.id },
      data: { kind: input.kind, label: input.label, month: input.month, day: input.day, year: input.year },
      select: dateSelect,
    });
    await syncReminder(deps, tx, date, now, "The date was edited.");
  });
  return present(await readDate(deps.db, userId, input.id));
}

/** Deletes the date and its yearly reminder (its scheduled occurrence's job then finds nothing to do). */
export async function deleteContactDate(deps: Pick<Services, "db" | "now">, userId: string, input: z.output<typeof contactDateIdInput>) {
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    const date = await findOwnDate(tx, userId, input.id);
    await tx.contactDate.delete({ where: { id: date.id } });
    if (date.reminderId) {
      await unscheduleFuture(tx, date.reminderId, now, "cancelled", "The date was deleted.");
      await tx.reminder.deleteMany({ where: { id: date.reminderId, userId, kind: "important_date" } });
    }
  });
  return { id: input.id };
}

async function readDate(db: Db, userId: string, id: string) {
  const date = await db.contactDate.findFirst({
    where: { id, userId },
    select: { ...dateSelect, reminder: { select: { nextDueAt: true, pausedAt: true } } },
  });
  if (!date) throw notFound("Date");
  return date;
}

/**
 * Important dates in the next UPCOMING_DATE_DAYS days (today included, the user's zone), soonest
 * first, with the years they mark when the year is known ("turns 40", "10 years").
 */
export async function upcomingImportantDates(db: Db, userId: string, timeZone: string, now: Date, limit: number) {
  const days = Array.from({ length: UPCOMING_DATE_DAYS }, (_, i) => {
    const local = inZone(now, timeZone);
    const d = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + i, 12, 0, timeZone);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), inDays: i, on: toWallDate(d, timeZone) };
  });
  // Feb 29 is celebrated on Feb 28 in common years: when that day is in range, ask for both.
  const wanted = days.flatMap((d) =>
    d.month === 2 && d.day === 28 && !isLeap(d.year) ? [d, { ...d, day: 29 }] : [d],
  );
  const rows = await db.contactDate.findMany({
    where: { userId, OR: wanted.map((d) => ({ month: d.month, day: d.day })) },
    select: { ...dateSelect, contact: { select: { id: true, firstName: true, lastName: true, phones: true } } },
  });
  const byDay = new Map(wanted.map((d) => [`${d.month}-${d.day}`, d]));
  return rows
    .map((row) => {
      const when = byDay.get(`${row.month}-${row.day}`)!;
      return {
        id: row.id,
        kind: row.kind,
        label: row.label,
        contact: row.contact,
        on: when.on,
        inDays: when.inDays,
        years: row.year !== null && when.year > row.year ? when.year - row.year : null,
      };
    })
    .sort((a, b) => a.inDays - b.inDays || a.contact.firstName.localeCompare(b.contact.firstName))
    .slice(0, limit);
}
