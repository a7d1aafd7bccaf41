import type { Services } from "~/server/services";
import { channelsInOrder } from "./channels";
import { appendHistory, historyStep, isTestOccurrence, scheduleOccurrence } from "./occurrences";
import { queueAttempt } from "./outcome";
import { nextOccurrence } from "./schedule";

export type DueDeps = Pick<Services, "db" | "jobs" | "now">;

export type DueResult = "started" | "missed" | "skipped" | "not_scheduled";

function minutes(seconds: number): string {
  const m = Math.round(seconds / 60);
  return m === 1 ? "1 min" : `${m} min`;
}

/**
 * The "reminders.due" job. In one transaction, with the reminder and then the occurrence locked:
 * an occurrence no longer `scheduled` is left alone (a retried or duplicate job does nothing, so
 * it starts exactly once); a paused reminder's is skipped; one later than the user's grace window
 * (Switchboard was down) is `missed` and the user told, never sent as if on time; otherwise it
 * starts, late and labelled so when it is, with its attempts and their jobs. The reminder's next
 * occurrence is scheduled in the same transaction, so the chain never breaks or forks.
 */
export async function runDueOccurrence(deps: DueDeps, occurrenceId: string): Promise<DueResult> {
  const boss = await deps.jobs();
  return deps.db.$transaction(async (tx) => {
    const peek = await tx.reminderOccurrence.findUnique({ where: { id: occurrenceId }, select: { reminderId: true } });
    if (!peek) return "not_scheduled";
    // Reminder first, then occurrence: the order edits and pauses take, so neither waits on the other in a cycle.
    await tx.$queryRaw`SELECT id FROM "Reminder" WHERE id = ${peek.reminderId} FOR UPDATE`;
    await tx.$queryRaw`SELECT id FROM "ReminderOccurrence" WHERE id = ${occurrenceId} FOR UPDATE`;
    const occurrence = await tx.reminderOccurrence.findUnique({
      where: { id: occurrenceId },
      select: {
        id: true,
        userId: true,
        dueAt: true,
        state: true,
        history: true,
        reminder: {
          select: {
            id: true,
            title: true,
            timeZone: true,
            startsAtLocal: true,
            rrule: true,
            channels: true,
            pausedAt: true,
            contact: { select: { firstName: true, lastName: true } },
            user: { select: { reminderGraceMinutes: true } },
          },
        },
      },
    });
    if (!occurrence || occurrence.state !== "scheduled") return "not_scheduled";
    const { reminder } = occurrence;
    const now = deps.now();
    const test = isTestOccurrence(occurrence.history);

    if (reminder.pausedAt && !test) {
      await tx.reminderOccurrence.update({ where: { id: occurrenceId }, data: { state: "skipped", finishedAt: now } });
      await appendHistory(tx, occurrenceId, [historyStep(now, "skipped", "reminder paused")]);
      return "skipped";
    }

    // The chain: the time after this one (in the same transaction as this one's decision).
    if (!test) {
      const next = nextOccurrence(reminder, occurrence.dueAt);
      if (next) await scheduleOccurrence(tx, boss, { reminderId: reminder.id, userId: occurrence.userId, dueAt: next }, now);
      else await tx.reminder.update({ where: { id: reminder.id }, data: { nextDueAt: null } });
    }

    const lateSeconds = Math.max(0, Math.floor((now.getTime() - occurrence.dueAt.getTime()) / 1000));
    const graceSeconds = reminder.user.reminderGraceMinutes * 60;
    if (lateSeconds > graceSeconds) {
      await tx.reminderOccurrence.update({ where: { id: occurrenceId }, data: { state: "missed", lateSeconds, finishedAt: now } });
      await appendHistory(tx, occurrenceId, [
        historyStep(now, "missed", `due ${minutes(lateSeconds)} ago, past the ${reminder.user.reminderGraceMinutes}-minute grace window: not sent`),
      ]);
      // One notice per outage: the occurrences after a missed one (a frequent reminder, a long
      // outage) are each recorded as missed, without a notice each.
      const previous = await tx.reminderOccurrence.findFirst({
        where: { reminderId: reminder.id, dueAt: { lt: occurrence.dueAt }, state: { not: "cancelled" } },
        orderBy: { dueAt: "desc" },
        select: { state: true },
      });
      if (previous?.state === "missed") return "missed";
      await tx.notification.createMany({
        data: {
          userId: occurrence.userId,
          type: "reminder_missed",
          title: `Reminder missed: ${reminder.title}`,
          body: `Switchboard was not running when it was due, ${minutes(lateSeconds)} ago; it was not sent late.`,
          link: "/reminders",
          dedupeKey: `reminder_missed:${occurrenceId}`,
        },
        skipDuplicates: true,
      });
      return "missed";
    }

    await tx.reminderOccurrence.update({ where: { id: occurrenceId }, data: { state: "in_progress", startedAt: now, lateSeconds } });
    const steps = [historyStep(now, "started")];
    if (lateSeconds > 60) steps.push(historyStep(now, "late", `late by ${minutes(lateSeconds)}: Switchboard was not running when it was due`));
    await appendHistory(tx, occurrenceId, steps);
    for (const channel of channelsInOrder(reminder.channels)) {
      await queueAttempt(tx, boss, { occurrenceId, userId: occurrence.userId, channel });
    }
    return "started";
  });
}
