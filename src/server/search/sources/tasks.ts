import { Prisma } from "~/generated/prisma/client";
import { formatDue } from "~/lib/format";
import { contactName } from "~/server/contacts/counterpart";
import { headline, tsqueryOf, withMatch } from "../query";
import type { HitDetails, SearchSource, SourceContext } from "./source";
import { rankByWords } from "./words";

const TABLE = Prisma.sql`"Task"`;
/** Title A; description and tags B: the stored tsvector Task."searchVector" (*_search_vectors). */
const DOCUMENT = Prisma.sql`"searchVector"`;

const STATUS: Record<string, string> = { todo: "To do", in_progress: "In progress", done: "Done", canceled: "Canceled" };

interface Row {
  id: string;
  title: string;
  status: string;
  dueAt: Date | null;
  firstName: string | null;
  lastName: string | null;
  titleMatch: boolean;
  snippet: string | null;
}

async function details(ctx: SourceContext, ids: string[]): Promise<Map<string, HitDetails>> {
  const { db, userId, query, timeZone, now } = ctx;
  if (!ids.length) return new Map();
  const words = tsqueryOf(query, "english");
  const rows = await db.$queryRaw<Row[]>`
    SELECT t."id", t."title", t."status"::text AS "status", t."dueAt", ct."firstName", ct."lastName",
           to_tsvector('english'::regconfig, t."title") @@ ${words} AS "titleMatch",
           ${headline("english", Prisma.sql`concat_ws(' · ', t."description", nullif(array_to_string(t."tags", ', '), ''))`, words)} AS "snippet"
      FROM "Task" t
      LEFT JOIN "Contact" ct ON ct."id" = t."contactId"
     WHERE t."userId" = ${userId} AND t."id" = ANY(${ids}::text[])`;
  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const who = contactName(row.firstName === null ? null : { firstName: row.firstName, lastName: row.lastName });
    const subtitle = [STATUS[row.status] ?? row.status, row.dueAt ? `Due ${formatDue(row.dueAt, timeZone, now)}` : null, who];
    result.set(row.id, {
      id: row.id,
      title: row.title,
      subtitle: subtitle.filter(Boolean).join(" · "),
      snippet: row.titleMatch ? null : withMatch(row.snippet),
      // The tasks page opens the task of `?task=` (a stale id just shows the list).
      href: `/tasks?task=${encodeURIComponent(row.id)}`,
      seconds: null,
      at: row.dueAt,
    });
  }
  return result;
}

export const taskSource: SearchSource = {
  type: "task",
  rank: (ctx) => rankByWords(ctx, TABLE, DOCUMENT, "english", Prisma.sql`"updatedAt"`),
  details,
};
