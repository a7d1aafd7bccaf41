import { Prisma } from "~/generated/prisma/client";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";
import type { Db } from "~/server/db";
import type { Embedder } from "~/server/providers/types";
import { nearestRows } from "./vectors";

/**
 * Summary and transcript as a stored tsvector (Call."searchVector", GIN-indexed, migration
 * *_search_vectors): matching and ts_rank read it instead of re-parsing every transcript.
 */
const CALL_DOCUMENT = Prisma.sql`"searchVector"`;
/** The analyser's topics, stored the same way (Call."topicsVector"). */
const CALL_TOPICS = Prisma.sql`"topicsVector"`;

/** Candidates each ranking contributes before fusion. */
const CANDIDATES = 100;
/**
 * The query's vector for ranking by meaning, or null when the embedder fails (the words still
 * find rows; a search must not fail because Voyage is down).
 */
export function queryVector(embedder: Embedder, query: string): Promise<number[] | null> {
  return embedder
    .embed([query], { inputType: "query" })
    .then(([first]) => first ?? null)
    .catch(() => null);
}

/** Reciprocal rank fusion constant (the usual 60: later ranks still count, but less). */
export const RRF_K = 60;

function wordsOf(query: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('english'::regconfig, ${query})`;
}

export interface CallRankingOptions {
  /** The words as a tsquery ('english'); default websearch_to_tsquery of the query. */
  words?: Prisma.Sql;
  /** Candidates per ranking (default 100). */
  candidates?: number;
  /** The query's vector when the caller has it already (null: rank without meaning); default: embedded here. */
  vector?: Promise<number[] | null>;
}

/** The user's matching calls, best first, by each method separately (fused by rankCalls). */
export interface CallRankings {
  /** Meaning: cosine distance to the query's vector (empty when the embedder is down). */
  bySense: string[];
  /** Words in the summary and transcript (ts_rank). */
  byWords: string[];
  /** Words in the analyser's topics. */
  byTopics: string[];
}

/**
 * Each ranking rankCalls fuses: meaning (pgvector cosine over the calls' embeddings,
 * HNSW-indexed, neighbours the model calls unrelated dropped), words (PostgreSQL full text over
 * summary and transcript, GIN-indexed) and topics (GIN-indexed). Only vectors from the
 * embedder's own model are compared: a local vector and a Voyage vector live in different spaces.
 */
export async function callRankings(
  db: Db,
  embedder: Embedder,
  userId: string,
  query: string,
  options: CallRankingOptions = {},
): Promise<CallRankings> {
  const candidates = options.candidates ?? CANDIDATES;
  const words = options.words ?? wordsOf(query);
  const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
  // The words need no vector: they run while the query is embedded (a round trip to Voyage).
  const vector = options.vector ?? queryVector(embedder, query);
  const bySense = vector.then((found) => (found ? nearestRows(db, { table: Prisma.sql`"Call"`, userId, vector: found, embedder, limit: candidates }) : []));
  const [sense, byWords, byTopics] = await Promise.all([
    bySense,
    db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Call"
       WHERE "userId" = ${userId} AND ${CALL_DOCUMENT} @@ ${words}
       ORDER BY ts_rank(${CALL_DOCUMENT}, ${words}) DESC, "startedAt" DESC, id
       LIMIT ${candidates}`,
    db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Call"
       WHERE "userId" = ${userId} AND ${CALL_TOPICS} @@ ${words}
       ORDER BY ts_rank(${CALL_TOPICS}, ${words}) DESC, "startedAt" DESC, id
       LIMIT ${candidates}`,
  ]);
  return { bySense: ids(sense), byWords: ids(byWords), byTopics: ids(byTopics) };
}

/** Reciprocal rank fusion of rankings of ids: best first. */
export function fuseRankings(rankings: string[][]): string[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + index + 1)));
  }
  return [...scores.keys()].sort((a, b) => scores.get(b)! - scores.get(a)!);
}

/**
 * The ids of the user's calls that match `query`, best first: a hybrid of meaning and words
 * (see callRankings), fused by reciprocal rank.
 */
export async function rankCalls(db: Db, embedder: Embedder, userId: string, query: string): Promise<string[]> {
  const { bySense, byWords, byTopics } = await callRankings(db, embedder, userId, query);
  return fuseRankings([bySense, byWords, byTopics]);
}

/**
 * Transcript (or summary) words around where `query` matched, highlighted between the marks of
 * ~/lib/highlight. Asked only for the calls a page shows: ts_headline re-parses each text.
 * `words`: the query as a tsquery ('english'), as for callRankings.
 */
export async function callSnippets(
  db: Db,
  userId: string,
  query: string,
  ids: string[],
  words: Prisma.Sql = wordsOf(query),
): Promise<Map<string, string | null>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<{ id: string; snippet: string | null }[]>`
    SELECT id,
           CASE WHEN "transcriptText" IS NULL AND "summary" IS NULL THEN NULL ELSE
             ts_headline('english'::regconfig, coalesce("transcriptText", "summary"), ${words},
                         ${`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=30, MinWords=12, MaxFragments=1`})
           END AS snippet
      FROM "Call" WHERE "userId" = ${userId} AND id = ANY(${ids}::text[])`;
  return new Map(rows.map((row) => [row.id, row.snippet]));
}

/** Keeps the ranking's order for rows fetched by id. */
export function inRankOrder<T extends { id: string }>(rows: T[], ranked: string[]): T[] {
  const position = new Map(ranked.map((id, index) => [id, index]));
  return [...rows].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}
