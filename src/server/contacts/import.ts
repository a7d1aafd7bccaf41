import type { CountryCode } from "libphonenumber-js";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";
import { newId } from "~/server/db/ids";
import { normalizeContactFields, type ContactData, type ContactFieldsInput } from "./normalize";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./schemas";

/** One contact read from a file: `row` is the CSV row (header = 1) or the vCard's number. */
export interface ImportCandidate {
  row: number;
  fields: ContactFieldsInput;
  /** A problem found while reading the row (wrong number of values, unreadable card). */
  error?: string;
}

export interface ImportError {
  row: number;
  message: string;
}
export interface ImportDuplicate {
  row: number;
  reason: string;
  /** The existing contact it duplicates, or null when it duplicates an earlier row of the file. */
  existingContactId: string | null;
}
export interface ImportPlan {
  valid: { row: number; data: ContactData }[];
  errors: ImportError[];
  duplicates: ImportDuplicate[];
}

type Queryable = Pick<Db, "$queryRaw">;

/** Rejects files over 5 MB (bytes, not characters) with a field error on `field`. */
export function checkImportSize(field: string, text: string) {
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES) {
    throw fieldError(field, "The file is larger than 5 MB; split it into smaller files.");
  }
}

export function checkImportRows(field: string, count: number, unit: "rows" | "cards") {
  if (count > MAX_IMPORT_ROWS) {
    throw fieldError(
      field,
      `The file has ${count.toLocaleString("en-US")} ${unit}; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time.`,
    );
  }
}

/** How much of a file `looksBinary` reads: enough to tell, whatever the file's size. */
const SNIFF_CHARS = 8000;

/**
 * Whether decoded "text" really is binary (a spreadsheet, an image, a zip): a NUL, or more than
 * one character in ten a control character or U+FFFD (bytes the browser could not decode as
 * UTF-8). A Latin-1 export read as UTF-8 has a few U+FFFD where its accents were and is text.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS);
  if (head.includes("\u0000")) return true;
  const odd = head.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return odd > head.length / 10;
}

const FIELD_LABELS: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  jobTitle: "Job title",
  notes: "Notes",
  emails: "Emails",
  phones: "Phones",
  tags: "Tags",
};

function issueMessage(field: string, message: string): string {
  if (field === "firstName" && message.startsWith("Enter")) return "First name is missing.";
  const base = field.split(".")[0] ?? field;
  // Their own messages quote the value; the others (too long) need the field's name.
  if ((base === "emails" || base === "phones") && message.startsWith('"')) return message.replace(/\.$/, "") + ".";
  return `${FIELD_LABELS[base] ?? base}: ${message}`;
}

interface Normalized {
  errors: ImportError[];
  rows: { row: number; data: ContactData }[];
}

/** Validates and normalizes the candidates (no database): errors per row, the rest normalized. */
export function normalizeCandidates(region: CountryCode, candidates: ImportCandidate[]): Normalized {
  const errors: ImportError[] = [];
  const rows: Normalized["rows"] = [];
  for (const candidate of candidates) {
    if (candidate.error) {
      errors.push({ row: candidate.row, message: candidate.error });
      continue;
    }
    const { data, issues } = normalizeContactFields(
      { emails: [], phones: [], tags: [], firstName: "", ...candidate.fields },
      region,
    );
    if (issues.length) {
      errors.push({ row: candidate.row, message: issues.map((i) => issueMessage(i.field, i.message)).join(" ") });
      continue;
    }
    rows.push({ row: candidate.row, data: data as ContactData });
  }
  errors.sort((a, b) => a.row - b.row);
  return { errors, rows };
}

/**
 * Splits normalized rows into duplicates (by phone or email: of the user's existing contacts,
 * found with one query, or of an earlier row of the same file) and the rest, which can be
 * inserted as they are.
 */
export async function separateDuplicates(db: Queryable, userId: string, normalized: Normalized): Promise<ImportPlan> {
  const allEmails = [...new Set(normalized.rows.flatMap((n) => n.data.emails))];
  const allPhones = [...new Set(normalized.rows.flatMap((n) => n.data.phones))];
  const existingByEmail = new Map<string, string>();
  const existingByPhone = new Map<string, string>();
  if (allEmails.length || allPhones.length) {
    const existing = await db.$queryRaw<{ id: string; emails: string[]; phones: string[] }[]>`
      SELECT "id", "emails", "phones" FROM "Contact"
      WHERE "userId" = ${userId} AND ("phones" && ${allPhones}::text[] OR "emails" && ${allEmails}::text[])
      ORDER BY "createdAt" ASC`;
    for (const contact of existing) {
      for (const e of contact.emails) if (!existingByEmail.has(e)) existingByEmail.set(e, contact.id);
      for (const p of contact.phones) if (!existingByPhone.has(p)) existingByPhone.set(p, contact.id);
    }
  }

  const duplicates: ImportDuplicate[] = [];
  const valid: ImportPlan["valid"] = [];
  const fileByEmail = new Map<string, number>();
  const fileByPhone = new Map<string, number>();
  for (const item of normalized.rows) {
    const { phones, emails } = item.data;
    const phoneHit = phones.find((p) => existingByPhone.has(p));
    const emailHit = phoneHit ? undefined : emails.find((e) => existingByEmail.has(e));
    if (phoneHit || emailHit) {
      duplicates.push({
        row: item.row,
        reason: phoneHit ? `A contact with the phone ${phoneHit} already exists.` : `A contact with the email ${emailHit} already exists.`,
        existingContactId: (phoneHit ? existingByPhone.get(phoneHit) : existingByEmail.get(emailHit!)) ?? null,
      });
      continue;
    }
    const phoneRow = phones.find((p) => fileByPhone.has(p));
    const emailRow = phoneRow ? undefined : emails.find((e) => fileByEmail.has(e));
    if (phoneRow || emailRow) {
      duplicates.push({
        row: item.row,
        reason: phoneRow
          ? `Same phone ${phoneRow} as row ${fileByPhone.get(phoneRow)}.`
          : `Same email ${emailRow} as row ${fileByEmail.get(emailRow!)}.`,
        existingContactId: null,
      });
      continue;
    }
    for (const p of phones) fileByPhone.set(p, item.row);
    for (const e of emails) fileByEmail.set(e, item.row);
    valid.push(item);
  }
  return { valid, errors: normalized.errors, duplicates };
}

/** What importing would do, without writing. */
export async function planImport(db: Queryable, userId: string, region: CountryCode, candidates: ImportCandidate[]) {
  return separateDuplicates(db, userId, normalizeCandidates(region, candidates));
}

const INSERT_SLICE = 1000;

/**
 * Imports the valid, non-duplicate candidates in one transaction. Rows are normalized before it
 * starts; duplicates are checked inside it, against what is stored at that moment.
 */
export async function commitImport(db: Db, userId: string, region: CountryCode, candidates: ImportCandidate[]) {
  const normalized = normalizeCandidates(region, candidates);
  return db.$transaction(
    async (tx) => {
      // One import at a time per user, so two concurrent imports of one file cannot both insert.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact-import:${userId}`}))`;
      const plan = await separateDuplicates(tx, userId, normalized);
      if (plan.valid.length) {
        // Set-based INSERTs with one jsonb parameter each (~6x faster than createMany at 10,000
        // rows), in slices that keep every protocol message well under 1 MB.
        for (let i = 0; i < plan.valid.length; i += INSERT_SLICE) {
          const payload = JSON.stringify(plan.valid.slice(i, i + INSERT_SLICE).map((v) => ({ id: newId(), ...v.data })));
          await tx.$executeRaw`
            INSERT INTO "Contact" ("id", "userId", "firstName", "lastName", "emails", "phones", "company", "jobTitle",
                                   "notes", "tags", "createdAt", "updatedAt")
            SELECT r."id", ${userId}, r."firstName", r."lastName", coalesce(r."emails", '{}'), coalesce(r."phones", '{}'),
                   r."company", r."jobTitle", r."notes", coalesce(r."tags", '{}'), now(), now()
            FROM jsonb_to_recordset(${payload}::jsonb) AS r(
              "id" text, "firstName" text, "lastName" text, "emails" text[], "phones" text[], "company" text,
              "jobTitle" text, "notes" text, "tags" text[])`;
        }
      }
      return { imported: plan.valid.length, errors: plan.errors, duplicates: plan.duplicates };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
