import type { Services } from "~/server/services";
import type { Db } from "~/server/db";
import { ProviderError } from "~/server/providers/errors";
import { outboundNumber } from "~/server/phone-numbers/phone-numbers";
import { spendSendBudget } from "~/server/usage-limits/budget";
import { getSendLimits } from "~/server/usage-limits/settings";
import { encodeClientState } from "~/server/telephony/client-state";
import type { IntentPayload } from "~/server/calls/timeline";

/**
 * The reminder call: one outbound Call row per attempt (a normal call: on the contact's timeline,
 * recorded and processed like any), dialed with answering-machine detection. What happens once it
 * rings is call-events.ts's job, driven by the call's webhooks.
 */

export type ReminderCallDeps = Pick<Services, "db" | "telephony" | "now" | "voice">;

export interface ReminderCallAttempt {
  id: string;
  userId: string;
  occurrenceId: string;
  number: number;
  commandId: string;
}

export interface ReminderCallTarget {
  reminderId: string;
  message: string;
  language: string;
  requireConfirmation: boolean;
  leaveVoicemail: boolean;
  /** E.164 to call: the contact's first phone, or the user's personalPhone when the reminder is for the user. */
  toNumber: string;
  contactId: string | null;
}

export type PlaceCallResult =
  | { status: "dialed"; callId: string; callControlId: string }
  | { status: "not_sent"; reason: string };

/** Seconds a reminder call rings before Telnyx gives up (then: no answer). */
export const REMINDER_RING_SECONDS = 30;

export const NO_FROM_NUMBER = "not sent: you have no Telnyx number to call from";
export const NO_CONNECTION = "not sent: your number has no Call Control connection id";

/** The timeline row of a reminder call's dial (one per call; not click-to-call's, whose first leg is the user's). */
export function reminderDialIntentId(callId: string): string {
  return `intent_reminder_dial_${callId}`;
}

/**
 * Creates the Call row and dials with command_id = attempt.commandId. Over the user's call
 * budget: throws TOO_MANY_REQUESTS before creating anything. Throws on Telnyx errors: a
 * transient one is retried by the job with the same command_id (Telnyx never places a second call
 * for the attempt), a permanent one (`ProviderError` with `permanent`) leaves the call failed.
 * A retried job finds the Call it created (the attempt's callId) instead of creating another.
 */
export async function placeReminderCall(
  deps: ReminderCallDeps,
  attempt: ReminderCallAttempt,
  target: ReminderCallTarget,
): Promise<PlaceCallResult> {
  const { db, telephony } = deps;
  const now = deps.now();
  const existing = await db.reminderAttempt.findFirst({
    where: { id: attempt.id, userId: attempt.userId },
    select: { callId: true, telnyxCallControlId: true },
  });
  if (!existing) throw new Error(`reminder attempt ${attempt.id} not found for its user`);
  // Dialed before (the job died after the dial answered): the same call, never a second one.
  if (existing.callId && existing.telnyxCallControlId) {
    return { status: "dialed", callId: existing.callId, callControlId: existing.telnyxCallControlId };
  }

  const from = await outboundNumber(db, attempt.userId);
  if (!telephony.live) {
    // The no-key provider places nothing and says why ("not sent: TELNYX_API_KEY not set").
    const outcome = await telephony.dial({
      connectionId: from?.connectionId ?? "",
      from: from?.e164 ?? "",
      to: target.toNumber,
      clientState: "",
      commandId: attempt.commandId,
    });
    if (outcome.status === "not_sent") return { status: "not_sent", reason: outcome.reason };
  }
  if (!from) return { status: "not_sent", reason: NO_FROM_NUMBER };
  if (!from.connectionId) return { status: "not_sent", reason: NO_CONNECTION };

  const callId = await callForAttempt(db, attempt, target, { e164: from.e164, id: from.id }, now);
  const intentId = reminderDialIntentId(callId);
  const recordIntent = (payload: IntentPayload) =>
    db.callEvent.upsert({
      where: { id: intentId },
      create: { id: intentId, userId: attempt.userId, callId, eventType: "intent.dial_reminder", occurredAt: now, payload: payload as object },
      update: { payload: payload as object, occurredAt: now },
    });

  try {
    const outcome = await telephony.dial({
      connectionId: from.connectionId,
      from: from.e164,
      to: target.toNumber,
      clientState: encodeClientState({ callId, leg: "contact" }),
      commandId: attempt.commandId,
      timeoutSecs: REMINDER_RING_SECONDS,
      // A machine's greeting end is only needed to leave the message after it.
      answeringMachineDetection: target.leaveVoicemail ? "detect_beep" : "detect",
    });
    if (outcome.status === "not_sent") {
      await recordIntent({ status: "not_sent", commandId: attempt.commandId, leg: "contact", reason: outcome.reason });
      await db.call.update({ where: { id: callId }, data: { status: "failed", errorDetail: outcome.reason, endedAt: now, durationSeconds: 0 } });
      return { status: "not_sent", reason: outcome.reason };
    }
    const leg = outcome.data;
    await recordIntent({ status: "sent", commandId: attempt.commandId, leg: "contact", to: target.toNumber, callControlId: leg.callControlId });
    await db.$transaction([
      // A webhook of this leg may have been applied already: it recorded the same ids.
      db.call.updateMany({
        where: { id: callId, telnyxCallControlId: null },
        data: { telnyxCallControlId: leg.callControlId, telnyxCallLegId: leg.callLegId, telnyxCallSessionId: leg.callSessionId },
      }),
      db.reminderAttempt.updateMany({ where: { id: attempt.id, telnyxCallControlId: null }, data: { telnyxCallControlId: leg.callControlId } }),
    ]);
    return { status: "dialed", callId, callControlId: leg.callControlId };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof ProviderError && error.permanent;
    await recordIntent({ status: permanent ? "rejected" : "failed", commandId: attempt.commandId, leg: "contact", error: message });
    // A transient failure is retried on the same row; a rejected dial ends it (unless the call was heard of since).
    if (permanent) {
      await db.call.updateMany({
        where: { id: callId, lastEventAt: null },
        data: { status: "failed", errorDetail: message.slice(0, 1000), endedAt: now, durationSeconds: 0 },
      });
    }
    throw error;
  }
}

/**
 * The attempt's Call, created once: the attempt row is locked so a retried job reuses it. Like
 * any outbound call it spends the user's call budget (the owner's limits), in the same
 * transaction: over it, a TOO_MANY_REQUESTS error naming the limit, and no Call.
 */
async function callForAttempt(
  db: Db,
  attempt: ReminderCallAttempt,
  target: ReminderCallTarget,
  from: { e164: string; id: string },
  now: Date,
): Promise<string> {
  const limits = await getSendLimits({ db });
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "ReminderAttempt" WHERE "id" = ${attempt.id} FOR UPDATE`;
    const row = await tx.reminderAttempt.findUniqueOrThrow({ where: { id: attempt.id }, select: { callId: true, startedAt: true } });
    if (row.callId) return row.callId;
    await spendSendBudget(tx, attempt.userId, "call", limits, now);
    const call = await tx.call.create({
      data: {
        userId: attempt.userId,
        direction: "outbound",
        status: "initiated",
        fromNumber: from.e164,
        toNumber: target.toNumber,
        counterpartNumber: target.toNumber,
        contactId: target.contactId,
        phoneNumberId: from.id,
        startedAt: now,
      },
      select: { id: true },
    });
    await tx.reminderAttempt.update({ where: { id: attempt.id }, data: { callId: call.id, startedAt: row.startedAt ?? now } });
    return call.id;
  });
}
