import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";
import type { Db } from "~/server/db";
import { vectorLiteral } from "~/server/pipeline/embed";
import type { Embedder } from "~/server/providers/types";

/** Candidates each ranking contributes before fusion. */
const CANDIDATES = 100;
/** Reciprocal rank fusion constant (the usual 60: later ranks still count, but less). */
const RRF_K = 60;


export interface RankedCall {
  id: string;
  /** Transcript or summary words around the match, highlights between the marks above. */
  snippet: string | null;
}

/**
 * The user's calls that match `query`, best first: a hybrid of meaning (pgvector cosine over the
 * calls' embeddings, HNSW-indexed, neighbours the model calls unrelated dropped) and words
 * (PostgreSQL full text over summary and transcript, GIN-indexed), fused by reciprocal rank.
 * Only vectors from the embedder's own model are compared: a local vector and a Voyage vector
 * live in different spaces.
 */
export async function rankCalls(db: Db, embedder: Embedder, userId: string, query: string): Promise<RankedCall[]> {
  // Without the query's vector (the embedding provider is down) the words still find calls.
  const vector = await embedder
    .embed([query], { inputType: "query" })
    .then(([first]) => first ?? null)
    .catch(() => null);
  const [bySense, byWords] = await Promise.all([
    vector
      ? db.$queryRaw<{ id: string }[]>`
          SELECT id FROM "Call"
           WHERE "userId" = ${userId} AND embedding IS NOT NULL AND "embeddingModel" = ${embedder.model}
             AND embedding <=> ${vectorLiteral(vector)}::halfvec <= ${1 - embedder.relatedAbove}
           ORDER BY embedding <=> ${vectorLiteral(vector)}::halfvec
           LIMIT ${CANDIDATES}`
      : Promise.resolve([]),
    db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Call"
       WHERE "userId" = ${userId}
         AND to_tsvector('english'::regconfig, coalesce("summary", '') || ' ' || coalesce("transcriptText", ''))
             @@ websearch_to_tsquery('english'::regconfig, ${query})
       ORDER BY ts_rank(
                  to_tsvector('english'::regconfig, coalesce("summary", '') || ' ' || coalesce("transcriptText", '')),
                  websearch_to_tsquery('english'::regconfig, ${query})) DESC
       LIMIT ${CANDIDATES}`,
  ]);
  const scores = new Map<string, number>();
  for (const ranking of [bySense, byWords]) {
    ranking.forEach(({ id }, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + index + 1)));
  }
  const ids = [...scores.keys()].sort((a, b) => scores.get(b)! - scores.get(a)!);
  if (!ids.length) return [];
  const snippets = await db.$queryRaw<{ id: string; snippet: string | null }[]>`
    SELECT id,
           CASE WHEN "transcriptText" IS NULL AND "summary" IS NULL THEN NULL ELSE
             ts_headline('english'::regconfig, coalesce("transcriptText", "summary"),
                         websearch_to_tsquery('english'::regconfig, ${query}),
                         ${`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=30, MinWords=12, MaxFragments=1`})
           END AS snippet
      FROM "Call" WHERE "userId" = ${userId} AND id = ANY(${ids}::text[])`;
  const snippetOf = new Map(snippets.map((row) => [row.id, row.snippet]));
  return ids.map((id) => ({ id, snippet: snippetOf.get(id) ?? null }));
}

/** Keeps the ranking's order for rows fetched by id. */
export function inRankOrder<T extends { id: string }>(rows: T[], ranked: RankedCall[]): T[] {
  const position = new Map(ranked.map((r, index) => [r.id, index]));
  return [...rows].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}
