import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import type { Db } from "~/server/db";
import { notFound, type FieldIssue } from "~/server/errors";

/** Limits shared by the input schemas, the normalizer and the importers. */
export const LIMITS = {
  name: 100,
  email: 254,
  phone: 50,
  company: 200,
  jobTitle: 200,
  notes: 20_000,
  tag: 50,
  emails: 20,
  phones: 20,
  tags: 50,
} as const;

const emailSchema = z.email();

/** The user's region for numbers typed without a country code ("US" unless changed in settings). */
export async function regionOf(db: Pick<Db, "user">, userId: string): Promise<CountryCode> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { defaultRegion: true } });
  if (!user) throw notFound("Account");
  return (user.defaultRegion || "US") as CountryCode;
}

/** Parses any human phone format ("+1 (415) 555-0134", "415.555.0134", "tel:+1-415…") or null. */
export function parsePhone(value: string, region: CountryCode): PhoneNumber | null {
  const text = value.trim();
  if (!text || !/\d/.test(text)) return null;
  try {
    const parsed = parsePhoneNumberFromString(text, region);
    return parsed?.isPossible() ? parsed : null;
  } catch {
    return null;
  }
}

/** E.164 ("+14155550134") or null when the text is not a possible phone number. */
export function toE164(value: string, region: CountryCode): string | null {
  return parsePhone(value, region)?.number ?? null;
}

/** National format for the user's own region, international otherwise. */
export function formatForRegion(phone: PhoneNumber, region: CountryCode): string {
  return phone.country === region ? phone.formatNational() : phone.formatInternational();
}

/** Trimmed, lower-cased, or null when not an email address. */
export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  if (!email || email.length > LIMITS.email) return null;
  return emailSchema.safeParse(email).success ? email : null;
}

export function normalizeTag(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

function trimOrNull(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

/** The editable fields of a contact, as stored. */
export interface ContactData {
  firstName: string;
  lastName: string | null;
  emails: string[];
  phones: string[];
  company: string | null;
  jobTitle: string | null;
  notes: string | null;
  tags: string[];
}

export interface ContactFieldsInput {
  firstName?: string;
  lastName?: string | null;
  emails?: string[];
  phones?: string[];
  company?: string | null;
  jobTitle?: string | null;
  notes?: string | null;
  tags?: string[];
}

/**
 * Normalizes the given fields (absent ones stay absent, for updates): names trimmed and first
 * name required, emails trimmed + lower-cased + validated, phones parsed to E.164 with `region`,
 * tags trimmed; blank list entries dropped, duplicates removed (first wins). Problems are
 * returned as field issues keyed like the client shows them ("emails.0", "phones.1").
 */
export function normalizeContactFields(
  input: ContactFieldsInput,
  region: CountryCode,
): { data: Partial<ContactData>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const data: Partial<ContactData> = {};

  if (input.firstName !== undefined) {
    const firstName = input.firstName.trim();
    if (!firstName) issues.push({ field: "firstName", message: "Enter a first name." });
    else if (firstName.length > LIMITS.name) issues.push({ field: "firstName", message: `Use at most ${LIMITS.name} characters.` });
    data.firstName = firstName;
  }
  if (input.lastName !== undefined) {
    const lastName = trimOrNull(input.lastName);
    if (lastName && lastName.length > LIMITS.name) issues.push({ field: "lastName", message: `Use at most ${LIMITS.name} characters.` });
    data.lastName = lastName;
  }
  for (const [field, max] of [
    ["company", LIMITS.company],
    ["jobTitle", LIMITS.jobTitle],
    ["notes", LIMITS.notes],
  ] as const) {
    if (input[field] === undefined) continue;
    const value = trimOrNull(input[field]);
    if (value && value.length > max) issues.push({ field, message: `Use at most ${max} characters.` });
    data[field] = value;
  }

  if (input.emails !== undefined) {
    const emails: string[] = [];
    input.emails.forEach((raw, i) => {
      if (!raw.trim()) return;
      const email = normalizeEmail(raw);
      if (!email) issues.push({ field: `emails.${i}`, message: `"${raw.trim().slice(0, 60)}" is not a valid email address.` });
      else if (!emails.includes(email)) emails.push(email);
    });
    if (emails.length > LIMITS.emails) issues.push({ field: "emails", message: `At most ${LIMITS.emails} email addresses.` });
    data.emails = emails;
  }
  if (input.phones !== undefined) {
    const phones: string[] = [];
    input.phones.forEach((raw, i) => {
      if (!raw.trim()) return;
      const e164 = raw.length <= LIMITS.phone ? toE164(raw, region) : null;
      if (!e164) issues.push({ field: `phones.${i}`, message: `"${raw.trim().slice(0, 60)}" is not a phone number we can read.` });
      else if (!phones.includes(e164)) phones.push(e164);
    });
    if (phones.length > LIMITS.phones) issues.push({ field: "phones", message: `At most ${LIMITS.phones} phone numbers.` });
    data.phones = phones;
  }
  if (input.tags !== undefined) {
    const tags: string[] = [];
    const seen = new Set<string>();
    input.tags.forEach((raw, i) => {
      const tag = normalizeTag(raw);
      if (!tag) return;
      if (tag.length > LIMITS.tag) {
        issues.push({ field: `tags.${i}`, message: `Tags have at most ${LIMITS.tag} characters.` });
        return;
      }
      const key = tag.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      tags.push(tag);
    });
    if (tags.length > LIMITS.tags) issues.push({ field: "tags", message: `At most ${LIMITS.tags} tags.` });
    data.tags = tags;
  }
  return { data, issues };
}
