import { Prisma } from "~/generated/prisma/client";
import type { SearchType } from "../schemas";
import { nearestRows } from "../vectors";
import type { Ranking, SourceContext } from "./source";

/*
 * Meaning, for every type at once: the user's vectors nearest the query in one HNSW scan of
 * "SearchVector" (a copy of every searchable vector, kept by triggers: migration
 * *_search_vector_index), split back into each type's ranking by meaning with its distances.
 * Fusion ranks those across types by distance (fusion.ts), which is what one scan gives: the
 * nearest rows of all types, each type's in order. Calls have two: their own vector ("sense") and
 * their transcript pieces ("moment", each call once at its nearest piece).
 */

/** SearchVector's types, as search types and ranking names. */
const KINDS: Readonly<Record<string, { type: SearchType; name: string }>> = {
  contact: { type: "contact", name: "meaning" },
  message: { type: "message", name: "meaning" },
  task: { type: "task", name: "meaning" },
  event: { type: "event", name: "meaning" },
  reminder: { type: "reminder", name: "meaning" },
  call: { type: "call", name: "sense" },
  piece: { type: "call", name: "moment" },
};

const VECTORS = Prisma.sql`"SearchVector"`;

/**
 * The rankings by meaning of `types` (none when the query has no vector: a number, a fragment,
 * the embedder down). `ctx.nearest` rows at most, across the types.
 */
export async function rankByMeaning(ctx: SourceContext, types: readonly SearchType[]): Promise<Map<SearchType, Ranking[]>> {
  const vector = await ctx.queryVector;
  const rankings = new Map<SearchType, Ranking[]>();
  if (!vector || !types.length) return rankings;
  const kinds = Object.keys(KINDS).filter((kind) => types.includes(KINDS[kind]!.type));
  const rows = await nearestRows<{ kind: string; id: string }>(ctx.db, {
    table: VECTORS,
    columns: Prisma.sql`"type" AS "kind", "rowId" AS "id"`,
    where: Prisma.sql`"type" = ANY(${kinds}::text[])`,
    userId: ctx.userId,
    vector,
    embedder: ctx.embedder,
    limit: ctx.nearest,
  });

  const byKind = new Map<string, Ranking>();
  for (const row of rows) {
    const kind = KINDS[row.kind];
    if (!kind) continue;
    let ranking = byKind.get(row.kind);
    if (!ranking) {
      ranking = { name: kind.name, method: "vector", weight: 1, ids: [], distances: [] };
      byKind.set(row.kind, ranking);
      rankings.set(kind.type, [...(rankings.get(kind.type) ?? []), ranking]);
    }
    // Rows come nearest first: a call's later pieces add nothing.
    if (ranking.ids.includes(row.id)) continue;
    ranking.ids.push(row.id);
    ranking.distances!.push(row.distance);
  }
  return rankings;
}
