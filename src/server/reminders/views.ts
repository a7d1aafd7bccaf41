import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { cursorCodec, cursorDate } from "~/server/pagination";
import { readHistory, type HistoryStep } from "./occurrences";
import type { historyInput, occurrencesInput, plannedInput } from "./schemas";
import { nextOccurrences } from "./schedule";
import { contactRef, type ContactRef } from "./service";

/** Occurrences as the Reminders page, the dashboard and the calendar show them. */

const dueCursor = cursorCodec(cursorDate, z.string());

const occurrenceSelect = {
  id: true,
  reminderId: true,
  dueAt: true,
  state: true,
  lateSeconds: true,
  history: true,
  reminder: { select: { title: true, kind: true, contact: { select: { id: true, firstName: true, lastName: true } } } },
  attempts: {
    orderBy: { number: "asc" },
    select: { number: true, channel: true, outcome: true, reason: true, startedAt: true, endedAt: true, callId: true },
  },
} as const satisfies Prisma.ReminderOccurrenceSelect;

type Row = Prisma.ReminderOccurrenceGetPayload<{ select: typeof occurrenceSelect }>;

export type AttemptRow = Row["attempts"][number];

export interface OccurrenceRow {
  id: string;
  reminderId: string;
  title: string;
  kind: Row["reminder"]["kind"];
  contact: ContactRef | null;
  dueAt: Date;
  state: Row["state"];
  lateSeconds: number | null;
  /** Sent from "send a test now", outside the schedule. */
  test: boolean;
  attempts: AttemptRow[];
}

function toRow(r: Row): OccurrenceRow {
  return {
    id: r.id,
    reminderId: r.reminderId,
    title: r.reminder.title,
    kind: r.reminder.kind,
    contact: contactRef(r.reminder.contact),
    dueAt: r.dueAt,
    state: r.state,
    lateSeconds: r.lateSeconds,
    test: readHistory(r.history)[0]?.step === "test",
    attempts: r.attempts,
  };
}

function reminderFilter(input: { contactId?: string | null; kind?: string | null }): Prisma.ReminderOccurrenceWhereInput {
  const reminder: Prisma.ReminderWhereInput = {
    ...(input.contactId ? { contactId: input.contactId } : {}),
    ...(input.kind ? { kind: input.kind as Prisma.ReminderWhereInput["kind"] } : {}),
  };
  return Object.keys(reminder).length ? { reminder } : {};
}

/** Occurrences due in [from, to), earliest first. */
export async function listOccurrences(deps: { db: Db }, userId: string, input: z.output<typeof occurrencesInput>) {
  const after = input.cursor ? dueCursor.decode(input.cursor) : null;
  const rows = await deps.db.reminderOccurrence.findMany({
    where: {
      userId,
      AND: [
        { dueAt: { gte: input.from, lt: input.to } },
        after ? { OR: [{ dueAt: { gt: after[0] } }, { dueAt: after[0], id: { gt: after[1] } }] } : {},
      ],
      ...(input.states?.length ? { state: { in: input.states } } : {}),
      ...reminderFilter(input),
    },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: occurrenceSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toRow), nextCursor: rows.length > input.limit && last ? dueCursor.encode([last.dueAt, last.id]) : null };
}

export type HistoryRow = OccurrenceRow & { history: HistoryStep[] };

/** Occurrences that ran (or were decided), newest first, with every step of each. */
export async function occurrenceHistory(deps: { db: Db }, userId: string, input: z.output<typeof historyInput>) {
  const before = input.cursor ? dueCursor.decode(input.cursor) : null;
  const rows = await deps.db.reminderOccurrence.findMany({
    where: {
      userId,
      state: { not: "scheduled" },
      ...(input.reminderId ? { reminderId: input.reminderId } : {}),
      ...reminderFilter(input),
      ...(before ? { OR: [{ dueAt: { lt: before[0] } }, { dueAt: before[0], id: { lt: before[1] } }] } : {}),
    },
    orderBy: [{ dueAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: occurrenceSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r): HistoryRow => ({ ...toRow(r), history: readHistory(r.history) })),
    nextCursor: rows.length > input.limit && last ? dueCursor.encode([last.dueAt, last.id]) : null,
  };
}

/** Per reminder and in all, the most planned times one range shows (a reminder may fire every 5 minutes). */
const PLANNED_PER_REMINDER = 100;
const PLANNED_TOTAL = 1_000;

/** `id` is `planned:<reminder>:<time>`: not an occurrence yet (one exists only for the next time). */
export type PlannedRow = Pick<OccurrenceRow, "id" | "reminderId" | "title" | "kind" | "contact" | "dueAt">;

/**
 * The times each active reminder's schedule fires in [from, to) after its next occurrence (which
 * is a row, listed by listOccurrences): a daily reminder shows on every day of the calendar, not
 * only on the next one. Keep-in-touch nudges are left out: they move whenever you are in touch,
 * so only the next one is a plan.
 */
export async function plannedOccurrences(deps: { db: Db }, userId: string, input: z.output<typeof plannedInput>): Promise<{ items: PlannedRow[] }> {
  const reminders = await deps.db.reminder.findMany({
    where: { userId, pausedAt: null, nextDueAt: { not: null, lt: input.to }, rrule: { not: null }, kind: { not: "keep_in_touch" } },
    orderBy: { nextDueAt: "asc" },
    select: { id: true, title: true, kind: true, timeZone: true, startsAtLocal: true, rrule: true, nextDueAt: true, contact: { select: { id: true, firstName: true, lastName: true } } },
  });
  const items: PlannedRow[] = [];
  for (const r of reminders) {
    // After the next occurrence, and from the range's start on.
    const after = new Date(Math.max(r.nextDueAt!.getTime(), input.from.getTime() - 1));
    for (const dueAt of nextOccurrences(r, after, PLANNED_PER_REMINDER)) {
      if (dueAt >= input.to || items.length >= PLANNED_TOTAL) break;
      items.push({ id: `planned:${r.id}:${dueAt.toISOString()}`, reminderId: r.id, title: r.title, kind: r.kind, contact: contactRef(r.contact), dueAt });
    }
  }
  items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return { items };
}
