import type { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { fieldError } from "~/server/errors";
import { unknownTags } from "./contacts";
import type { ListSort, listContactsInput } from "./schemas";

/*
 * The indexed expressions of prisma/migrations/*_search_indexes and *_contact_emails_trgm,
 * repeated exactly (PostgreSQL matches index expressions structurally; the alias is irrelevant).
 */
const NAME = Prisma.sql`(coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", ''))`;
const EMAILS = Prisma.sql`"sb_immutable_array_to_string"(c."emails", ' ')`;
const PHONES = Prisma.sql`"sb_immutable_array_to_string"(c."phones", ' ')`;
/*
 * Names in reading order ("Élodie" with the E's, "de la Cruz" with the D's), not by code point:
 * ICU's root collation, which the embedded database and PostgreSQL built with ICU both have;
 * indexed by prisma/migrations/*_contact_name_collation (same expressions).
 */
const LAST_NAME = Prisma.sql`c."lastName" COLLATE "und-x-icu"`;
const FIRST_NAME = Prisma.sql`c."firstName" COLLATE "und-x-icu"`;

/**
 * Typo tolerance uses pg_trgm's word similarity operator (`expr %> q`, served by the GIN trigram
 * indexes) with its threshold lowered for this query only (`SET LOCAL` in the list transaction):
 * the default, 0.6, misses two-typo names (word_similarity("jonh smyth", "John Smith") = 0.294).
 * Searches shorter than 4 characters keep the default: substring matches cover them.
 *
 * Never the `%` operator (nor `<->`): on the embedded database (PGlite 0.5.16) they intermittently
 * return wrong results, hang, or crash the database ("ERRORDATA_STACK_SIZE exceeded"), with or
 * without a transaction or any SET; that, not SET LOCAL, is what wedged it. `%>`, `<%`,
 * word_similarity(), similarity(), ILIKE and regex are reliable there, SET LOCAL included
 * (measured over repeated fresh processes). And an unindexable `similarity(...) >= x` branch in
 * the OR would make PostgreSQL compute it for every contact of the user (a full scan at 50,000).
 * SET LOCAL rather than set_config(): the wire proxy treats any set_config() as a session change.
 */
export const WORD_SIMILARITY_THRESHOLD = "0.28";
const MIN_FUZZY_LENGTH = 4;
// A constant (SET takes no parameters), never user input.
const FUZZY_SETUP = Prisma.raw(`SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);

export interface ContactListItem {
  id: string;
  firstName: string;
  lastName: string | null;
  emails: string[];
  phones: string[];
  company: string | null;
  jobTitle: string | null;
  tags: string[];
  relationshipScore: number;
  scoreTrend: "up" | "down" | "stable";
  lastContactedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ListRow extends Omit<ContactListItem, "id" | "firstName"> {
  total: number;
  id: string | null;
  firstName: string | null;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (default escape character `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export interface ContactListQuery {
  /** Run first, in order, in the same transaction as `query` (the fuzzy threshold); may be empty. */
  setup: Prisma.Sql[];
  query: Prisma.Sql;
  sort: ListSort;
  direction: "asc" | "desc";
}

/** The SQL `contacts.list` runs (exported so the benchmark can run exactly the same). */
export function contactListQuery(userId: string, input: z.output<typeof listContactsInput>): ContactListQuery {
  const search = input.search?.trim().replace(/\s+/g, " ") ?? "";
  const sort: ListSort = input.sort === "relevance" && !search ? "name" : (input.sort ?? (search ? "relevance" : "name"));
  const direction = input.direction ?? (sort === "name" ? "asc" : "desc");
  const asc = direction === "asc";

  const where: Prisma.Sql[] = [Prisma.sql`c."userId" = ${userId}`];
  let rank: Prisma.Sql = Prisma.sql`0::real`;
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    const prefix = `${escapeLike(search)}%`;
    const digits = search.replace(/\D/g, "");
    // A number search matches stored E.164 numbers by their digits ("(415) 555-01" -> "415555 01").
    const phonePattern = digits.length >= 3 ? `%${digits}%` : null;
    where.push(Prisma.sql`(
      ${NAME} ILIKE ${pattern} OR ${NAME} %> ${search}
      OR c."company" ILIKE ${pattern} OR c."company" %> ${search}
      OR ${EMAILS} ILIKE ${pattern}
      ${phonePattern ? Prisma.sql`OR ${PHONES} LIKE ${phonePattern}` : Prisma.empty}
    )`);
    rank = Prisma.sql`(
      (CASE WHEN ${NAME} ILIKE ${prefix} THEN 1.0 WHEN ${NAME} ILIKE ${pattern} THEN 0.5 ELSE 0 END)
      + GREATEST(
          similarity(${NAME}, ${search}),
          word_similarity(${search}, ${NAME}),
          coalesce(word_similarity(${search}, c."company"), 0) * 0.9,
          CASE WHEN ${EMAILS} ILIKE ${pattern} THEN 0.9 ELSE 0 END
          ${phonePattern ? Prisma.sql`, CASE WHEN ${PHONES} LIKE ${phonePattern} THEN 1.0 ELSE 0 END` : Prisma.empty}
        )
    )::real`;
  }
  if (input.tags?.length) where.push(Prisma.sql`c."tags" @> ${input.tags}::text[]`);
  const company = input.company?.trim();
  if (company) where.push(Prisma.sql`c."company" ILIKE ${escapeLike(company)}`);
  const whereSql = Prisma.join(where, " AND ");

  const orderBy: Record<ListSort, Prisma.Sql> = {
    relevance: Prisma.sql`"rank" DESC, ${LAST_NAME} ASC, ${FIRST_NAME} ASC, c."id" ASC`,
    // (userId, lastName, firstName) collated index order; nulls last ascending (PostgreSQL's default).
    name: asc
      ? Prisma.sql`${LAST_NAME} ASC, ${FIRST_NAME} ASC, c."id" ASC`
      : Prisma.sql`${LAST_NAME} DESC, ${FIRST_NAME} DESC, c."id" DESC`,
    // Never contacted counts as longest ago.
    lastContactedAt: asc
      ? Prisma.sql`c."lastContactedAt" ASC NULLS FIRST, c."id" ASC`
      : Prisma.sql`c."lastContactedAt" DESC NULLS LAST, c."id" DESC`,
    relationshipScore: asc
      ? Prisma.sql`c."relationshipScore" ASC, c."id" ASC`
      : Prisma.sql`c."relationshipScore" DESC, c."id" DESC`,
    updatedAt: asc ? Prisma.sql`c."updatedAt" ASC, c."id" ASC` : Prisma.sql`c."updatedAt" DESC, c."id" DESC`,
  };

  const offset = (input.page - 1) * input.pageSize;
  // One round trip: the total and the page (a LEFT JOIN keeps the total on an empty page).
  const query = Prisma.sql`
    SELECT (SELECT count(*)::int FROM "Contact" c WHERE ${whereSql}) AS "total", p.*
    FROM (VALUES (1)) AS one(x)
    LEFT JOIN LATERAL (
      SELECT c."id", c."firstName", c."lastName", c."emails", c."phones", c."company", c."jobTitle",
             c."tags", c."relationshipScore", c."scoreTrend"::text AS "scoreTrend", c."lastContactedAt",
             c."createdAt", c."updatedAt", ${rank} AS "rank"
      FROM "Contact" c
      WHERE ${whereSql}
      ORDER BY ${orderBy[sort]}
      LIMIT ${input.pageSize} OFFSET ${offset}
    ) p ON true`;
  const setup = search.length >= MIN_FUZZY_LENGTH ? [FUZZY_SETUP] : [];
  return { setup, query, sort, direction };
}

/**
 * A page of the user's contacts: typo-tolerant search across name, email, phone and company,
 * tag (all of them) and company filters, sorting, and the total.
 */
export async function listContacts({ db }: { db: Db }, userId: string, input: z.output<typeof listContactsInput>) {
  const { setup, query, sort, direction } = contactListQuery(userId, input);
  let rows: ListRow[];
  if (setup.length) {
    const results = await db.$transaction([...setup.map((s) => db.$executeRaw(s)), db.$queryRaw<ListRow[]>(query)]);
    rows = results[results.length - 1] as ListRow[];
  } else {
    rows = await db.$queryRaw<ListRow[]>(query);
  }
  const total = rows[0]?.total ?? 0;
  if (total === 0 && input.tags?.length) {
    const unknown = await unknownTags(db, userId, input.tags);
    if (unknown.length) {
      throw fieldError(
        "tags",
        unknown.length === 1 ? `No contact has the tag "${unknown[0]}".` : `No contact has the tags ${unknown.map((t) => `"${t}"`).join(", ")}.`,
      );
    }
  }
  const items: ContactListItem[] = [];
  for (const row of rows) {
    if (row.id === null || row.firstName === null) continue;
    const { total: _total, rank: _rank, ...item } = row as ListRow & { rank?: number };
    items.push(item as ContactListItem);
  }
  return { items, total, page: input.page, pageSize: input.pageSize, sort, direction };
}
