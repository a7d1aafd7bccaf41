import { Prisma } from "~/generated/prisma/client";
import { contactName, displayNumber } from "~/server/contacts/counterpart";
import { escapeLike, WORD_SIMILARITY_THRESHOLD } from "~/server/contacts/list";
import { excerpt, headline, marked, tsqueryOf, withMatch } from "../query";
import type { HitDetails, Ranking, SearchSource, SourceContext } from "./source";

/*
 * Contacts: names, company, job title, emails, phones, notes and tags.
 *
 * The words match the stored tsvector Contact."searchVector" (*_search_vectors, GIN-indexed).
 * The other expressions below repeat the indexes of prisma/migrations (PostgreSQL matches index
 * expressions structurally, the alias aside): Contact_name_trgm_idx, Contact_phones_trgm_idx and Contact_phones_idx (*_search_indexes, init),
 * Contact_emails_trgm_idx (*_contact_emails_trgm).
 */

/** Weighted: names A; company, job title, emails and tags B; notes C ('simple': names are not stemmed), stored. */
const DOCUMENT = Prisma.sql`c."searchVector"`;
const NAME = Prisma.sql`(coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", ''))`;
const EMAILS = Prisma.sql`"sb_immutable_array_to_string"(c."emails", ' ')`;
const PHONES = Prisma.sql`"sb_immutable_array_to_string"(c."phones", ' ')`;

/**
 * Typo tolerance: similarity()/word_similarity() as functions, never pg_trgm's operators (`%`,
 * `<%`, `%>`, `<->`: they hang or crash the embedded database, see contacts/list.ts). The
 * candidates are first narrowed by a regex per word of the query (up to three: a name) of the
 * word's three-letter pieces and its one-typo variants', so the functions run on the names near
 * every word, not on every contact of the user; and only when the words themselves found fewer
 * than FUZZY_UNLESS_FOUND contacts (measured by `bench search`: at 20,000 contacts per user
 * this ranking was most of a name search's time on the embedded database).
 */
const FUZZY_THRESHOLD = Number(WORD_SIMILARITY_THRESHOLD);
const FUZZY_SCORE = (fuzzy: string) => Prisma.sql`GREATEST(similarity(${NAME}, ${fuzzy}), word_similarity(${fuzzy}, ${NAME}))`;

/** Weights of the rankings (before the type's boost): a number or an address is unambiguous. */
const WEIGHTS = { words: 1, name: 1, phone: 1.5, email: 1.5 } as const;

/** The words finding this many contacts spell a name right: no typo-tolerant ranking then. */
const FUZZY_UNLESS_FOUND = 3;

const LATEST = Prisma.sql`c."lastContactedAt" DESC NULLS LAST, c."id"`;

async function rank(ctx: SourceContext): Promise<Ranking[]> {
  const { db, userId, query, candidates } = ctx;
  const rankings: Promise<Ranking>[] = [];
  const ids = (name: keyof typeof WEIGHTS) => (rows: { id: string }[]) => ({ name, method: "text" as const, weight: WEIGHTS[name], ids: rows.map((row) => row.id) });

  // The words first: a name they find is spelled right, and the typo-tolerant ranking (the
  // costliest: similarity() on every candidate) is only asked when they find few.
  const words = query.words.length ? tsqueryOf(query, "simple") : null;
  const byWords = words
    ? db.$queryRaw<{ id: string }[]>`
        SELECT c."id" FROM "Contact" c
         WHERE c."userId" = ${userId} AND ${DOCUMENT} @@ ${words}
         ORDER BY ts_rank(${DOCUMENT}, ${words}) DESC, ${LATEST}
         LIMIT ${candidates}`.then(ids("words"))
    : null;
  if (byWords) rankings.push(byWords);

  if (query.phoneDigits) {
    const digits = query.phoneDigits;
    const e164 = query.phoneE164;
    // Stored numbers are E.164: the query's digits are its end ("555-0100", "(312) 555-0100"),
    // all of it ("+1 312 555 0100") or its start ("+1 312"); anywhere inside ranks last.
    const tier = Prisma.sql`(SELECT min(CASE
        WHEN p = ${e164 ?? ""} THEN 0
        WHEN regexp_replace(p, '[^0-9]', '', 'g') LIKE ${`%${digits}`} THEN 1
        WHEN regexp_replace(p, '[^0-9]', '', 'g') LIKE ${`${digits}%`} THEN 2
        ELSE 3 END) FROM unnest(c."phones") AS p)`;
    rankings.push(
      db.$queryRaw<{ id: string }[]>`
        SELECT c."id" FROM "Contact" c
         WHERE c."userId" = ${userId}
           AND (${PHONES} LIKE ${`%${digits}%`} ${e164 ? Prisma.sql`OR c."phones" @> ARRAY[${e164}]::text[]` : Prisma.empty})
         ORDER BY ${tier}, ${LATEST}
         LIMIT ${candidates}`.then(ids("phone")),
    );
  }

  if (query.email) {
    const email = query.email;
    rankings.push(
      db.$queryRaw<{ id: string }[]>`
        SELECT c."id" FROM "Contact" c
         WHERE c."userId" = ${userId} AND ${EMAILS} ILIKE ${`%${escapeLike(email)}%`}
           AND EXISTS (SELECT 1 FROM unnest(c."emails") AS e WHERE lower(e) LIKE ${`${escapeLike(email)}%`})
         ORDER BY (SELECT min(CASE WHEN lower(e) = ${email} THEN 0 ELSE 1 END) FROM unnest(c."emails") AS e), ${LATEST}
         LIMIT ${candidates}`.then(ids("email")),
    );
  }

  const fuzzy = query.fuzzy;
  if (fuzzy && query.fuzzyPieces.length) {
    rankings.push(
      (byWords ?? Promise.resolve(null)).then(async (found) => {
        if (found && found.ids.length >= FUZZY_UNLESS_FOUND) return ids("name")([]);
        // Every word near a word of the name (letters only: no regex syntax in the pieces).
        const near = Prisma.join(query.fuzzyPieces.map((pieces) => Prisma.sql`${NAME} ~* ${`(${pieces.join("|")})`}`), " AND ");
        const rows = await db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM (
            SELECT c."id", ${FUZZY_SCORE(fuzzy)} AS "score", c."lastContactedAt"
              FROM "Contact" c
             WHERE c."userId" = ${userId} AND ${near}
            OFFSET 0 -- computed once per row, not again for the filter (kept from being flattened)
          ) near
          WHERE "score" >= ${FUZZY_THRESHOLD}
          ORDER BY "score" DESC, "lastContactedAt" DESC NULLS LAST, "id"
          LIMIT ${candidates}`;
        return ids("name")(rows);
      }),
    );
  }
  return Promise.all(rankings);
}

interface Row {
  id: string;
  firstName: string;
  lastName: string | null;
  company: string | null;
  jobTitle: string | null;
  emails: string[];
  phones: string[];
  nameMatch: boolean;
  detail: string | null;
}

async function details(ctx: SourceContext, ids: string[], matchedBy: Map<string, Set<string>>): Promise<Map<string, HitDetails>> {
  const { db, userId, query, region } = ctx;
  if (!ids.length) return new Map();
  const words = query.words.length ? tsqueryOf(query, "simple") : null;
  const detailText = Prisma.sql`concat_ws(' · ', c."company", c."jobTitle", nullif(array_to_string(c."tags", ', '), ''), c."notes")`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT c."id", c."firstName", c."lastName", c."company", c."jobTitle", c."emails", c."phones",
           ${words ? Prisma.sql`to_tsvector('simple'::regconfig, ${NAME}) @@ ${words}` : Prisma.sql`false`} AS "nameMatch",
           ${words ? headline("simple", detailText, words) : Prisma.sql`NULL::text`} AS "detail"
      FROM "Contact" c
     WHERE c."userId" = ${userId} AND c."id" = ANY(${ids}::text[])`;

  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const by = matchedBy.get(row.id) ?? new Set<string>();
    const digitsOf = (phone: string) => phone.replace(/\D/g, "");
    const phone = by.has("phone") ? row.phones.find((p) => p === query.phoneE164 || digitsOf(p).includes(query.phoneDigits ?? "\u0000")) : undefined;
    const email = by.has("email") ? row.emails.find((e) => e.toLowerCase().startsWith(query.email ?? "\u0000")) : undefined;
    const nameMatched = row.nameMatch || by.has("name");
    let snippet: string | null;
    if (phone) snippet = marked(displayNumber(phone, region));
    else if (email && (query.text.includes("@") || !nameMatched)) snippet = `${marked(email.slice(0, query.email!.length))}${email.slice(query.email!.length)}`;
    else if (nameMatched) snippet = null;
    else snippet = withMatch(row.detail) ?? (by.has("meaning") ? excerpt(row.detail) : null);

    const role = [row.jobTitle, row.company].filter(Boolean).join(", ");
    result.set(row.id, {
      id: row.id,
      title: contactName(row) ?? "Unnamed contact",
      subtitle: role || (row.phones[0] ? displayNumber(row.phones[0], region) : null) || row.emails[0] || null,
      snippet,
      href: `/contacts/${encodeURIComponent(row.id)}`,
      seconds: null,
      at: null,
    });
  }
  return result;
}

export const contactSource: SearchSource = { type: "contact", rank, details };
