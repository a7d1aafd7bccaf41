import Papa from "papaparse";
import type { z } from "zod";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";
import { checkImportRows, checkImportSize, commitImport, looksBinary, planImport, type ImportCandidate } from "./import";
import { regionOf, type ContactFieldsInput } from "./normalize";
import type { ImportField, importCsvInput, previewCsvInput } from "./schemas";

const PREVIEW_ROWS = 10;

export interface ParsedCsv {
  columns: string[];
  /** Data rows (header excluded) with their row number in the file (header = row 1). */
  rows: { row: number; cells: string[]; error?: string }[];
}

/** Splits CSV text into a header and rows; rows that cannot be read carry an error. */
export function parseCsv(text: string): ParsedCsv {
  const source = text.replace(/^\uFEFF/, "");
  if (!source.trim()) throw fieldError("csv", "The file is empty.");
  if (looksBinary(source)) {
    throw fieldError("csv", "This is not a CSV file: it holds binary data. Export the sheet as CSV (comma-separated values) and choose that file.");
  }
  const result = Papa.parse<string[]>(source, { skipEmptyLines: "greedy" });
  const [header, ...data] = result.data;
  if (!header || header.every((h) => !h.trim())) throw fieldError("csv", "The first row must name the columns.");
  checkImportRows("csv", data.length, "rows");
  const columns = header.map((h, i) => h.trim() || `Column ${i + 1}`);
  // Papa reports quoting problems by index in result.data (header = 0).
  const parseErrors = new Map<number, string>();
  for (const e of result.errors) {
    if (typeof e.row === "number" && !parseErrors.has(e.row)) parseErrors.set(e.row, `${e.message}.`);
  }
  const rows = data.map((cells, i) => {
    const index = i + 1;
    const row = index + 1;
    let error = parseErrors.get(index);
    if (!error) {
      const extra = cells.slice(columns.length).some((c) => c.trim() !== "");
      if (extra || cells.length < columns.length) {
        error = `Has ${cells.length} values but the header has ${columns.length} columns.`;
      }
    }
    return { row, cells: cells.slice(0, columns.length), error };
  });
  return { columns, rows };
}

const EXACT: Record<string, ImportField> = {
  firstname: "firstName",
  first: "firstName",
  givenname: "firstName",
  forename: "firstName",
  fname: "firstName",
  lastname: "lastName",
  last: "lastName",
  surname: "lastName",
  familyname: "lastName",
  lname: "lastName",
  name: "fullName",
  fullname: "fullName",
  displayname: "fullName",
  contact: "fullName",
  contactname: "fullName",
  title: "jobTitle",
  jobtitle: "jobTitle",
  position: "jobTitle",
  role: "jobTitle",
  org: "company",
  tags: "tags",
  tag: "tags",
  labels: "tags",
  groups: "tags",
  groupmembership: "tags",
  categories: "tags",
  notes: "notes",
  note: "notes",
  comments: "notes",
  description: "notes",
};

/** The contact field a column header most likely means (null: ignore the column). */
export function suggestField(header: string): ImportField | null {
  const key = header.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (!key) return null;
  if (EXACT[key]) return EXACT[key];
  if (/notes?$|comment/.test(key)) return "notes";
  if (/e?mail/.test(key)) return "email";
  if (/phone|mobile|cell|^tel|fax/.test(key)) return key.includes("fax") ? null : "phone";
  if (/title|position|jobrole/.test(key)) return "jobTitle";
  if (/company|organi[sz]ation|employer|business/.test(key)) return "company";
  if (/first|given/.test(key)) return "firstName";
  if (/last|surname|family/.test(key)) return "lastName";
  if (/label|tag|group|categor/.test(key)) return "tags";
  if (/name$/.test(key)) return "fullName";
  return null;
}

export function suggestMapping(columns: string[]): (ImportField | null)[] {
  return columns.map(suggestField);
}

/** A cell as written, without the apostrophe spreadsheets (and our export) put before =+-@. */
function cellValue(cell: string | undefined): string {
  const text = (cell ?? "").trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

function splitList(text: string, separators: RegExp): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "Smith, John" or "John Q. Smith" -> first and last name. */
export function splitFullName(full: string): { firstName: string; lastName: string | null } {
  const text = full.trim().replace(/\s+/g, " ");
  if (text.includes(",")) {
    const [last, ...rest] = text.split(",");
    const first = rest.join(",").trim();
    if (first) return { firstName: first, lastName: last?.trim() || null };
  }
  const space = text.lastIndexOf(" ");
  if (space <= 0) return { firstName: text, lastName: null };
  return { firstName: text.slice(0, space), lastName: text.slice(space + 1) };
}

/** One CSV row through the column mapping. */
export function rowToFields(cells: string[], mapping: (ImportField | null)[]): ContactFieldsInput {
  const single: Partial<Record<"firstName" | "lastName" | "fullName" | "company" | "jobTitle", string>> = {};
  const notes: string[] = [];
  const emails: string[] = [];
  const phones: string[] = [];
  const tags: string[] = [];
  mapping.forEach((field, i) => {
    if (!field) return;
    const value = cellValue(cells[i]);
    if (!value) return;
    switch (field) {
      case "email":
        emails.push(...splitList(value, /\s*:::\s*|[;,\s]+/));
        break;
      case "phone":
        phones.push(...splitList(value, /\s*:::\s*|[;,\n]+/));
        break;
      case "tags":
        tags.push(...splitList(value, /\s*:::\s*|[;,|]+/).map((t) => t.replace(/^\*\s*/, "")));
        break;
      case "notes":
        notes.push(value);
        break;
      default:
        single[field] ??= value;
    }
  });
  let firstName = single.firstName ?? "";
  let lastName = single.lastName ?? null;
  if (!firstName && single.fullName) {
    const split = splitFullName(single.fullName);
    firstName = split.firstName;
    lastName ??= split.lastName;
  }
  return {
    firstName,
    lastName,
    emails,
    phones,
    company: single.company ?? null,
    jobTitle: single.jobTitle ?? null,
    notes: notes.length ? notes.join("\n\n") : null,
    tags,
  };
}

function checkMapping(columns: string[], mapping: (ImportField | null)[]) {
  if (mapping.length !== columns.length) {
    throw fieldError("mapping", `The mapping has ${mapping.length} entries but the file has ${columns.length} columns.`);
  }
  if (!mapping.some((f) => f === "firstName" || f === "fullName")) {
    throw fieldError("mapping", "Map a column to First name (or Full name).");
  }
}

function candidatesOf(parsed: ParsedCsv, mapping: (ImportField | null)[]): ImportCandidate[] {
  return parsed.rows.map(({ row, cells, error }) => (error ? { row, fields: {}, error } : { row, fields: rowToFields(cells, mapping) }));
}

/**
 * Step 1 of a CSV import (writes nothing): the columns, a suggested (or the given) mapping, the
 * first rows, and what importing would do: rows with errors and duplicates, by row number.
 */
export async function previewCsv({ db }: { db: Db }, userId: string, input: z.output<typeof previewCsvInput>) {
  checkImportSize("csv", input.csv);
  const parsed = parseCsv(input.csv);
  const mapping = input.mapping ?? suggestMapping(parsed.columns);
  const base = {
    columns: parsed.columns,
    mapping,
    rows: parsed.rows.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.row, cells: r.cells })),
    totalRows: parsed.rows.length,
  };
  if (mapping.length !== parsed.columns.length || !mapping.some((f) => f === "firstName" || f === "fullName")) {
    return { ...base, importable: 0, errors: [], duplicates: [], mappingError: "Map a column to First name (or Full name)." };
  }
  const region = await regionOf(db, userId);
  const plan = await planImport(db, userId, region, candidatesOf(parsed, mapping));
  return { ...base, importable: plan.valid.length, errors: plan.errors, duplicates: plan.duplicates, mappingError: null };
}

/** Step 2: imports the valid, non-duplicate rows in one transaction and reports the rest. */
export async function importCsv({ db }: { db: Db }, userId: string, input: z.output<typeof importCsvInput>) {
  checkImportSize("csv", input.csv);
  const parsed = parseCsv(input.csv);
  checkMapping(parsed.columns, input.mapping);
  const region = await regionOf(db, userId);
  return commitImport(db, userId, region, candidatesOf(parsed, input.mapping));
}

export const EXPORT_COLUMNS = ["First name", "Last name", "Email", "Phone", "Company", "Job title", "Notes", "Tags"];

/**
 * Every contact of the user as CSV (multi-value cells joined with "; "). Cells a spreadsheet
 * would run as a formula get a leading apostrophe (phone numbers like "+1415…" do not).
 */
export async function exportContactsCsv({ db }: { db: Db }, userId: string) {
  const contacts = await db.contact.findMany({
    where: { userId },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: { firstName: true, lastName: true, emails: true, phones: true, company: true, jobTitle: true, notes: true, tags: true },
  });
  const csv = Papa.unparse(
    {
      fields: EXPORT_COLUMNS,
      data: contacts.map((c) => [
        c.firstName,
        c.lastName ?? "",
        c.emails.join("; "),
        c.phones.join("; "),
        c.company ?? "",
        c.jobTitle ?? "",
        c.notes ?? "",
        c.tags.join("; "),
      ]),
    },
    { escapeFormulae: /^(?:[=@\t\r]|[+-](?![\d\s().;+-]*$))/, newline: "\r\n" },
  );
  return { csv, count: contacts.length, filename: `contacts-${new Date().toISOString().slice(0, 10)}.csv` };
}
