import { Prisma } from "~/generated/prisma/client";
import { formatDateTime } from "~/lib/format";
import { contactName, displayNumber } from "~/server/contacts/counterpart";
import { excerpt, headline, tsqueryOf, withMatch } from "../query";
import type { HitDetails, SearchSource, SourceContext } from "./source";
import { rankByWords } from "./words";

const TABLE = Prisma.sql`"Message"`;
/** Text messages by their body: the stored tsvector Message."searchVector" (*_search_vectors). */
const DOCUMENT = Prisma.sql`"searchVector"`;

interface Row {
  id: string;
  direction: "inbound" | "outbound";
  counterpartNumber: string;
  contactId: string | null;
  at: Date;
  firstName: string | null;
  lastName: string | null;
  snippet: string | null;
}

async function details(ctx: SourceContext, ids: string[]): Promise<Map<string, HitDetails>> {
  const { db, userId, query, region, timeZone, now } = ctx;
  if (!ids.length) return new Map();
  const words = tsqueryOf(query, "english");
  const rows = await db.$queryRaw<Row[]>`
    SELECT m."id", m."direction"::text AS "direction", m."counterpartNumber", m."contactId",
           coalesce(m."receivedAt", m."sentAt", m."createdAt") AS "at", ct."firstName", ct."lastName",
           ${headline("english", Prisma.sql`m."body"`, words)} AS "snippet"
      FROM "Message" m
      LEFT JOIN "Contact" ct ON ct."id" = m."contactId"
     WHERE m."userId" = ${userId} AND m."id" = ANY(${ids}::text[])`;
  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const who = contactName(row.firstName === null ? null : { firstName: row.firstName, lastName: row.lastName });
    // The conversation the message is in, as the messages page opens it.
    const href = row.contactId
      ? `/messages?contact=${encodeURIComponent(row.contactId)}`
      : `/messages?number=${encodeURIComponent(row.counterpartNumber)}`;
    result.set(row.id, {
      id: row.id,
      title: who ?? (displayNumber(row.counterpartNumber, region) || "Unknown number"),
      subtitle: `${row.direction === "inbound" ? "Text received" : "Text sent"} · ${formatDateTime(row.at, { timeZone, locale: "en-US" }, now)}`,
      // Found by meaning alone: the body has none of the words to highlight, so its start.
      snippet: withMatch(row.snippet) ?? excerpt(row.snippet),
      href,
      seconds: null,
      at: row.at,
    });
  }
  return result;
}

export const messageSource: SearchSource = {
  type: "message",
  rank: (ctx) => rankByWords(ctx, TABLE, DOCUMENT, "english", Prisma.sql`"createdAt"`),
  details,
};
