import { createHash } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import type { OccurrenceState } from "~/generated/prisma/enums";
import type { Tx } from "~/server/db";
import type { Boss } from "~/server/queue/boss";
import { sendJobInTransaction } from "~/server/queue/outbox";

/**
 * Occurrence rows and their "reminders.due" jobs. An occurrence row and its job are written in the
 * same transaction (the outbox), so an occurrence is due iff its job exists. The job's id is
 * derived from (occurrence, revision): sending it twice inserts one job.
 */

/** One line of an occurrence's history, in the order things happened. */
export interface HistoryStep {
  at: string;
  step: string;
  detail?: string | null;
  /** The contact a step concerns (an escalation text), so a retried job skips who was texted. */
  ref?: string;
}

export function historyStep(at: Date, step: string, detail?: string | null): HistoryStep {
  return detail ? { at: at.toISOString(), step, detail } : { at: at.toISOString(), step };
}

export function readHistory(value: Prisma.JsonValue): HistoryStep[] {
  return Array.isArray(value) ? (value as unknown as HistoryStep[]) : [];
}

/** A transaction or the database: one statement needs no transaction of its own. */
type Client = Pick<Tx, "$executeRaw">;

/** Appends steps to an occurrence's history in one statement (jsonb concatenation). */
export async function appendHistory(client: Client, occurrenceId: string, steps: HistoryStep[]): Promise<void> {
  if (steps.length === 0) return;
  await client.$executeRaw`UPDATE "ReminderOccurrence" SET history = history || ${JSON.stringify(steps)}::jsonb, "updatedAt" = now() WHERE id = ${occurrenceId}`;
}

/** Sets the occurrence's state (and the times given) and appends its steps, in one statement. */
export async function settleOccurrence(
  client: Client,
  occurrenceId: string,
  change: { state: OccurrenceState; startedAt?: Date; finishedAt?: Date; lateSeconds?: number },
  steps: HistoryStep[],
): Promise<void> {
  await client.$executeRaw`
    UPDATE "ReminderOccurrence"
    SET state = ${change.state}::"OccurrenceState",
        "startedAt" = coalesce(${change.startedAt ?? null}::timestamptz, "startedAt"),
        "finishedAt" = coalesce(${change.finishedAt ?? null}::timestamptz, "finishedAt"),
        "lateSeconds" = coalesce(${change.lateSeconds ?? null}::int, "lateSeconds"),
        history = history || ${JSON.stringify(steps)}::jsonb,
        "updatedAt" = now()
    WHERE id = ${occurrenceId}`;
}

/** A version-4-shaped UUID from a hash (pg-boss ids are uuids), as webhooks/queue.ts does. */
export function derivedJobId(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The due job of an occurrence's `revision`-th scheduling. A cancelled occurrence scheduled again
 * (an edit back to the same time) gets a new job; its old job, if still waiting, finds the row
 * locked or already started and does nothing, so exactly one of them runs it.
 */
export function dueJobId(occurrenceId: string, revision: number): string {
  return derivedJobId(`reminders.due:${occurrenceId}:${revision}`);
}

/** The Telnyx command_id of an attempt (and its job's id): one per (occurrence, attempt number). */
export function attemptCommandId(occurrenceId: string, number: number): string {
  return `reminder:${occurrenceId}:${number}`;
}

export function attemptJobId(commandId: string): string {
  return derivedJobId(`reminders.attempt:${commandId}`);
}

const SCHEDULING_STEPS = new Set(["scheduled", "rescheduled", "test"]);

/** States an occurrence leaves for good once it started (or was decided). */
const REVIVABLE: OccurrenceState[] = ["cancelled", "skipped"];

export interface ScheduleTarget {
  reminderId: string;
  userId: string;
  dueAt: Date;
}

/**
 * Schedules the occurrence of a reminder due at `dueAt` with its job, inside `tx`: creates the row,
 * keeps one already scheduled for that time, or revives one cancelled by an earlier edit; never a
 * second row for (reminder, dueAt). Keeps Reminder.nextDueAt in step. Returns the occurrence's id,
 * or null when that time already ran (it is never run twice).
 */
export async function scheduleOccurrence(
  tx: Tx,
  boss: Boss,
  target: ScheduleTarget,
  now: Date,
  first: "scheduled" | "test" = "scheduled",
  detail?: string,
): Promise<string | null> {
  const { reminderId, userId, dueAt } = target;
  const existing = await tx.reminderOccurrence.findUnique({
    where: { reminderId_dueAt: { reminderId, dueAt } },
    select: { id: true, state: true, history: true },
  });
  let id: string;
  let revision: number;
  if (!existing) {
    const created = await tx.reminderOccurrence.create({
      data: { userId, reminderId, dueAt, history: [historyStep(now, first, detail)] as unknown as Prisma.InputJsonValue },
      select: { id: true },
    });
    id = created.id;
    revision = 1;
  } else if (existing.state === "scheduled") {
    if (first !== "test") await tx.reminder.update({ where: { id: reminderId }, data: { nextDueAt: dueAt } });
    return existing.id;
  } else if (REVIVABLE.includes(existing.state)) {
    id = existing.id;
    revision = readHistory(existing.history).filter((s) => SCHEDULING_STEPS.has(s.step)).length + 1;
    await tx.reminderOccurrence.update({ where: { id }, data: { state: "scheduled", finishedAt: null } });
    await appendHistory(tx, id, [historyStep(now, "rescheduled", detail)]);
  } else {
    return null;
  }
  await sendJobInTransaction(boss, tx, "reminders.due", { occurrenceId: id }, {
    id: dueJobId(id, revision),
    singletonKey: `${reminderId}:${dueAt.toISOString()}`,
    startAfter: dueAt,
  });
  if (first !== "test") await tx.reminder.update({ where: { id: reminderId }, data: { nextDueAt: dueAt } });
  return id;
}

/**
 * Takes a reminder's future scheduled occurrences off the schedule (an edit, a pause, a delete):
 * their jobs stay queued but find the state changed and do nothing. Test occurrences stay.
 */
export async function unscheduleFuture(
  tx: Tx,
  reminderId: string,
  now: Date,
  state: "cancelled" | "skipped",
  why: string,
  /** An occurrence due at this time stays scheduled (the edit keeps its time). */
  keep?: Date | null,
): Promise<string[]> {
  const rows = await tx.reminderOccurrence.findMany({
    where: { reminderId, state: "scheduled", ...(keep ? { dueAt: { not: keep } } : {}) },
    select: { id: true, history: true },
  });
  const ids = rows.filter((r) => readHistory(r.history)[0]?.step !== "test").map((r) => r.id);
  if (ids.length === 0) return [];
  await tx.reminderOccurrence.updateMany({ where: { id: { in: ids }, state: "scheduled" }, data: { state, finishedAt: now } });
  for (const id of ids) await appendHistory(tx, id, [historyStep(now, state, why)]);
  if (!keep) await tx.reminder.update({ where: { id: reminderId }, data: { nextDueAt: null } });
  return ids;
}

export function isTestOccurrence(history: Prisma.JsonValue): boolean {
  return readHistory(history)[0]?.step === "test";
}
