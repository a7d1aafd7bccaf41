/**
 * Vectors for `bench search`: BENCH_SEARCH_VECTORS rows per user (default 10,000, spread over the
 * types as the rows are; 0: none) get a vector from the local embedder through the product's own
 * indexing code (embedPending for contacts, messages, tasks, events and reminders; embedCall for
 * calls and their transcript pieces); the other rows are marked indexed without one, as an empty
 * text is. The HNSW indexes are dropped while the vectors are written and built again after: on
 * the embedded database an HNSW insert costs tens of ms per row (WASM), a build several times
 * less (withVectorIndexesBuiltAfter). Why not every row: 200,000 vectors would take the embedded database about half an hour to
 * index; an HNSW scan's cost grows with the log of the index, so the latency measured here is
 * close to that of a full index (the report says how many vectors there were).
 */
import { Prisma } from "../../src/generated/prisma/client";
import type { Db } from "../../src/server/db";
import type { Embedder } from "../../src/server/providers/types";
import { embedCall } from "../../src/server/search/embeddings/calls";
import { EMBEDDED_TABLES, EMBEDDED_TYPES } from "../../src/server/search/embeddings/documents";
import { embedPending } from "../../src/server/search/embeddings/embed";
import { withVectorIndexesBuiltAfter } from "./search-quality/seed";

export const VECTORS = Number(process.env.BENCH_SEARCH_VECTORS ?? 10_000);

export interface VectorSeed {
  vectorsPerUser: number;
  /** Rows of each type given a vector, per user (calls: calls; their pieces are counted apart). */
  perType: Record<string, number>;
  callPieces: number;
  embedMs: number;
  indexBuildMs: number;
}

export async function seedVectors(db: Db, embedder: Embedder, userIds: string[], rowsPerUser: number): Promise<VectorSeed | null> {
  if (VECTORS <= 0) return null;
  const share = Math.min(1, VECTORS / rowsPerUser);
  const perType: Record<string, number> = {};
  let embedMs = 0;
  const indexBuildMs = await withVectorIndexesBuiltAfter(db, async () => {
    const started = performance.now();
    for (const userId of userIds) {
      for (const type of EMBEDDED_TYPES) {
        const { table } = EMBEDDED_TABLES[type];
        // All but a random `share` of the user's rows: indexed without a vector.
        const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${table} WHERE "userId" = ${userId}`;
        const keep = Math.round((row?.n ?? 0) * share);
        await db.$executeRaw`
          UPDATE ${table} SET "embeddedHash" = "documentHash"
           WHERE "userId" = ${userId}
             AND "id" NOT IN (SELECT "id" FROM ${table} WHERE "userId" = ${userId} ORDER BY md5("id") LIMIT ${keep})`;
        perType[type] = keep;
      }
      await embedPending({ db, embedder }, userId, { batchSize: 500 });
      const calls = await db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Call" WHERE "userId" = ${userId} AND "transcriptText" IS NOT NULL ORDER BY md5("id")`;
      const embedded = calls.slice(0, Math.round(calls.length * share));
      for (const call of embedded) await embedCall({ db, embedder }, call.id);
      perType.call = embedded.length;
    }
    embedMs = performance.now() - started;
  });
  await db.$executeRawUnsafe(`ANALYZE`);
  const [pieces] = await db.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM "CallChunk"`);
  return { vectorsPerUser: Math.round(share * rowsPerUser), perType, callPieces: pieces?.n ?? 0, embedMs: Math.round(embedMs), indexBuildMs: Math.round(indexBuildMs) };
}
