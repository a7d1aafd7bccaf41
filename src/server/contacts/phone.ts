import type { CountryCode } from "libphonenumber-js";
import type { z } from "zod";
import type { Db } from "~/server/db";
import { fieldError, fieldIssues } from "~/server/errors";
import { contactSelect, type ContactRecord } from "./contacts";
import { formatForRegion, normalizeContactFields, parsePhone, regionOf, type ContactData } from "./normalize";
import type { createFromCallerInput, phoneInput } from "./schemas";

type Queryable = Pick<Db, "contact">;

function parseOrThrow(phone: string, region: CountryCode) {
  const parsed = parsePhone(phone, region);
  if (!parsed) throw fieldError("phone", `"${phone.trim().slice(0, 60)}" is not a phone number we can read.`);
  return parsed;
}

/** The user's contact with this E.164 number (oldest first if several), or null. */
export async function findContactByE164(db: Queryable, userId: string, e164: string): Promise<ContactRecord | null> {
  // `phones @> ARRAY[...]` uses the GIN index on phones.
  return db.contact.findFirst({
    where: { userId, phones: { has: e164 } },
    orderBy: { createdAt: "asc" },
    select: contactSelect,
  });
}

/** Caller ID: any human format -> `{ e164, formatted, contact | null }` (user's default region). */
export async function lookupByPhone({ db }: { db: Db }, userId: string, input: z.output<typeof phoneInput>) {
  const region = await regionOf(db, userId);
  const parsed = parseOrThrow(input.phone, region);
  const contact = await findContactByE164(db, userId, parsed.number);
  return { e164: parsed.number, formatted: formatForRegion(parsed, region), contact };
}

/**
 * A contact for a caller's number: the existing one with that number, or a new one named
 * `firstName` (default: the formatted number). Concurrent calls for one number create one contact
 * (a transaction-level advisory lock per user and number).
 */
export async function createFromCaller({ db }: { db: Db }, userId: string, input: z.output<typeof createFromCallerInput>) {
  const region = await regionOf(db, userId);
  const parsed = parseOrThrow(input.phone, region);
  const e164 = parsed.number;
  const { data, issues } = normalizeContactFields(
    { firstName: input.firstName?.trim() ? input.firstName : formatForRegion(parsed, region), lastName: input.lastName ?? null },
    region,
  );
  if (issues.length) throw fieldIssues(issues);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact-phone:${userId}:${e164}`}))`;
    const existing = await findContactByE164(tx, userId, e164);
    if (existing) return { contact: existing, created: false };
    const contact = await tx.contact.create({
      data: { ...(data as Pick<ContactData, "firstName" | "lastName">), phones: [e164], userId },
      select: contactSelect,
    });
    return { contact, created: true };
  });
}
