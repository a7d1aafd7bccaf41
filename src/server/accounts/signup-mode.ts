import { z } from "zod";
import type { SignupMode } from "~/generated/prisma/enums";
import type { Db, Tx } from "~/server/db";
import type { ServicesConfig } from "~/server/services";

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

export interface SignupModeDeps {
  /** The app's database, or the sign-up's transaction (which decides with its own view). */
  db: Pick<Db, "appSettings"> | Tx;
  config: { signUp: Pick<ServicesConfig["signUp"], "mode"> };
}

/** The mode in force once an owner exists: the owner's choice, else SIGNUP_MODE (default closed). */
export async function signupModeState({ db, config }: SignupModeDeps): Promise<SignupModeState> {
  const row = await db.appSettings.findUnique({ where: { id: 1 }, select: { signupMode: true } });
  return row?.signupMode ? { mode: row.signupMode, source: "settings" } : { mode: config.signUp.mode, source: "environment" };
}

export async function setSignupMode({ db }: { db: Db }, { mode }: z.output<typeof signupModeInput>): Promise<SignupModeState> {
  // AppSettings is one row (id 1, enforced by a CHECK); its other columns keep their defaults.
  await db.appSettings.upsert({ where: { id: 1 }, create: { signupMode: mode }, update: { signupMode: mode } });
  return { mode, source: "settings" };
}
