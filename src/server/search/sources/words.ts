import { type Prisma } from "~/generated/prisma/client";
import { tsqueryOf, type TextSearchConfig } from "../query";
import type { Ranking, SourceContext } from "./source";

/**
 * The one ranking of the types searched by their words alone (messages, tasks, events,
 * reminders): the user's rows whose `document` (a stored, GIN-indexed tsvector column)
 * has every word of the query, by ts_rank (weights A > B > C > D), then newest.
 */
export async function rankByWords(
  ctx: SourceContext,
  table: Prisma.Sql,
  document: Prisma.Sql,
  cfg: TextSearchConfig,
  newest: Prisma.Sql,
): Promise<Ranking[]> {
  if (!ctx.query.words.length) return [];
  const words = tsqueryOf(ctx.query, cfg);
  const rows = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM ${table}
     WHERE "userId" = ${ctx.userId} AND ${document} @@ ${words}
     ORDER BY ts_rank(${document}, ${words}) DESC, ${newest} DESC NULLS LAST, "id"
     LIMIT ${ctx.candidates}`;
  return [{ name: "words", method: "text", weight: 1, ids: rows.map((row) => row.id) }];
}
