import { TRPCError } from "@trpc/server";
import { sendMessage } from "~/server/messages/send";
import { ProviderError } from "~/server/providers/errors";
import type { Services } from "~/server/services";
import { placeReminderCall } from "./call";
import { reminderTargetNumber } from "./channels";
import { isTestOccurrence } from "./occurrences";
import { createInAppNotice, recordAttemptOutcome, type AttemptResult } from "./outcome";

export type AttemptDeps = Pick<Services, "db" | "jobs" | "telephony" | "now" | "voice">;

/** Provider failures the job retries (the same attempt, the same command_id); the rest end the attempt. */
const TRANSIENT = new Set<TRPCError["code"]>(["BAD_GATEWAY", "GATEWAY_TIMEOUT", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"]);

export const NO_NUMBER_TO_REACH = "not sent: no phone number to reach them";
export const PAUSED = "not sent: the reminder was paused";

/**
 * The "reminders.attempt" job: one call placed, text sent or in-app notice created. A call's
 * outcome comes later from its webhooks (call-events.ts); a text's and a notice's are known here.
 * An attempt with an outcome is done: a retried job does nothing more.
 */
export async function runAttempt(deps: AttemptDeps, attemptId: string): Promise<void> {
  const attempt = await deps.db.reminderAttempt.findUnique({
    where: { id: attemptId },
    select: {
      id: true,
      userId: true,
      occurrenceId: true,
      number: true,
      channel: true,
      commandId: true,
      outcome: true,
      startedAt: true,
      occurrence: {
        select: {
          startedAt: true,
          history: true,
          reminder: {
            select: {
              id: true,
              pausedAt: true,
              title: true,
              message: true,
              language: true,
              requireConfirmation: true,
              leaveVoicemail: true,
              contactId: true,
              contact: { select: { firstName: true, lastName: true, phones: true } },
              user: { select: { personalPhone: true } },
            },
          },
        },
      },
    },
  });
  if (!attempt || attempt.outcome) return;
  const { reminder } = attempt.occurrence;
  const record = (result: Omit<AttemptResult, "endedAt">) => recordAttemptOutcome(deps, attempt.id, { ...result, endedAt: deps.now() });
  // Paused since the occurrence started (a retry was waiting): nothing more goes out.
  const { occurrence } = attempt;
  if (reminder.pausedAt && occurrence.startedAt && reminder.pausedAt >= occurrence.startedAt && !isTestOccurrence(occurrence.history)) {
    return record({ outcome: "not_sent", reason: PAUSED });
  }
  if (!attempt.startedAt) await deps.db.reminderAttempt.updateMany({ where: { id: attempt.id, startedAt: null }, data: { startedAt: deps.now() } });

  if (attempt.channel === "in_app") {
    // The due job delivers in-app attempts itself; this is for one queued before it did.
    const contact = reminder.contact ?? { firstName: null, lastName: null };
    await createInAppNotice(deps.db, attempt.userId, attempt.id, { title: reminder.title, message: reminder.message, firstName: contact.firstName, lastName: contact.lastName });
    return record({ outcome: "delivered" });
  }

  const toNumber = reminderTargetNumber(reminder.contact, reminder.user.personalPhone);
  if (!toNumber) return record({ outcome: "not_sent", reason: NO_NUMBER_TO_REACH });

  if (attempt.channel === "sms") {
    try {
      const message = await sendMessage(deps, attempt.userId, reminder.contactId ? { contactId: reminder.contactId, to: toNumber, body: reminder.message } : { to: toNumber, body: reminder.message });
      if (message.deliveryStatus === "not_sent") return record({ outcome: "not_sent", reason: message.errorDetail ?? "not sent" });
      return record({ outcome: "delivered" });
    } catch (error) {
      if (error instanceof TRPCError && TRANSIENT.has(error.code)) throw error;
      return record({ outcome: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
  }

  try {
    const placed = await placeReminderCall(
      deps,
      { id: attempt.id, userId: attempt.userId, occurrenceId: attempt.occurrenceId, number: attempt.number, commandId: attempt.commandId },
      {
        reminderId: reminder.id,
        message: reminder.message,
        language: reminder.language,
        requireConfirmation: reminder.requireConfirmation,
        leaveVoicemail: reminder.leaveVoicemail,
        toNumber,
        contactId: reminder.contactId,
      },
    );
    // Dialed: the call's webhooks decide the outcome (call-events.ts calls recordAttemptOutcome).
    if (placed.status === "not_sent") return record({ outcome: "not_sent", reason: placed.reason });
  } catch (error) {
    if (error instanceof ProviderError && error.permanent) return record({ outcome: "failed", reason: `Telnyx refused the call: ${error.message}` });
    // Over the call budget: this attempt fails saying so, and the next one (after the spacing) tries again.
    if (error instanceof TRPCError && error.code === "TOO_MANY_REQUESTS") return record({ outcome: "failed", reason: `not placed: ${error.message}` });
    throw error;
  }
}

/** The attempt job gave up after its retries (Telnyx unreachable): the attempt failed, and the occurrence moves on. */
export async function attemptGaveUp(deps: Pick<AttemptDeps, "db" | "jobs" | "now">, attemptId: string): Promise<void> {
  await recordAttemptOutcome(deps, attemptId, { outcome: "failed", reason: "Telnyx could not be reached after several tries", endedAt: deps.now() });
}
