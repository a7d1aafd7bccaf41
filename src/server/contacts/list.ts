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

/**
 * Names this similar to the search match even when `%` (pg_trgm's default threshold, 0.3) misses
 * them: similarity("jonh smyth", "john smith") is 0.294. The threshold is compared explicitly
 * rather than lowered with SET LOCAL pg_trgm.similarity_threshold, because changing pg_trgm's
 * settings inside a transaction wedged the embedded database (PGlite 0.5.16) under concurrent use.
 */
export const TRGM_SIMILARITY_THRESHOLD = 0.25;

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
      ${NAME} ILIKE ${pattern} OR ${NAME} % ${search} OR ${NAME} %> ${search}
      OR similarity(${NAME}, ${search}) >= ${TRGM_SIMILARITY_THRESHOLD}
      OR c."company" ILIKE ${pattern} OR c."company" %> ${search}
      OR ${EMAILS} ILIKE ${pattern} OR ${EMAILS} %> ${search}
      ${phonePattern ? Prisma.sql`OR ${PHONES} LIKE ${phonePattern}` : Prisma.empty}
    )`);
    rank = Prisma.sql`(
      (CASE WHEN ${NAME} ILIKE ${prefix} THEN 1.0 WHEN ${NAME} ILIKE ${pattern} THEN 0.5 ELSE 0 END)
      + GREATEST(
          similarity(${NAME}, ${search}),
          word_similarity(${search}, ${NAME}),
          coalesce(word_similarity(${search}, c."company"), 0) * 0.9,
          word_similarity(${search}, ${EMAILS}) * 0.9
          ${phonePattern ? Prisma.sql`, CASE WHEN ${PHONES} LIKE ${phonePattern} THEN 1.0 ELSE 0 END` : Prisma.empty}
        )
    )::real`;
  }
  if (input.tags?.length) where.push(Prisma.sql`c."tags" @> ${input.tags}::text[]`);
  const company = input.company?.trim();
  if (company) where.push(Prisma.sql`c."company" ILIKE ${escapeLike(company)}`);
  const whereSql = Prisma.join(where, " AND ");

  const orderBy: Record<ListSort, Prisma.Sql> = {
    relevance: Prisma.sql`"rank" DESC, c."lastName" ASC, c."firstName" ASC, c."id" ASC`,
    // (userId, lastName, firstName) index order; nulls last ascending (PostgreSQL's default).
    name: asc
      ? Prisma.sql`c."lastName" ASC, c."firstName" ASC, c."id" ASC`
      : Prisma.sql`c."lastName" DESC, c."firstName" DESC, c."id" DESC`,
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
  return { query, sort, direction };
}

/**
 * A page of the user's contacts: typo-tolerant search across name, email, phone and company,
 * tag (all of them) and company filters, sorting, and the total.
 */
export async function listContacts(db: Db, userId: string, input: z.output<typeof listContactsInput>) {
  const { query, sort, direction } = contactListQuery(userId, input);
  const rows = await db.$queryRaw<ListRow[]>(query);
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
