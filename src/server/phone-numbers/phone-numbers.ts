import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { parsePhone, regionOf } from "~/server/contacts/normalize";
import { TELNYX_PROVIDER } from "~/server/telephony/ingest";

/**
 * The user's Telnyx numbers (Settings → Phone numbers). A number belongs to one user: inbound
 * webhooks are routed to whoever owns the called number. Plus the user's own phone, which
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

const telnyxId = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .regex(/^[A-Za-z0-9_.:-]*$/, "Use only letters, digits, '-', '_', '.' and ':' (copy it from Telnyx).")
  .transform((v) => (v === "" ? null : v))
  .nullish();

const label = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .transform((v) => (v === "" ? null : v))
  .nullish();

const id = z.string().min(1).max(64);

export const createPhoneNumberInput = z.object({
  /** Any format; stored E.164 (the user's default region applies to numbers without +country). */
  number: z.string().trim().min(1, "Enter the number.").max(50, "Use at most 50 characters."),
  label,
  connectionId: telnyxId,
  messagingProfileId: telnyxId,
  telnyxNumberId: telnyxId,
  isDefault: z.boolean().optional(),
});

export const updatePhoneNumberInput = z.object({
  id,
  label,
  connectionId: telnyxId,
  messagingProfileId: telnyxId,
  telnyxNumberId: telnyxId,
  isDefault: z.literal(true).optional(),
});

export const phoneNumberIdInput = z.object({ id });

export const personalPhoneInput = z.object({
  /** null or "" clears it. */
  personalPhone: z.string().trim().max(50, "Use at most 50 characters.").nullable(),
});

export async function listPhoneNumbers(db: Db, userId: string): Promise<PhoneNumberRecord[]> {
  return db.phoneNumber.findMany({
    where: { userId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    select: phoneNumberSelect,
  });
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function createPhoneNumber(db: Db, userId: string, input: z.output<typeof createPhoneNumberInput>) {
  const region = await regionOf(db, userId);
  const parsed = parsePhone(input.number, region);
  if (!parsed) throw fieldError("number", `"${input.number.slice(0, 60)}" is not a phone number we can read.`);
  const e164 = parsed.number;
  const taken = (ownerId: string) =>
    ownerId === userId
      ? fieldError("number", "You have already added this number.")
      : fieldError("number", "This number is registered to another account. A number can belong to one account only.");

  const existing = await db.phoneNumber.findUnique({ where: { e164 }, select: { userId: true } });
  if (existing) throw taken(existing.userId);
  const user = await db.user.findUnique({ where: { id: userId }, select: { personalPhone: true } });
  if (user?.personalPhone === e164) throw fieldError("number", "This is your own phone (Settings → Your phone), not a Telnyx number.");
  try {
    return await db.$transaction(async (tx) => {
      const count = await tx.phoneNumber.count({ where: { userId } });
      const makeDefault = count === 0 || input.isDefault === true;
      if (makeDefault) await tx.phoneNumber.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      return tx.phoneNumber.create({
        data: {
          userId,
          e164,
          label: input.label ?? null,
          connectionId: input.connectionId ?? null,
          messagingProfileId: input.messagingProfileId ?? null,
          telnyxNumberId: input.telnyxNumberId ?? null,
          isDefault: makeDefault,
        },
        select: phoneNumberSelect,
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Added concurrently (by this user or another).
    const winner = await db.phoneNumber.findUnique({ where: { e164 }, select: { userId: true } });
    throw taken(winner?.userId ?? "");
  }
}

export async function updatePhoneNumber(db: Db, userId: string, input: z.output<typeof updatePhoneNumberInput>) {
  const current = await db.phoneNumber.findFirst({ where: { id: input.id, userId }, select: { id: true } });
  if (!current) throw notFound("Phone number");
  return db.$transaction(async (tx) => {
    if (input.isDefault) await tx.phoneNumber.updateMany({ where: { userId, isDefault: true, NOT: { id: input.id } }, data: { isDefault: false } });
    return tx.phoneNumber.update({
      where: { id: input.id },
      data: {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
        ...(input.messagingProfileId !== undefined ? { messagingProfileId: input.messagingProfileId } : {}),
        ...(input.telnyxNumberId !== undefined ? { telnyxNumberId: input.telnyxNumberId } : {}),
        ...(input.isDefault ? { isDefault: true } : {}),
      },
      select: phoneNumberSelect,
    });
  });
}

/** Removes the number (its calls and texts stay); the oldest remaining one becomes the default. */
export async function deletePhoneNumber(db: Db, userId: string, numberId: string) {
  return db.$transaction(async (tx) => {
    const current = await tx.phoneNumber.findFirst({ where: { id: numberId, userId }, select: { id: true, isDefault: true } });
    if (!current) throw notFound("Phone number");
    await tx.phoneNumber.delete({ where: { id: current.id } });
    if (current.isDefault) {
      const next = await tx.phoneNumber.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { id: true } });
      if (next) await tx.phoneNumber.update({ where: { id: next.id }, data: { isDefault: true } });
    }
    return { id: current.id };
  });
}

/** The number calls and texts go out from: the chosen one (must be the user's) or the default. */
export async function outboundNumber(db: Db, userId: string, numberId?: string | null) {
  if (numberId) {
    const chosen = await db.phoneNumber.findFirst({ where: { id: numberId, userId }, select: phoneNumberSelect });
    if (!chosen) throw fieldError("fromNumberId", "Choose one of your numbers.");
    return chosen;
  }
  return db.phoneNumber.findFirst({ where: { userId }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }], select: phoneNumberSelect });
}

export async function getPersonalPhone(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { personalPhone: true } });
  if (!user) throw notFound("Account");
  return { personalPhone: user.personalPhone };
}

export async function setPersonalPhone(db: Db, userId: string, input: z.output<typeof personalPhoneInput>) {
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
export async function telephonyStatus(db: Db, userId: string, config: { apiKey: boolean; publicKey: boolean }) {
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
    telnyx: { apiKeyConfigured: config.apiKey, publicKeyConfigured: config.publicKey },
    webhooks: {
      lastReceivedAt: last?.receivedAt ?? null,
      lastEventType: last?.eventType ?? null,
      failedCount: failed,
      /** Refused before storage, all accounts together (they cannot be attributed to anyone). */
      rejections,
    },
  };
}
