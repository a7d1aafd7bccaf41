import ICAL from "ical.js";
import type { z } from "zod";
import { contactDisplayName } from "~/lib/contact-name";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";
import { splitFullName } from "./csv";
import { checkImportRows, checkImportSize, commitImport, planImport, type ImportCandidate } from "./import";
import { regionOf, type ContactFieldsInput } from "./normalize";
import type { vcardInput } from "./schemas";

const PREVIEW_CARDS = 10;

function text(value: unknown): string {
  if (value == null) return "";
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(" ");
  return String(value).trim();
}

/** One vCard (3.0 or 4.0) as contact fields. */
export function cardToFields(card: ICAL.Component): ContactFieldsInput {
  const n = card.getFirstPropertyValue("n") as unknown;
  const parts = Array.isArray(n) ? (n as unknown[]).map(text) : typeof n === "string" ? n.split(";").map((s) => s.trim()) : [];
  const [family = "", given = "", additional = ""] = parts;
  let firstName = [given, additional].filter(Boolean).join(" ");
  let lastName: string | null = family || null;
  if (!firstName) {
    const fn = text(card.getFirstPropertyValue("fn"));
    if (fn) {
      const split = splitFullName(fn);
      firstName = split.firstName;
      lastName ??= split.lastName;
    } else if (lastName) {
      firstName = lastName;
      lastName = null;
    }
  }
  const values = (name: string) => card.getAllProperties(name).flatMap((p) => p.getValues().map(text)).filter(Boolean);
  const org = card.getFirstPropertyValue("org") as unknown;
  const company = Array.isArray(org) ? text(org[0]) : text(org);
  return {
    firstName,
    lastName,
    emails: values("email").map((e) => e.replace(/^mailto:/i, "")),
    phones: values("tel").map((t) => t.replace(/^tel:/i, "")),
    company: company || null,
    jobTitle: text(card.getFirstPropertyValue("title")) || null,
    notes: values("note").join("\n\n") || null,
    tags: values("categories"),
  };
}

/** Splits a .vcf into cards and reads each one on its own, so one broken card is one error. */
export function parseVcards(vcf: string): ImportCandidate[] {
  const source = vcf.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const blocks = source.match(/^BEGIN:VCARD[ \t]*$[\s\S]*?(?=^BEGIN:VCARD[ \t]*$|(?![\s\S]))/gim) ?? [];
  if (blocks.length === 0) throw fieldError("vcf", "No vCards found (a card starts with BEGIN:VCARD).");
  checkImportRows("vcf", blocks.length, "cards");
  return blocks.map((block, i) => {
    const row = i + 1;
    const cardText = block.replace(/\n+$/, "");
    if (!/^END:VCARD[ \t]*$/im.test(cardText)) return { row, fields: {}, error: "The card has no END:VCARD line." };
    try {
      const parsed = ICAL.parse(cardText) as unknown;
      const jcard = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
      const component = new ICAL.Component(jcard as unknown[]);
      if (component.name !== "vcard") return { row, fields: {}, error: "Not a vCard." };
      const version = text(component.getFirstPropertyValue("version"));
      if (version && !["3.0", "4.0"].includes(version)) {
        return { row, fields: {}, error: `vCard version ${version} is not supported (use 3.0 or 4.0).` };
      }
      return { row, fields: cardToFields(component) };
    } catch (e) {
      return { row, fields: {}, error: `The card could not be read: ${e instanceof Error ? e.message : String(e)}.` };
    }
  });
}

function summary(candidate: ImportCandidate) {
  const f = candidate.fields;
  return {
    row: candidate.row,
    name: contactDisplayName(f),
    emails: f.emails ?? [],
    phones: f.phones ?? [],
    company: f.company ?? null,
  };
}

/** What importing the cards would do (writes nothing): first cards, errors and duplicates by card number. */
export async function previewVcard({ db }: { db: Db }, userId: string, input: z.output<typeof vcardInput>) {
  checkImportSize("vcf", input.vcf);
  const candidates = parseVcards(input.vcf);
  const region = await regionOf(db, userId);
  const plan = await planImport(db, userId, region, candidates);
  return {
    totalCards: candidates.length,
    cards: candidates.filter((c) => !c.error).slice(0, PREVIEW_CARDS).map(summary),
    importable: plan.valid.length,
    errors: plan.errors,
    duplicates: plan.duplicates,
  };
}

/** Imports the valid, non-duplicate cards in one transaction; errors and duplicates by card number. */
export async function importVcard({ db }: { db: Db }, userId: string, input: z.output<typeof vcardInput>) {
  checkImportSize("vcf", input.vcf);
  const candidates = parseVcards(input.vcf);
  const region = await regionOf(db, userId);
  return commitImport(db, userId, region, candidates);
}
