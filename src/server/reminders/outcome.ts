import type { ReminderAttemptOutcome, ReminderChannel } from "~/generated/prisma/enums";
import { contactDisplayName } from "~/lib/contact-name";
import type { Tx } from "~/server/db";
import type { Boss } from "~/server/queue/boss";
import { sendJobInTransaction } from "~/server/queue/outbox";
import type { Services } from "~/server/services";
import { startEscalation } from "./escalation";
import { appendHistory, attemptCommandId, attemptJobId, historyStep, settleOccurrence, type HistoryStep } from "./occurrences";
import { primaryChannel } from "./channels";

export type ReminderDeps = Pick<Services, "db" | "jobs" | "telephony" | "now">;

export interface AttemptResult {
  outcome: ReminderAttemptOutcome;
  reason?: string | null;
  digits?: string | null;
  endedAt: Date;
}

/** How an outcome reads in the occurrence's history. */
export const OUTCOME_WORDS: Record<ReminderAttemptOutcome, string> = {
  confirmed: "confirmed (pressed 1)",
  answered_unconfirmed: "answered without confirming",
  delivered: "delivered",
  voicemail: "left as a voicemail",
  no_answer: "no answer",
  busy: "busy",
  machine: "answering machine",
  failed: "failed",
  not_sent: "not sent",
};

function outcomeWords(result: Pick<AttemptResult, "outcome" | "reason">): string {
  return OUTCOME_WORDS[result.outcome] + (result.reason ? `: ${result.reason}` : "");
}

/** The history line of an attempt's outcome: "attempt 2 (call): no answer". */
export function outcomeStep(
  at: Date,
  attempt: { number: number; channel: ReminderChannel },
  result: Pick<AttemptResult, "outcome" | "reason">,
): HistoryStep {
  return historyStep(at, "outcome", `attempt ${attempt.number} (${attempt.channel}): ${outcomeWords(result)}`);
}

/** Outcomes after which the same channel is tried again, up to the reminder's attempts. */
const RETRIED: ReadonlySet<ReminderAttemptOutcome> = new Set(["no_answer", "busy", "machine", "failed"]);

/**
 * Idempotent (an attempt with an outcome is left alone). In one transaction: sets the attempt's
 * outcome, appends to the occurrence's history, then either finishes the occurrence (confirmed /
 * delivered / unconfirmed), queues the next attempt after the spacing, or escalates. Only the
 * primary channel's attempts decide; the other channels' single sends are recorded.
 */
export async function recordAttemptOutcome(deps: Pick<ReminderDeps, "db" | "jobs" | "now">, attemptId: string, result: AttemptResult): Promise<void> {
  const boss = await deps.jobs();
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ReminderAttempt" WHERE id = ${attemptId} FOR UPDATE`;
    if (locked.length === 0) return;
    const attempt = await tx.reminderAttempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: {
        id: true,
        userId: true,
        number: true,
        channel: true,
        outcome: true,
        startedAt: true,
        occurrence: {
          select: {
            id: true,
            state: true,
            dueAt: true,
            reminder: { select: { id: true, channels: true, maxAttempts: true, retrySpacingMinutes: true, requireConfirmation: true } },
          },
        },
      },
    });
    if (attempt.outcome) return;
    await tx.reminderAttempt.update({
      where: { id: attemptId },
      data: {
        outcome: result.outcome,
        reason: result.reason ?? null,
        digits: result.digits ?? null,
        endedAt: result.endedAt,
        startedAt: attempt.startedAt ?? result.endedAt,
      },
    });
    const { occurrence } = attempt;
    const { reminder } = occurrence;
    const said = outcomeWords(result);
    const steps = [outcomeStep(now, attempt, result)];
    const primary = primaryChannel(reminder.channels);
    const finish = (state: "confirmed" | "delivered" | "unconfirmed" | "skipped", detail?: string) =>
      settleOccurrence(tx, occurrence.id, { state, finishedAt: now }, [...steps, historyStep(now, state, detail)]);
    // When the primary channel could not send at all (no Telnyx key: issue item 7), the other
    // channels' attempts decide: a reminder by call and in-app is delivered by its in-app notice.
    const others = () =>
      tx.reminderAttempt.findMany({ where: { occurrenceId: occurrence.id, channel: { not: primary } }, select: { id: true, outcome: true } });
    if (attempt.channel !== primary || occurrence.state !== "in_progress") {
      if (occurrence.state === "in_progress" && attempt.channel !== primary) {
        const primaryAttempts = await tx.reminderAttempt.findMany({ where: { occurrenceId: occurrence.id, channel: primary }, select: { outcome: true } });
        if (primaryAttempts.length > 0 && primaryAttempts.every((a) => a.outcome === "not_sent")) {
          if (result.outcome === "delivered") return finish("delivered", `by ${attempt.channel === "sms" ? "text" : "in-app notice"}`);
          const pending = (await others()).some((a) => a.id !== attempt.id && !a.outcome);
          if (!pending) return finish("skipped", "nothing could be sent");
        }
      }
      await appendHistory(tx, occurrence.id, steps);
      return;
    }
    switch (result.outcome) {
      case "confirmed":
        return finish("confirmed");
      case "voicemail":
      case "delivered":
        return finish("delivered");
      case "answered_unconfirmed":
        if (!reminder.requireConfirmation) return finish("unconfirmed");
        await appendHistory(tx, occurrence.id, steps);
        return startEscalation(tx, boss, occurrence.id, now, "answered without confirming");
      case "not_sent": {
        // Nothing can be sent on this install (no key, no number): retrying would say the same.
        const secondary = await others();
        if (secondary.some((a) => a.outcome === "delivered")) return finish("delivered", "by another channel");
        if (secondary.some((a) => !a.outcome)) {
          await appendHistory(tx, occurrence.id, steps);
          return;
        }
        return finish("skipped", result.reason ?? "not sent");
      }
      default: {
        if (!RETRIED.has(result.outcome)) return finish("skipped", said);
        const tries = await tx.reminderAttempt.count({ where: { occurrenceId: occurrence.id, channel: primary } });
        if (tries < reminder.maxAttempts) {
          const retryAt = new Date(now.getTime() + reminder.retrySpacingMinutes * 60_000);
          await queueAttempt(tx, boss, { occurrenceId: occurrence.id, userId: attempt.userId, channel: primary }, retryAt);
          steps.push(historyStep(now, "retry", `trying again in ${reminder.retrySpacingMinutes} min (attempt ${tries + 1} of ${reminder.maxAttempts})`));
          await appendHistory(tx, occurrence.id, steps);
          return;
        }
        await appendHistory(tx, occurrence.id, steps);
        return startEscalation(tx, boss, occurrence.id, now, `${OUTCOME_WORDS[result.outcome]} after ${tries} ${tries === 1 ? "attempt" : "attempts"}`);
      }
    }
  });
}

export interface AttemptTarget {
  occurrenceId: string;
  userId: string;
  channel: ReminderChannel;
  /** Known when the caller holds the occurrence's lock and counted its attempts; else the highest + 1. */
  number?: number;
}

/** The attempt row, numbered and with its command_id; `done` for one decided as it is made (in-app). */
async function createAttempt(
  tx: Tx,
  target: AttemptTarget,
  done?: { outcome: ReminderAttemptOutcome; at: Date },
): Promise<{ id: string; commandId: string }> {
  let number = target.number;
  if (number === undefined) {
    const last = await tx.reminderAttempt.findFirst({ where: { occurrenceId: target.occurrenceId }, orderBy: { number: "desc" }, select: { number: true } });
    number = (last?.number ?? 0) + 1;
  }
  const commandId = attemptCommandId(target.occurrenceId, number);
  const attempt = await tx.reminderAttempt.create({
    data: {
      userId: target.userId,
      occurrenceId: target.occurrenceId,
      number,
      channel: target.channel,
      commandId,
      ...(done ? { outcome: done.outcome, startedAt: done.at, endedAt: done.at } : {}),
    },
    select: { id: true },
  });
  return { id: attempt.id, commandId };
}

/**
 * Creates the occurrence's next attempt with its "reminders.attempt" job, keyed by its
 * command_id, in the caller's transaction.
 */
export async function queueAttempt(tx: Tx, boss: Boss, target: AttemptTarget, startAfter?: Date): Promise<string> {
  const attempt = await createAttempt(tx, target);
  await sendJobInTransaction(boss, tx, "reminders.attempt", { attemptId: attempt.id }, {
    id: attemptJobId(attempt.commandId),
    ...(startAfter ? { startAfter } : {}),
  });
  return attempt.id;
}

export interface InAppNotice {
  title: string;
  message: string;
  /** The person reminded, when it is a contact (the notice says who it is for). */
  firstName: string | null;
  lastName: string | null;
}

/** The in-app notice of an attempt: once per attempt (its dedupe key), whoever retries. */
export async function createInAppNotice(db: Pick<Tx, "notification">, userId: string, attemptId: string, notice: InAppNotice): Promise<void> {
  const forWhom = contactDisplayName(notice);
  await db.notification.createMany({
    data: {
      userId,
      type: "reminder",
      title: notice.title,
      body: forWhom ? `For ${forWhom}: ${notice.message}` : notice.message,
      link: "/reminders",
      dedupeKey: `reminder:${attemptId}`,
    },
    skipDuplicates: true,
  });
}

/**
 * An in-app attempt delivered inside the caller's transaction (the due job's): the attempt row,
 * already delivered, and its notice. The caller records the outcome in the occurrence's history.
 */
export async function deliverInAppAttempt(tx: Tx, target: AttemptTarget & { channel: "in_app" }, now: Date, notice: InAppNotice): Promise<string> {
  const attempt = await createAttempt(tx, target, { outcome: "delivered", at: now });
  await createInAppNotice(tx, target.userId, attempt.id, notice);
  return attempt.id;
}
