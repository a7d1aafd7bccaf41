import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { changePasswordSchema } from "~/lib/account-fields";
import { hashPassword, verifyPassword } from "~/server/auth/passwords";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";

/** The Settings form's own schema: current password, and the new one twice. */
export const changePasswordInput = changePasswordSchema;
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/** 18 random bytes as 24 URL-safe characters: typed once from a screen, then changed. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Sets a new password and ends every session signed in with the old one (the version bump).
 * `enable` also lifts a disable (the shell reset for a locked-out owner). False when no such user.
 */
export async function setPassword(db: Db, userId: string, password: string, options: { enable?: boolean } = {}) {
  const passwordHash = await hashPassword(password);
  const { count } = await db.user.updateMany({
    where: { id: userId },
    data: { passwordHash, sessionVersion: { increment: 1 }, ...(options.enable ? { disabledAt: null } : {}) },
  });
  return count === 1;
}

/** Password change from Settings: the current password proves it is the account's person, not a stolen session. */
export async function changePassword({ db }: { db: Db }, userId: string, input: ChangePasswordInput) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError("currentPassword", "That is not your current password.");
  }
  await setPassword(db, userId, input.newPassword);
}
