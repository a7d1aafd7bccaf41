import type { OccurrenceState, ReminderChannel } from "~/generated/prisma/enums";
import type { Tx } from "~/server/db";
import type { Services } from "~/server/services";
import { channelsInOrder, primaryChannel } from "./channels";
import { historyStep, scheduleOccurrence, settleOccurrence } from "./occurrences";
import { deliverInAppAttempt, outcomeStep, queueAttempt } from "./outcome";
import { nextOccurrence } from "./schedule";

export type DueDeps = Pick<Services, "db" | "jobs" | "now">;

export type DueResult = "started" | "missed" | "skipped" | "not_scheduled";

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m === 1 ? "1 min" : `${m} min`;
}

/** What deciding a due occurrence reads, in one statement (see lockDueOccurrence). */
interface DueOccurrence {
  id: string;
  userId: string;
  dueAt: Date;
  state: OccurrenceState;
  /** The history's first step: "test" for a "send a test now" occurrence. */
  firstStep: string | null;
  reminderId: string;
  title: string;
  message: string;
  timeZone: string;
  startsAtLocal: string;
  rrule: string | null;
  channels: ReminderChannel[];
  pausedAt: Date | null;
  firstName: string | null;
  lastName: string | null;
  graceMinutes: number;
  /** The highest attempt number so far (0: none). */
  lastAttempt: number;
}

/**
 * Locks the occurrence's reminder, then the occurrence, reading everything the decision needs.
 * Reminder first: the order edits and pauses take, so neither waits on the other in a cycle.
 * Two statements instead of Prisma's nested reads (this runs for every occurrence of every
 * reminder: `npm run bench -- reminders` starts 10,000 in a minute).
 */
async function lockDueOccurrence(tx: Tx, occurrenceId: string): Promise<DueOccurrence | null> {
  const reminder = await tx.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM "Reminder" r JOIN "ReminderOccurrence" o ON o."reminderId" = r.id
    WHERE o.id = ${occurrenceId} FOR UPDATE OF r`;
  if (reminder.length === 0) return null;
  const rows = await tx.$queryRaw<DueOccurrence[]>`
    SELECT o.id, o."userId", o."dueAt", o.state::text AS state, o.history -> 0 ->> 'step' AS "firstStep",
           r.id AS "reminderId", r.title, r.message, r."timeZone", r."startsAtLocal", r.rrule,
           r.channels::text[] AS channels, r."pausedAt", c."firstName", c."lastName",
           u."reminderGraceMinutes" AS "graceMinutes",
           (SELECT coalesce(max(a.number), 0)::int FROM "ReminderAttempt" a WHERE a."occurrenceId" = o.id) AS "lastAttempt"
    FROM "ReminderOccurrence" o
    JOIN "Reminder" r ON r.id = o."reminderId"
    JOIN "User" u ON u.id = o."userId"
    LEFT JOIN "Contact" c ON c.id = r."contactId"
    WHERE o.id = ${occurrenceId}
    FOR UPDATE OF o`;
  return rows[0] ?? null;
}

/**
 * The "reminders.due" job. In one transaction, with the reminder and then the occurrence locked:
 * an occurrence no longer `scheduled` is left alone (a retried or duplicate job does nothing, so
 * it starts exactly once); a paused reminder's is skipped; one later than the user's grace window
 * (Switchboard was down) is `missed` and the user told, never sent as if on time; otherwise it
 * starts, late and labelled so when it is, with its attempts: a call or text is queued as its own
 * job (it talks to Telnyx, outside any transaction), the in-app notice is delivered right here
 * (one row; a job of its own doubled the work of an in-app reminder). The reminder's next
 * occurrence is scheduled in the same transaction, so the chain never breaks or forks.
 */
export async function runDueOccurrence(deps: DueDeps, occurrenceId: string): Promise<DueResult> {
  const boss = await deps.jobs();
  return deps.db.$transaction(async (tx) => {
    const occurrence = await lockDueOccurrence(tx, occurrenceId);
    if (!occurrence || occurrence.state !== "scheduled") return "not_scheduled";
    const now = deps.now();
    const test = occurrence.firstStep === "test";

    if (occurrence.pausedAt && !test) {
      await settleOccurrence(tx, occurrenceId, { state: "skipped", finishedAt: now }, [historyStep(now, "skipped", "reminder paused")]);
      return "skipped";
    }

    // The chain: the time after this one (in the same transaction as this one's decision).
    if (!test) {
      const next = nextOccurrence(occurrence, occurrence.dueAt);
      if (next) await scheduleOccurrence(tx, boss, { reminderId: occurrence.reminderId, userId: occurrence.userId, dueAt: next }, now);
      else await tx.$executeRaw`UPDATE "Reminder" SET "nextDueAt" = NULL, "updatedAt" = now() WHERE id = ${occurrence.reminderId}`;
    }

    const lateSeconds = Math.max(0, Math.floor((now.getTime() - occurrence.dueAt.getTime()) / 1000));
    if (lateSeconds > occurrence.graceMinutes * 60) return missOccurrence(tx, occurrence, now, lateSeconds);

    const steps = [historyStep(now, "started")];
    if (lateSeconds > 60) steps.push(historyStep(now, "late", `late by ${minutes(lateSeconds)}: Switchboard was not running when it was due`));
    const primary = primaryChannel(occurrence.channels);
    let state: OccurrenceState = "in_progress";
    let number = occurrence.lastAttempt;
    for (const channel of channelsInOrder(occurrence.channels)) {
      number += 1;
      if (channel !== "in_app") {
        await queueAttempt(tx, boss, { occurrenceId, userId: occurrence.userId, channel, number });
        continue;
      }
      await deliverInAppAttempt(tx, { occurrenceId, userId: occurrence.userId, channel, number }, now, occurrence);
      steps.push(outcomeStep(now, { number, channel }, { outcome: "delivered" }));
      // In-app is primary only when it is the only channel: the occurrence is done.
      if (channel === primary) {
        state = "delivered";
        steps.push(historyStep(now, "delivered"));
      }
    }
    await settleOccurrence(tx, occurrenceId, { state, startedAt: now, lateSeconds, ...(state === "delivered" ? { finishedAt: now } : {}) }, steps);
    return "started";
  });
}

/** Later than the grace window: recorded as missed and the user told (once per outage), never sent. */
async function missOccurrence(tx: Tx, occurrence: DueOccurrence, now: Date, lateSeconds: number): Promise<"missed"> {
  await settleOccurrence(tx, occurrence.id, { state: "missed", lateSeconds, finishedAt: now }, [
    historyStep(now, "missed", `due ${minutes(lateSeconds)} ago, past the ${occurrence.graceMinutes}-minute grace window: not sent`),
  ]);
  // One notice per outage: the occurrences after a missed one (a frequent reminder, a long
  // outage) are each recorded as missed, without a notice each.
  const previous = await tx.reminderOccurrence.findFirst({
    where: { reminderId: occurrence.reminderId, dueAt: { lt: occurrence.dueAt }, state: { not: "cancelled" } },
    orderBy: { dueAt: "desc" },
    select: { state: true },
  });
  if (previous?.state === "missed") return "missed";
  await tx.notification.createMany({
    data: {
      userId: occurrence.userId,
      type: "reminder_missed",
      title: `Reminder missed: ${occurrence.title}`,
      body: `Switchboard was not running when it was due, ${minutes(lateSeconds)} ago; it was not sent late.`,
      link: "/reminders",
      dedupeKey: `reminder_missed:${occurrence.id}`,
    },
    skipDuplicates: true,
  });
  return "missed";
}
