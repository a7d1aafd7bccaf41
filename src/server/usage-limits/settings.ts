import type { z } from "zod";
import type { Db } from "~/server/db";
import type { sendLimitsInput } from "./schemas";

/**
 * The instance's per-user caps on outbound texts and calls (AppSettings, row 1, edited by the
 * owner in Settings). The row may not exist yet: then the same defaults as its columns apply.
 */

export const DEFAULT_SEND_LIMITS = { smsPerHour: 30, smsPerDay: 200, callsPerHour: 20, callsPerDay: 100 } as const;

export type SendLimits = { smsPerHour: number; smsPerDay: number; callsPerHour: number; callsPerDay: number };

const SETTINGS_ID = 1;

const select = { smsPerHour: true, smsPerDay: true, callsPerHour: true, callsPerDay: true } as const;

export async function getSendLimits({ db }: { db: Pick<Db, "appSettings"> }): Promise<SendLimits> {
  const row = await db.appSettings.findUnique({ where: { id: SETTINGS_ID }, select });
  return row ?? { ...DEFAULT_SEND_LIMITS };
}

/** Writes only the limit columns (the sign-up mode in the same row is the accounts settings'). */
export async function updateSendLimits({ db }: { db: Db }, input: z.output<typeof sendLimitsInput>): Promise<SendLimits> {
  return db.appSettings.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, ...input },
    update: input,
    select,
  });
}
