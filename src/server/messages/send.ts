import type { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import type { Boss } from "~/server/queue/boss";
import { fieldError } from "~/server/errors";
import { NO_NUMBER_YET, outboundNumber } from "~/server/phone-numbers/phone-numbers";
import { providerTrpcError } from "~/server/telephony/errors";
import { touchContact } from "~/server/contacts/counterpart";
import type { TelephonyProvider } from "~/server/telephony/provider";
import { resolveRecipient } from "~/server/contacts/recipient";
import { withSendBudget } from "~/server/usage-limits/budget";
import type { sendMessageInput } from "./schemas";
import { fromTelnyxStatus, nextStatus } from "./status";
import { messageSelect } from "./threads";

export interface SendDeps {
  db: Db;
  telephony: TelephonyProvider;
  /** A text moves the contact's keep-in-touch reminder (touchContact), which may queue its job. */
  jobs: () => Promise<Boss>;
  now?: () => Date;
}

/**
 * Sends a text. After the input and the from-number are checked, one text of the user's hourly
 * and daily budget is spent together with creating the Message row (queued): over budget,
 * TOO_MANY_REQUESTS and nothing is created or sent. Then Telnyx sends it. Without
 * TELNYX_API_KEY the row is kept as `not_sent` ("not sent: TELNYX_API_KEY not set"). A provider
 * error marks it `sending_failed` with the error and reaches the caller as a typed error.
 */
export async function sendMessage(deps: SendDeps, userId: string, input: z.output<typeof sendMessageInput>) {
  const { db, telephony } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const recipient = await resolveRecipient(db, userId, { contactId: input.contactId, number: input.to }, "to");
  const from = await outboundNumber(db, userId, input.fromNumberId);
  if (telephony.live && !from) throw fieldError("fromNumberId", NO_NUMBER_YET);
  if (from && from.e164 === recipient.e164) throw fieldError("to", "That is your own Telnyx number.");

  const message = await withSendBudget({ db }, userId, "sms", now, (tx) =>
    tx.message.create({
      data: {
        userId,
        direction: "outbound",
        fromNumber: from?.e164 ?? "",
        toNumber: recipient.e164,
        counterpartNumber: recipient.e164,
        contactId: recipient.contact?.id ?? null,
        phoneNumberId: from?.id ?? null,
        body: input.body,
        deliveryStatus: "queued",
        createdAt: now,
      },
      select: { id: true },
    }),
  );
  const reread = () => db.message.findUniqueOrThrow({ where: { id: message.id }, select: messageSelect });

  let outcome;
  try {
    outcome = await telephony.sendMessage({
      from: from?.e164 ?? "",
      to: recipient.e164,
      text: input.body,
      messagingProfileId: from?.messagingProfileId ?? null,
    });
  } catch (error) {
    await db.message.update({
      where: { id: message.id },
      data: { deliveryStatus: "sending_failed", errorDetail: (error instanceof Error ? error.message : String(error)).slice(0, 1000) },
    });
    throw providerTrpcError(error, "message");
  }
  if (outcome.status === "not_sent") {
    await db.message.update({ where: { id: message.id }, data: { deliveryStatus: "not_sent", errorDetail: outcome.reason } });
    return reread();
  }

  const { id: telnyxId, status } = outcome.data;
  const accepted = nextStatus("queued", fromTelnyxStatus(status));
  try {
    await db.message.update({
      where: { id: message.id },
      data: { telnyxMessageId: telnyxId, deliveryStatus: accepted, sentAt: now },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    // Its delivery webhook was processed first and recorded the message on its own: keep ours
    // (it has the contact and the exact text) with the most advanced status, drop the other.
    await db.$transaction(async (tx) => {
      const early = await tx.message.findUnique({
        where: { telnyxMessageId: telnyxId },
        select: { id: true, deliveryStatus: true, deliveredAt: true, errorDetail: true, sentAt: true },
      });
      await tx.message.delete({ where: { telnyxMessageId: telnyxId } });
      await tx.message.update({
        where: { id: message.id },
        data: {
          telnyxMessageId: telnyxId,
          deliveryStatus: nextStatus(accepted, early?.deliveryStatus ?? null),
          deliveredAt: early?.deliveredAt ?? null,
          errorDetail: early?.errorDetail ?? null,
          sentAt: early?.sentAt ?? now,
        },
      });
    });
  }
  await touchContact(deps, db, userId, recipient.contact?.id ?? null, now);
  return reread();
}
