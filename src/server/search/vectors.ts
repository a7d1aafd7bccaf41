import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { vectorLiteral } from "~/server/pipeline/embed";
import type { Embedder } from "~/server/providers/types";

/**
 * Nearest rows by meaning: pgvector's HNSW index (`halfvec_cosine_ops`) with iterative index
 * scans. Without them an HNSW scan returns its `ef_search` nearest vectors of ALL users and the
 * `"userId"` filter applies afterwards, so where other users' rows crowd the neighbourhood the
 * user's own come back few or none. With `hnsw.iterative_scan` the scan goes on until the filter
 * has passed `limit` rows (or `max_scan_tuples` index tuples were visited). `relaxed_order` is
 * the faster mode: rows may come slightly out of order, so the outer query orders them again
 * (the materialized CTE pgvector's documentation recommends). When the user has few rows the
 * planner reads them through the userId index and sorts exactly instead; either way the result
 * is the user's nearest rows. Both settings are SET LOCAL: they end with the statement's
 * transaction and never leak into a pooled connection.
 */

/** pgvector's ceiling for hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;
/** Index tuples one iterative scan may visit (pgvector's default): bounds a search's cost. */
const MAX_SCAN_TUPLES = 20_000;

export interface NearestQuery {
  /** The table, quoted (a constant of the caller, never user input). */
  table: Prisma.Sql;
  /** The columns returned (default `"id"`). */
  columns?: Prisma.Sql;
  /** A further condition on the rows (a constant or bound values). */
  where?: Prisma.Sql;
  userId: string;
  vector: number[];
  /** Only vectors of this embedder's model (vectors of different models live in different spaces). */
  embedder: Pick<Embedder, "model" | "relatedAbove">;
  limit: number;
}

/**
 * The user's rows of `table` nearest to `vector`, nearest first, at most `limit`, without the
 * ones the model calls unrelated (cosine similarity below `embedder.relatedAbove`).
 */
export async function nearestRows<T extends object = { id: string }>(db: Db, query: NearestQuery): Promise<(T & { distance: number })[]> {
  const [, , , rows] = await db.$transaction([...nearestSteps<T>(db, query)]);
  return rows;
}

/** nearestRows' statements, in the order its transaction runs them (apart for tests that add a setting). */
export function nearestSteps<T extends object = { id: string }>(db: Db, query: NearestQuery) {
  const efSearch = Math.min(MAX_EF_SEARCH, Math.max(40, query.limit));
  // SET cannot take parameters; both values are integers computed here.
  return [
    db.$executeRawUnsafe(`SET LOCAL hnsw.iterative_scan = relaxed_order`),
    db.$executeRawUnsafe(`SET LOCAL hnsw.ef_search = ${efSearch}`),
    db.$executeRawUnsafe(`SET LOCAL hnsw.max_scan_tuples = ${MAX_SCAN_TUPLES}`),
    db.$queryRaw<(T & { distance: number })[]>(nearestSql(query)),
  ] as const;
}

/** nearestRows' statement (apart for tests that EXPLAIN it). */
export function nearestSql({ table, columns = Prisma.sql`"id"`, where, userId, vector, embedder, limit }: NearestQuery): Prisma.Sql {
  const distance = Prisma.sql`"embedding" <=> ${vectorLiteral(vector)}::halfvec`;
  return Prisma.sql`
    WITH nearest AS MATERIALIZED (
      SELECT ${columns}, ${distance} AS "distance"
        FROM ${table}
       WHERE "userId" = ${userId} AND "embedding" IS NOT NULL AND "embeddingModel" = ${embedder.model}${where ? Prisma.sql` AND ${where}` : Prisma.empty}
       ORDER BY ${distance}
       LIMIT ${limit}
    )
    SELECT * FROM nearest WHERE "distance" <= ${1 - embedder.relatedAbove} ORDER BY "distance"`;
}
