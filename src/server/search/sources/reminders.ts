import { Prisma } from "~/generated/prisma/client";
import { humanize } from "~/lib/format";
import { contactName } from "~/server/contacts/counterpart";
import { headline, tsqueryOf, withMatch } from "../query";
import type { HitDetails, SearchSource, SourceContext } from "./source";
import { rankByWords } from "./words";

const TABLE = Prisma.sql`"Reminder"`;
/** Title A; the spoken or texted message B: the stored tsvector Reminder."searchVector" (*_search_vectors). */
const DOCUMENT = Prisma.sql`"searchVector"`;

interface Row {
  id: string;
  title: string;
  kind: string;
  nextDueAt: Date | null;
  paused: boolean;
  firstName: string | null;
  lastName: string | null;
  titleMatch: boolean;
  snippet: string | null;
}

async function details(ctx: SourceContext, ids: string[]): Promise<Map<string, HitDetails>> {
  const { db, userId, query } = ctx;
  if (!ids.length) return new Map();
  const words = tsqueryOf(query, "english");
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id", r."title", r."kind"::text AS "kind", r."nextDueAt", (r."pausedAt" IS NOT NULL) AS "paused",
           ct."firstName", ct."lastName",
           to_tsvector('english'::regconfig, r."title") @@ ${words} AS "titleMatch",
           ${headline("english", Prisma.sql`r."message"`, words)} AS "snippet"
      FROM "Reminder" r
      LEFT JOIN "Contact" ct ON ct."id" = r."contactId"
     WHERE r."userId" = ${userId} AND r."id" = ANY(${ids}::text[])`;
  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const who = contactName(row.firstName === null ? null : { firstName: row.firstName, lastName: row.lastName });
    result.set(row.id, {
      id: row.id,
      title: row.title,
      subtitle: [humanize(row.kind), who, row.paused ? "Paused" : null].filter(Boolean).join(" · "),
      snippet: row.titleMatch ? null : withMatch(row.snippet),
      // The reminders page's list of reminders, this one named.
      href: `/reminders?tab=reminders&reminder=${encodeURIComponent(row.id)}`,
      seconds: null,
      at: row.nextDueAt,
    });
  }
  return result;
}

export const reminderSource: SearchSource = {
  type: "reminder",
  rank: (ctx) => rankByWords(ctx, TABLE, DOCUMENT, "english", Prisma.sql`"nextDueAt"`),
  details,
};
