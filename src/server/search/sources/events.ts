import { Prisma } from "~/generated/prisma/client";
import { formatDate, formatDateTime } from "~/lib/format";
import { toWallDate } from "~/lib/zoned-time";
import { headline, tsqueryOf, withMatch } from "../query";
import type { HitDetails, SearchSource, SourceContext } from "./source";
import { rankByWords } from "./words";

const TABLE = Prisma.sql`"CalendarEvent"`;
/** Title A; description and location B: the stored tsvector CalendarEvent."searchVector" (*_search_vectors). */
const DOCUMENT = Prisma.sql`"searchVector"`;

interface Row {
  id: string;
  title: string;
  location: string | null;
  startsAt: Date;
  allDay: boolean;
  titleMatch: boolean;
  snippet: string | null;
}

async function details(ctx: SourceContext, ids: string[]): Promise<Map<string, HitDetails>> {
  const { db, userId, query, timeZone, now } = ctx;
  if (!ids.length) return new Map();
  const words = tsqueryOf(query, "english");
  const rows = await db.$queryRaw<Row[]>`
    SELECT e."id", e."title", e."location", e."startsAt", e."allDay",
           to_tsvector('english'::regconfig, e."title") @@ ${words} AS "titleMatch",
           ${headline("english", Prisma.sql`concat_ws(' · ', e."description", e."location")`, words)} AS "snippet"
      FROM "CalendarEvent" e
     WHERE e."userId" = ${userId} AND e."id" = ANY(${ids}::text[])`;
  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const when = row.allDay ? formatDate(row.startsAt, { timeZone, locale: "en-US" }) : formatDateTime(row.startsAt, { timeZone, locale: "en-US" }, now);
    const day = toWallDate(row.startsAt, timeZone);
    result.set(row.id, {
      id: row.id,
      title: row.title,
      subtitle: [when, row.location].filter(Boolean).join(" · "),
      snippet: row.titleMatch ? null : withMatch(row.snippet),
      // The calendar on the event's day (in the user's zone), the event named.
      href: `/calendar?date=${day}&event=${encodeURIComponent(row.id)}`,
      seconds: null,
      at: row.startsAt,
    });
  }
  return result;
}

export const eventSource: SearchSource = {
  type: "event",
  rank: (ctx) => rankByWords(ctx, TABLE, DOCUMENT, "english", Prisma.sql`"startsAt"`),
  details,
};
