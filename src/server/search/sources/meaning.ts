import type { Prisma } from "~/generated/prisma/client";
import { nearestRows } from "../vectors";
import type { Ranking, SourceContext } from "./source";

/**
 * The ranking by meaning of the types embedded by search.embed (contacts, messages, tasks, events,
 * reminders): the user's rows nearest to the query's vector (HNSW with iterative scans, see
 * ../vectors.ts). None when the query has no vector (a number, a fragment, the embedder down).
 */
export async function rankByMeaning(ctx: SourceContext, table: Prisma.Sql): Promise<Ranking[]> {
  const vector = await ctx.queryVector;
  if (!vector) return [];
  const rows = await nearestRows(ctx.db, { table, userId: ctx.userId, vector, embedder: ctx.embedder, limit: ctx.nearest });
  return [{ name: "meaning", method: "vector", weight: 1, ids: rows.map((row) => row.id), distances: rows.map((row) => row.distance) }];
}

/** Full text and meaning, side by side (the types searched by their words alone). */
export async function rankByWordsAndMeaning(ctx: SourceContext, table: Prisma.Sql, words: Promise<Ranking[]>): Promise<Ranking[]> {
  const [byWords, byMeaning] = await Promise.all([words, rankByMeaning(ctx, table)]);
  return [...byWords, ...byMeaning];
}
