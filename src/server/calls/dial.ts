import type { z } from "zod";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";
import { NO_NUMBER_YET, outboundNumber } from "~/server/phone-numbers/phone-numbers";
import { encodeClientState } from "~/server/telephony/client-state";
import { providerTrpcError } from "~/server/telephony/errors";
import { ProviderError } from "~/server/providers/errors";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { resolveRecipient } from "~/server/contacts/recipient";
import { withSendBudget } from "~/server/usage-limits/budget";
import { callListSelect, type CallListItem } from "./calls";
import { dialIntentId, type IntentPayload } from "./timeline";
import type { dialInput } from "./schemas";

export interface DialDeps {
  db: Db;
  telephony: TelephonyProvider;
  now?: () => Date;
}

/**
 * Click-to-call. After the input and the numbers are checked, one call of the user's hourly and
 * daily budget is spent together with creating the Call row (outbound, initiated): over budget,
 * TOO_MANY_REQUESTS and nothing is created or dialed. Then Telnyx dials the user's own phone
 * from their Telnyx number, with client_state naming the call. When the user answers, the
 * `call.answered` webhook dials the contact and bridges the two (see events.ts).
 * Without TELNYX_API_KEY the row is kept, marked failed "not sent: TELNYX_API_KEY not set".
 * A provider error marks the row failed with the error and reaches the caller as a typed error.
 */
export async function dialCall(deps: DialDeps, userId: string, input: z.output<typeof dialInput>): Promise<CallListItem> {
  const { db, telephony } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const recipient = await resolveRecipient(db, userId, { contactId: input.contactId, number: input.number }, "number");
  const from = await outboundNumber(db, userId, input.fromNumberId);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { personalPhone: true } });
  if (telephony.live) {
    if (!from) throw fieldError("fromNumberId", NO_NUMBER_YET);
    if (!from.connectionId) throw fieldError("fromNumberId", "This number has no Call Control connection id; the owner of this Switchboard can set it on the Admin page.");
    if (!user.personalPhone) throw fieldError("personalPhone", "Set your own phone in Settings → Phone numbers: Switchboard rings it first, then connects the contact.");
    if (user.personalPhone === recipient.e164) throw fieldError("number", "That is your own phone.");
  }

  const call = await withSendBudget({ db }, userId, "call", now, (tx) =>
    tx.call.create({
      data: {
        userId,
        direction: "outbound",
        status: "initiated",
        fromNumber: from?.e164 ?? "",
        toNumber: recipient.e164,
        counterpartNumber: recipient.e164,
        contactId: recipient.contact?.id ?? null,
        phoneNumberId: from?.id ?? null,
        startedAt: now,
      },
      select: { id: true },
    }),
  );
  const commandId = `dial:${call.id}`;
  const intentId = dialIntentId(call.id);
  const recordIntent = (payload: IntentPayload) =>
    db.callEvent.upsert({
      where: { id: intentId },
      create: { id: intentId, userId, callId: call.id, eventType: "intent.dial_user", occurredAt: now, payload: payload as object },
      update: { payload: payload as object },
    });
  const reread = async () => {
    const row = await db.call.findUniqueOrThrow({ where: { id: call.id }, select: callListSelect });
    const { recordingUrl, recordingStorageKey, ...rest } = row;
    return { ...rest, hasRecording: !!(recordingUrl || recordingStorageKey) };
  };

  try {
    const outcome = await telephony.dial({
      connectionId: from?.connectionId ?? "",
      from: from?.e164 ?? "",
      to: user.personalPhone ?? "",
      clientState: encodeClientState({ callId: call.id, leg: "user" }),
      commandId,
      timeoutSecs: 30,
    });
    if (outcome.status === "not_sent") {
      await recordIntent({ status: "not_sent", commandId, leg: "user", reason: outcome.reason });
      await db.call.update({
        where: { id: call.id },
        data: { status: "failed", errorDetail: outcome.reason, endedAt: now, durationSeconds: 0 },
      });
      return reread();
    }
    const leg = outcome.data;
    await recordIntent({ status: "sent", commandId, leg: "user", to: user.personalPhone ?? undefined, callControlId: leg.callControlId });
    // A webhook of this leg may have been applied already: it recorded the same ids.
    await db.call.updateMany({
      where: { id: call.id, telnyxCallControlId: null },
      data: { telnyxCallControlId: leg.callControlId, telnyxCallLegId: leg.callLegId, telnyxCallSessionId: leg.callSessionId },
    });
    return reread();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof ProviderError && error.permanent;
    await recordIntent({ status: permanent ? "rejected" : "failed", commandId, leg: "user", error: message });
    // Only if no provider event has arrived since (a timed-out dial may still have gone through).
    await db.call.updateMany({
      where: { id: call.id, lastEventAt: null },
      data: { status: "failed", errorDetail: message.slice(0, 1000), endedAt: now, durationSeconds: 0 },
    });
    throw providerTrpcError(error, "call");
  }
}
