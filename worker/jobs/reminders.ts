import { attemptGaveUp, runAttempt } from "~/server/reminders/attempts";
import { runDueOccurrence } from "~/server/reminders/due";
import { sendEscalationTexts } from "~/server/reminders/escalation";
import { sweepLostOccurrences } from "~/server/reminders/sweep";
import type { JobContext, JobHandler } from "~/server/queue/worker";
import type { Services } from "~/server/services";

/** What the reminder jobs take from the container (the job gives the db and the worker's pg-boss). */
export type RemindersServices = Pick<Services, "telephony" | "voice" | "now">;

function depsOf(services: RemindersServices, { db, boss }: JobContext) {
  return { ...services, db, jobs: () => Promise.resolve(boss) };
}

export function createRemindersHandlers(services: RemindersServices) {
  const due: JobHandler<"reminders.due"> = async ({ occurrenceId }, ctx) => {
    await runDueOccurrence(depsOf(services, ctx), occurrenceId);
  };
  const attempt: JobHandler<"reminders.attempt"> = async ({ attemptId }, ctx) => {
    await runAttempt(depsOf(services, ctx), attemptId);
  };
  const escalate: JobHandler<"reminders.escalate"> = async ({ occurrenceId }, ctx) => {
    await sendEscalationTexts(depsOf(services, ctx), occurrenceId);
  };
  const sweep: JobHandler<"reminders.sweep"> = async (_payload, ctx) => {
    const queued = await sweepLostOccurrences(depsOf(services, ctx));
    if (queued) ctx.logger.warn({ queued }, "re-queued reminder occurrences whose due job was lost");
  };
  return { "reminders.due": due, "reminders.attempt": attempt, "reminders.escalate": escalate, "reminders.sweep": sweep };
}

/** A dead-lettered attempt (Telnyx unreachable through every retry) fails, so its occurrence retries or escalates. */
export async function reminderAttemptGaveUp(payload: unknown, { db, boss }: JobContext): Promise<boolean> {
  if (!payload || typeof payload !== "object" || !("attemptId" in payload) || typeof payload.attemptId !== "string") return false;
  await attemptGaveUp({ db, jobs: () => Promise.resolve(boss), now: () => new Date() }, payload.attemptId);
  return true;
}
