import { z } from "zod";
import { getCountries, type CountryCode } from "libphonenumber-js";
import type { Db } from "~/server/db";
import { nameSchema } from "~/lib/account-fields";
import { notFound } from "~/server/errors";
import type { ServicesConfig } from "~/server/services";

const countries = new Set<string>(getCountries());
const timeZones = new Set<string>(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const profileInput = z.object({
  name: nameSchema,
  timezone: z.string().refine((tz) => timeZones.has(tz), "Choose a valid time zone."),
  defaultRegion: z
    .string()
    .toUpperCase()
    .refine((c): c is CountryCode => countries.has(c), "Choose a valid country code (e.g. US)."),
});

const profileFields = { id: true, email: true, name: true, timezone: true, defaultRegion: true, createdAt: true } as const;

export interface SettingsDeps {
  db: Db;
  config: Pick<ServicesConfig, "liveProviders"> & { connections: { s3: { bucket: string | undefined } } };
}

/** The user's profile, with the instance's providers: which run for real, and where recordings go. */
export async function getSettings({ db, config }: SettingsDeps, userId: string) {
  const profile = await db.user.findUnique({ where: { id: userId }, select: profileFields });
  if (!profile) throw notFound("Account");
  const storage: "s3" | "local" = config.connections.s3.bucket ? "s3" : "local";
  return { profile, providers: config.liveProviders, storage };
}

export async function updateProfile({ db }: { db: Db }, userId: string, input: z.infer<typeof profileInput>) {
  const result = await db.user.updateMany({ where: { id: userId }, data: input });
  if (result.count === 0) throw notFound("Account");
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: profileFields });
}
