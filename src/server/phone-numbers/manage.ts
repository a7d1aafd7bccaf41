import type { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { parsePhone, regionOf } from "~/server/contacts/normalize";
import type { AccountNumber, TelephonyProvider } from "~/server/telephony/provider";
import { phoneNumberSelect } from "./phone-numbers";
import type { assignPhoneNumberInput, availableNumbersInput, createPhoneNumberInput, updatePhoneNumberInput } from "./schemas";
import { AVAILABLE_LIMIT, findAccountNumber, listAccountNumbers } from "./telnyx-account";

/**
 * The owner's side of numbers (/admin → Phone numbers): adding a number the Telnyx account holds,
 * assigning each to a user of this instance, editing its Telnyx ids, removing it. Reassigning
 * moves future calls and texts only: the ones already stored stay with the user they reached.
 */

export interface ManageDeps {
  db: Db;
  telephony: TelephonyProvider;
}

/** Says a number is taken without saying by whom (the owner sees that in the list anyway). */
export const IN_USE = "This number is already in use on this Switchboard.";

const managedSelect = {
  ...phoneNumberSelect,
  user: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.PhoneNumberSelect;

export type ManagedPhoneNumber = Prisma.PhoneNumberGetPayload<{ select: typeof managedSelect }>;

function prismaCode(error: unknown): string | null {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : null;
}

/** Every number with its user, and the users a number can be assigned to. */
export async function listAllPhoneNumbers({ db, telephony }: ManageDeps) {
  const telnyxLive = telephony.live;
  const [numbers, users] = await Promise.all([
    db.phoneNumber.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: managedSelect }),
    db.user.findMany({
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true, email: true, role: true, disabledAt: true },
    }),
  ]);
  return {
    numbers,
    users: users.map(({ disabledAt, ...u }) => ({ ...u, disabled: disabledAt !== null })),
    /** false: no TELNYX_API_KEY, numbers are not checked against an account (nothing is sent either). */
    telnyxLive,
  };
}

/** The Telnyx account's numbers not yet on this Switchboard, for the owner to pick from. */
export async function availablePhoneNumbers(deps: ManageDeps, input: z.output<typeof availableNumbersInput>) {
  if (!deps.telephony.live) return { live: false, numbers: [] as AccountNumber[], truncated: false, limit: AVAILABLE_LIMIT };
  const digits = input.search?.replace(/\D/g, "") || undefined;
  const account = await listAccountNumbers(deps.telephony, digits);
  const added = await deps.db.phoneNumber.findMany({
    where: { e164: { in: account.numbers.map((n) => n.e164) } },
    select: { e164: true },
  });
  const taken = new Set(added.map((n) => n.e164));
  return { live: true, numbers: account.numbers.filter((n) => !taken.has(n.e164)), truncated: account.truncated, limit: AVAILABLE_LIMIT };
}

/** The user a number is being given to must be an active account whose own phone it is not. */
async function checkAssignee(db: Pick<Db, "user">, userId: string, e164: string, phoneField: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { disabledAt: true, personalPhone: true } });
  if (!user) throw fieldError("userId", "Choose a user of this Switchboard.");
  if (user.disabledAt) throw fieldError("userId", "This account is disabled; choose another user.");
  if (user.personalPhone === e164) {
    throw fieldError(phoneField, "That is this user's own phone (Settings → Your phone), not a Telnyx number.");
  }
}

/** The user's oldest number becomes their default (after theirs was moved or removed). */
async function promoteOldest(tx: Tx, userId: string) {
  const next = await tx.phoneNumber.findFirst({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (next) await tx.phoneNumber.update({ where: { id: next.id }, data: { isDefault: true } });
}

/** Locks the number's row for the rest of `tx`: changes to one number run one after the other. */
async function lockNumber(tx: Tx, numberId: string) {
  const rows = await tx.$queryRaw<{ userId: string; e164: string; isDefault: boolean }[]>`
    SELECT "userId", "e164", "isDefault" FROM "PhoneNumber" WHERE "id" = ${numberId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound("Phone number");
  return row;
}

/**
 * Adds a number, assigned to `input.userId` (default: the owner). With TELNYX_API_KEY the account
 * must hold it, and its Telnyx id, connection and messaging profile are taken from Telnyx; a
 * Telnyx failure stores nothing. Without a key anything readable is accepted (nothing is sent).
 */
export async function createPhoneNumber(deps: ManageDeps, ownerId: string, input: z.output<typeof createPhoneNumberInput>) {
  const { db, telephony } = deps;
  const parsed = parsePhone(input.number, await regionOf(db, ownerId));
  if (!parsed) throw fieldError("number", `"${input.number.slice(0, 60)}" is not a phone number we can read.`);
  const e164 = parsed.number;
  const userId = input.userId ?? ownerId;
  await checkAssignee(db, userId, e164, "number");
  if (await db.phoneNumber.findUnique({ where: { e164 }, select: { id: true } })) throw fieldError("number", IN_USE);

  let account: AccountNumber | null = null;
  if (telephony.live) {
    account = await findAccountNumber(telephony, e164);
    if (!account) {
      throw fieldError("number", "Your Telnyx account does not have this number. Buy or port it in Telnyx first, then add it here.");
    }
  }
  try {
    return await db.$transaction(async (tx) => {
      const hasDefault = (await tx.phoneNumber.count({ where: { userId, isDefault: true } })) > 0;
      return tx.phoneNumber.create({
        data: {
          userId,
          e164,
          label: input.label ?? null,
          telnyxNumberId: account?.telnyxNumberId ?? null,
          connectionId: account?.connectionId ?? input.connectionId ?? null,
          messagingProfileId: account?.messagingProfileId ?? input.messagingProfileId ?? null,
          isDefault: !hasDefault,
        },
        select: managedSelect,
      });
    });
  } catch (error) {
    // Added concurrently, or the user was deleted meanwhile.
    if (prismaCode(error) === "P2002") throw fieldError("number", IN_USE);
    if (prismaCode(error) === "P2003") throw fieldError("userId", "Choose a user of this Switchboard.");
    throw error;
  }
}

export async function updatePhoneNumber({ db }: { db: Db }, input: z.output<typeof updatePhoneNumberInput>) {
  try {
    return await db.phoneNumber.update({
      where: { id: input.id },
      data: {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.connectionId !== undefined ? { connectionId: input.connectionId } : {}),
        ...(input.messagingProfileId !== undefined ? { messagingProfileId: input.messagingProfileId } : {}),
      },
      select: managedSelect,
    });
  } catch (error) {
    if (prismaCode(error) === "P2025") throw notFound("Phone number");
    throw error;
  }
}

/**
 * Gives the number to another user, in one transaction: it becomes their default if they have
 * none, and if it was the previous user's default, their oldest remaining number takes over.
 */
export async function assignPhoneNumber({ db }: { db: Db }, input: z.output<typeof assignPhoneNumberInput>) {
  return db.$transaction(async (tx) => {
    const current = await lockNumber(tx, input.id);
    if (current.userId !== input.userId) {
      await checkAssignee(tx, input.userId, current.e164, "userId");
      const hasDefault = (await tx.phoneNumber.count({ where: { userId: input.userId, isDefault: true } })) > 0;
      await tx.phoneNumber.update({ where: { id: input.id }, data: { userId: input.userId, isDefault: !hasDefault } });
      if (current.isDefault) await promoteOldest(tx, current.userId);
    }
    return tx.phoneNumber.findUniqueOrThrow({ where: { id: input.id }, select: managedSelect });
  });
}

/** Removes the number (its calls and texts stay); its user's oldest remaining one becomes the default. */
export async function deletePhoneNumber({ db }: { db: Db }, { id: numberId }: { id: string }) {
  return db.$transaction(async (tx) => {
    const current = await lockNumber(tx, numberId);
    await tx.phoneNumber.delete({ where: { id: numberId } });
    if (current.isDefault) await promoteOldest(tx, current.userId);
    return { id: numberId };
  });
}
