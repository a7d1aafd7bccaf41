import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { parsePhone, regionOf } from "~/server/contacts/normalize";
import { TELNYX_PROVIDER } from "~/server/telephony/envelope";
import type { personalPhoneInput } from "./schemas";

/**
 * The Telnyx numbers assigned to a user (Settings → Phone numbers, read-only but for the choice of
 * default; the owner adds and assigns them, see manage.ts). A number belongs to one user: inbound
 * webhooks are routed to whoever it is assigned to. Plus the user's own phone, which
 * click-to-call rings first and inbound calls are forwarded to.
 */

export const phoneNumberSelect = {
  id: true,
  e164: true,
  label: true,
  telnyxNumberId: true,
  connectionId: true,
  messagingProfileId: true,
  isDefault: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.PhoneNumberSelect;

export type PhoneNumberRecord = Prisma.PhoneNumberGetPayload<{ select: typeof phoneNumberSelect }>;

export async function listPhoneNumbers({ db }: { db: Db }, userId: string): Promise<PhoneNumberRecord[]> {
  return db.phoneNumber.findMany({
    where: { userId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    select: phoneNumberSelect,
  });
}

/** The user picks which of their numbers calls and texts go out from by default. */
export async function setDefaultPhoneNumber({ db }: { db: Db }, userId: string, { id: numberId }: { id: string }): Promise<PhoneNumberRecord> {
  return db.$transaction(async (tx) => {
    const current = await tx.phoneNumber.findFirst({ where: { id: numberId, userId }, select: { id: true } });
    if (!current) throw notFound("Phone number");
    await tx.phoneNumber.updateMany({ where: { userId, isDefault: true, NOT: { id: numberId } }, data: { isDefault: false } });
    return tx.phoneNumber.update({ where: { id: numberId }, data: { isDefault: true }, select: phoneNumberSelect });
  });
}

export const NO_NUMBER_YET = "You have no Telnyx number yet: the owner of this Switchboard assigns numbers on the Admin page.";

/** The number calls and texts go out from: the chosen one (must be the user's) or the default. */
export async function outboundNumber(db: Db, userId: string, numberId?: string | null) {
  if (numberId) {
    const chosen = await db.phoneNumber.findFirst({ where: { id: numberId, userId }, select: phoneNumberSelect });
    if (!chosen) throw fieldError("fromNumberId", "Choose one of your numbers.");
    return chosen;
  }
  return db.phoneNumber.findFirst({ where: { userId }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }], select: phoneNumberSelect });
}

export async function getPersonalPhone({ db }: { db: Db }, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { personalPhone: true } });
  if (!user) throw notFound("Account");
  return { personalPhone: user.personalPhone };
}

export async function setPersonalPhone({ db }: { db: Db }, userId: string, input: z.output<typeof personalPhoneInput>) {
  let personalPhone: string | null = null;
  if (input.personalPhone) {
    const region = await regionOf(db, userId);
    const parsed = parsePhone(input.personalPhone, region);
    if (!parsed) throw fieldError("personalPhone", `"${input.personalPhone.slice(0, 60)}" is not a phone number we can read.`);
    personalPhone = parsed.number;
    const own = await db.phoneNumber.findFirst({ where: { userId, e164: personalPhone }, select: { id: true } });
    if (own) throw fieldError("personalPhone", "That is one of your Telnyx numbers; enter the phone you carry.");
  }
  const result = await db.user.updateMany({ where: { id: userId }, data: { personalPhone } });
  if (result.count === 0) throw notFound("Account");
  return { personalPhone };
}

/** For Settings: is Telnyx wired up, and are webhooks arriving (or being refused, and why)? */
export async function telephonyStatus(
  { db, telephony, config }: { db: Db; telephony: { live: boolean }; config: { telnyxPublicKey: string | undefined } },
  userId: string,
) {
  const [last, rejections, failed] = await Promise.all([
    db.webhookEvent.findFirst({ where: { userId }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true, eventType: true } }),
    db.webhookRejection.findMany({
      where: { provider: TELNYX_PROVIDER },
      orderBy: { lastAt: "desc" },
      select: { reason: true, count: true, lastAt: true },
    }),
    db.webhookEvent.count({ where: { userId, status: "failed" } }),
  ]);
  return {
    // Live telephony is exactly "TELNYX_API_KEY is set" (telephonyFromEnv).
    telnyx: { apiKeyConfigured: telephony.live, publicKeyConfigured: !!config.telnyxPublicKey },
    webhooks: {
      lastReceivedAt: last?.receivedAt ?? null,
      lastEventType: last?.eventType ?? null,
      failedCount: failed,
      /** Refused before storage, all accounts together (they cannot be attributed to anyone). */
      rejections,
    },
  };
}
