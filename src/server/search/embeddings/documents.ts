import { Prisma } from "~/generated/prisma/client";

/**
 * The text the embedder reads for each type with its own rows' vectors (calls have theirs from the
 * recording pipeline). Each expression is, character for character, the one whose md5 is the
 * table's generated "documentHash" (migration *_search_embeddings; documents.test.ts checks they
 * agree on every type), so a row is embedded again exactly when this text changes.
 */
export const EMBEDDED_TYPES = ["contact", "message", "task", "event", "reminder"] as const;
export type EmbeddedType = (typeof EMBEDDED_TYPES)[number];

export interface EmbeddedTable {
  /** The table, quoted: a constant of this module, never user input. */
  table: Prisma.Sql;
  /** Its rows' document, as an SQL expression over the row's columns. */
  document: Prisma.Sql;
}

const arrayText = (column: string, separator: string) =>
  `coalesce("sb_immutable_array_to_string"("${column}", '${separator}'), '')`;

export const EMBEDDED_TABLES: Readonly<Record<EmbeddedType, EmbeddedTable>> = {
  contact: {
    table: Prisma.raw(`"Contact"`),
    document: Prisma.raw(
      `"firstName" || ' ' || coalesce("lastName", '') || E'\\n' || coalesce("company", '') || E'\\n' || ` +
        `coalesce("jobTitle", '') || E'\\n' || ${arrayText("emails", " ")} || E'\\n' || ` +
        `${arrayText("tags", ", ")} || E'\\n' || coalesce("notes", '')`,
    ),
  },
  message: { table: Prisma.raw(`"Message"`), document: Prisma.raw(`coalesce("body", '')`) },
  task: {
    table: Prisma.raw(`"Task"`),
    document: Prisma.raw(`"title" || E'\\n' || coalesce("description", '') || E'\\n' || ${arrayText("tags", ", ")}`),
  },
  event: {
    table: Prisma.raw(`"CalendarEvent"`),
    document: Prisma.raw(`"title" || E'\\n' || coalesce("description", '') || E'\\n' || coalesce("location", '')`),
  },
  reminder: { table: Prisma.raw(`"Reminder"`), document: Prisma.raw(`"title" || E'\\n' || coalesce("message", '')`) },
};
