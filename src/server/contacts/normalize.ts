import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from "libphonenumber-js";
import { z } from "zod";
import type { Db } from "~/server/db";
import { FIELD_LIMITS as LIMITS, tooLongMessage } from "~/lib/field-limits";
import { formatPhone } from "~/lib/format";
import { notFound, type FieldIssue } from "~/server/errors";


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
  return formatPhone(phone.number, region);
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
    else if (firstName.length > LIMITS.personName) issues.push({ field: "firstName", message: tooLongMessage(LIMITS.personName) });
    data.firstName = firstName;
  }
  if (input.lastName !== undefined) {
    const lastName = trimOrNull(input.lastName);
    if (lastName && lastName.length > LIMITS.personName) issues.push({ field: "lastName", message: tooLongMessage(LIMITS.personName) });
    data.lastName = lastName;
  }
  for (const [field, max] of [
    ["company", LIMITS.company],
    ["jobTitle", LIMITS.jobTitle],
    ["notes", LIMITS.contactNotes],
  ] as const) {
    if (input[field] === undefined) continue;
    const value = trimOrNull(input[field]);
    if (value && value.length > max) issues.push({ field, message: tooLongMessage(max) });
    data[field] = value;
  }

  if (input.emails !== undefined) {
    const emails: string[] = [];
    input.emails.forEach((raw, i) => {
      if (!raw.trim()) return;
      if (raw.trim().length > LIMITS.email) {
        issues.push({ field: `emails.${i}`, message: tooLongMessage(LIMITS.email) });
        return;
      }
      const email = normalizeEmail(raw);
      if (!email) issues.push({ field: `emails.${i}`, message: `"${raw.trim().slice(0, 60)}" is not a valid email address.` });
      else if (!emails.includes(email)) emails.push(email);
    });
    if (emails.length > LIMITS.contactEmails) issues.push({ field: "emails", message: `At most ${LIMITS.contactEmails} email addresses.` });
    data.emails = emails;
  }
  if (input.phones !== undefined) {
    const phones: string[] = [];
    input.phones.forEach((raw, i) => {
      if (!raw.trim()) return;
      if (raw.trim().length > LIMITS.phone) {
        issues.push({ field: `phones.${i}`, message: tooLongMessage(LIMITS.phone) });
        return;
      }
      const e164 = toE164(raw, region);
      if (!e164) issues.push({ field: `phones.${i}`, message: `"${raw.trim().slice(0, 60)}" is not a phone number we can read.` });
      else if (!phones.includes(e164)) phones.push(e164);
    });
    if (phones.length > LIMITS.contactPhones) issues.push({ field: "phones", message: `At most ${LIMITS.contactPhones} phone numbers.` });
    data.phones = phones;
  }
  if (input.tags !== undefined) {
    const tags: string[] = [];
    const seen = new Set<string>();
    input.tags.forEach((raw, i) => {
      const tag = normalizeTag(raw);
      if (!tag) return;
      if (tag.length > LIMITS.tag) {
        issues.push({ field: `tags.${i}`, message: tooLongMessage(LIMITS.tag) });
        return;
      }
      const key = tag.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      tags.push(tag);
    });
    if (tags.length > LIMITS.contactTags) issues.push({ field: "tags", message: `At most ${LIMITS.contactTags} tags.` });
    data.tags = tags;
  }
  return { data, issues };
}
