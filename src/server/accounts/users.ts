import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { passwordSchema } from "~/lib/account-fields";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { generatePassword, setPassword } from "./passwords";

const userId = z.string().min(1, "Choose a user.").max(64);

export const setDisabledInput = z.object({ userId, disabled: z.boolean() });

export const resetPasswordInput = z.discriminatedUnion("mode", [
  z.object({ userId, mode: z.literal("set"), password: passwordSchema }),
  z.object({ userId, mode: z.literal("generate") }),
]);

/** Every account on the instance, oldest (the owner) first, with how many numbers each holds. */
export async function listUsers({ db }: { db: Db }) {
  const users = await db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      disabledAt: true,
      _count: { select: { phoneNumbers: true } },
    },
  });
  return users.map(({ _count, ...user }) => ({ ...user, numbers: _count.phoneNumbers }));
}

function notOnYourself(action: string) {
  return new TRPCError({ code: "BAD_REQUEST", message: action });
}

/**
 * Disabling sets disabledAt and bumps the session version in one statement, so the account's
 * sessions end on their next request and sign-in is refused. Enabling only clears disabledAt:
 * the old sessions stay ended.
 */
export async function setUserDisabled({ db, now }: { db: Db; now: () => Date }, actorId: string, input: z.infer<typeof setDisabledInput>) {
  if (input.userId === actorId) throw notOnYourself("You cannot disable your own account.");
  const { count } = await db.user.updateMany({
    where: { id: input.userId },
    data: input.disabled ? { disabledAt: now(), sessionVersion: { increment: 1 } } : { disabledAt: null },
  });
  if (count !== 1) throw notFound("User");
  return db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { id: true, disabledAt: true } });
}

/** The owner resets someone else's password; a generated one is returned this once. */
export async function resetUserPassword({ db }: { db: Db }, actorId: string, input: z.infer<typeof resetPasswordInput>) {
  if (input.userId === actorId) throw notOnYourself("Change your own password in Settings → Account.");
  const password = input.mode === "generate" ? generatePassword() : input.password;
  if (!(await setPassword(db, input.userId, password))) throw notFound("User");
  return { generatedPassword: input.mode === "generate" ? password : null };
}
