import { z } from "zod";
import { FIELD_LIMITS as LIMITS, IMPORT_LIMITS, limitedText, tooLongMessage } from "~/lib/field-limits";

/**
 * Input schemas of the contacts router. They check shapes and sizes only; meaning (first name
 * present, email valid, phone parseable with the user's region) is checked by
 * `normalizeContactFields`, which reports every problem at once as field errors.
 */

const id = z.string().min(1, "Missing id.").max(64, "Not a valid id.");
// The same limits, on the same trimmed text, as normalizeContactFields (which also checks imports).
export const contactFieldsShape = {
  firstName: limitedText(LIMITS.personName),
  lastName: limitedText(LIMITS.personName).nullish(),
  emails: z
    .array(limitedText(LIMITS.email))
    .max(LIMITS.contactEmails, `At most ${LIMITS.contactEmails} email addresses.`),
  phones: z
    .array(limitedText(LIMITS.phone))
    .max(LIMITS.contactPhones, `At most ${LIMITS.contactPhones} phone numbers.`),
  company: limitedText(LIMITS.company).nullish(),
  jobTitle: limitedText(LIMITS.jobTitle).nullish(),
  notes: limitedText(LIMITS.contactNotes).nullish(),
  tags: z.array(limitedText(LIMITS.tag)).max(LIMITS.contactTags, `At most ${LIMITS.contactTags} tags.`),
};

export const createContactInput = z.object({
  ...contactFieldsShape,
  emails: contactFieldsShape.emails.default([]),
  phones: contactFieldsShape.phones.default([]),
  tags: contactFieldsShape.tags.default([]),
});
export type CreateContactInput = z.input<typeof createContactInput>;

export const updateContactInput = z.object({ id }).extend(
  z.object(contactFieldsShape).partial().shape,
);
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const idInput = z.object({ id });

export const bulkDeleteInput = z.object({
  ids: z.array(id).min(1, "Select at least one contact.").max(1000, "Delete at most 1,000 contacts at a time."),
});

export const LIST_SORTS = ["relevance", "name", "lastContactedAt", "relationshipScore", "updatedAt"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const MAX_PAGE_SIZE = 100;

export const listContactsInput = z.object({
  search: z.string().max(LIMITS.search, tooLongMessage(LIMITS.search)).optional(),
  // Filters, not stored values: taken as given (a longer one simply matches nothing).
  tags: z.array(z.string().max(LIMITS.tag * 2)).max(20, "Filter by at most 20 tags.").optional(),
  company: z.string().max(LIMITS.company * 2).optional(),
  sort: z.enum(LIST_SORTS).optional(),
  direction: z.enum(["asc", "desc"]).optional(),
  page: z.number().int().min(1, "Pages start at 1.").max(100_000).default(1),
  pageSize: z
    .number()
    .int()
    .min(1, "Ask for at least 1 contact per page.")
    .max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} contacts per page.`)
    .default(25),
});
export type ListContactsInput = z.input<typeof listContactsInput>;

export const timelineInput = z.object({
  id,
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100, "At most 100 entries per page.").default(20),
});

export const phoneInput = z.object({
  phone: limitedText(LIMITS.phone),
});

export const createFromCallerInput = phoneInput.extend({
  firstName: limitedText(LIMITS.personName).optional(),
  lastName: limitedText(LIMITS.personName).nullish(),
});

export const mergeInput = z.object({ survivorId: id, duplicateId: id });

/** Import limits: text size and rows (cards), stated by the import dialog too. */
export const MAX_IMPORT_BYTES = IMPORT_LIMITS.bytes;
export const MAX_IMPORT_ROWS = IMPORT_LIMITS.rows;

const importText = z
  .string()
  .max(MAX_IMPORT_BYTES, "The file is larger than 5 MB; split it into smaller files.");

export const CONTACT_IMPORT_FIELDS = [
  "firstName",
  "lastName",
  "fullName",
  "email",
  "phone",
  "company",
  "jobTitle",
  "notes",
  "tags",
] as const;
export type ImportField = (typeof CONTACT_IMPORT_FIELDS)[number];

/** Column i of the CSV goes to field mapping[i] (null: ignored). */
export const csvMapping = z.array(z.enum(CONTACT_IMPORT_FIELDS).nullable()).max(200, "Too many columns.");

export const previewCsvInput = z.object({ csv: importText, mapping: csvMapping.optional() });
export const importCsvInput = z.object({ csv: importText, mapping: csvMapping });
export const vcardInput = z.object({ vcf: importText });
