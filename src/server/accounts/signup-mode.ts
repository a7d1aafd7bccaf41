import { z } from "zod";
import type { SignupMode } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";

export const SIGNUP_MODES = ["closed", "invite", "open"] as const satisfies readonly SignupMode[];
export type { SignupMode };

export const signupModeInput = z.object({
  mode: z.enum(SIGNUP_MODES, { error: "Choose closed, invite or open." }),
});

export interface SignupModeState {
  mode: SignupMode;
  /** "settings" once the owner chose in Settings; until then SIGNUP_MODE from the environment. */
  source: "settings" | "environment";
}

type Reader = Pick<Db, "appSettings">;

/** The mode in force once an owner exists: the owner's choice, else SIGNUP_MODE (default closed). */
export async function signupModeState(db: Reader, environmentMode: SignupMode): Promise<SignupModeState> {
  const row = await db.appSettings.findUnique({ where: { id: 1 }, select: { signupMode: true } });
  return row?.signupMode ? { mode: row.signupMode, source: "settings" } : { mode: environmentMode, source: "environment" };
}

export async function setSignupMode(db: Db, mode: SignupMode): Promise<SignupModeState> {
  // AppSettings is one row (id 1, enforced by a CHECK); its other columns keep their defaults.
  await db.appSettings.upsert({ where: { id: 1 }, create: { signupMode: mode }, update: { signupMode: mode } });
  return { mode, source: "settings" };
}
