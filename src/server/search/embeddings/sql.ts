import { Prisma } from "~/generated/prisma/client";
import { BOSS_SCHEMA } from "~/server/queue/boss";
import { EMBEDDED_TABLES, EMBEDDED_TYPES, type EmbeddedType } from "./documents";

/**
 * Every statement of the search index (pg-boss style: the SQL in one place, the code around it
 * elsewhere). Values are always bound parameters; the only raw pieces are this module's and
 * documents.ts's constants (table names, document expressions).
 *
 * STALE is, character for character, the predicate of the partial indexes
 * `<Table>_embedding_stale_idx` (migration *_search_embeddings): written the same way, the planner
 * reads a user's rows that need a vector from that small index instead of the table.
 */
const STALE = Prisma.raw(`"embeddedHash" IS DISTINCT FROM "documentHash"`);
/** A row whose vector is this model's and made from its current text. */
const current = (model: string) => Prisma.sql`"embeddedHash" = "documentHash" AND "embeddingModel" = ${model}`;

export interface StaleRow {
  id: string;
  text: string;
  documentHash: string;
}

/** Up to `limit` of the user's rows of `type` whose text has no vector yet. */
export function staleRows(type: EmbeddedType, userId: string, limit: number): Prisma.Sql {
  const { table, document } = EMBEDDED_TABLES[type];
  return Prisma.sql`
    SELECT "id", ${document} AS "text", "documentHash"
      FROM ${table}
     WHERE "userId" = ${userId} AND ${STALE}
     LIMIT ${limit}`;
}

export interface VectorWrite {
  id: string;
  /** pgvector's text form (vectorLiteral); null for a row with no words to embed. */
  vector: string | null;
  /** The documentHash read with the text the vector was made from. */
  hash: string;
}

/**
 * Stores a batch's vectors with the hash of the text each was made from. A row edited since it
 * was read has another documentHash by now, so it still differs from "embeddedHash" and is
 * embedded again on the next pass: no lock, no lost edit.
 */
export function writeVectors(type: EmbeddedType, userId: string, model: string, rows: VectorWrite[]): Prisma.Sql {
  const { table } = EMBEDDED_TABLES[type];
  return Prisma.sql`
    UPDATE ${table} AS t
       SET "embedding" = v.vector::halfvec, "embeddingModel" = ${model}, "embeddedHash" = v.hash
      FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.vector)}::text[], ${rows.map((r) => r.hash)}::text[])
           AS v(id, vector, hash)
     WHERE t."id" = v.id AND t."userId" = ${userId}`;
}

/** Users with any row needing a vector: one index-only read of each table's stale index. */
export function usersWithStaleRows(): Prisma.Sql {
  return Prisma.join(
    EMBEDDED_TYPES.map((type) => Prisma.sql`SELECT "userId" FROM ${EMBEDDED_TABLES[type].table} WHERE ${STALE}`),
    " UNION ",
  );
}

/** Marks the rows embedded by another model (or none) as needing a vector of `model`. */
export function clearOtherModels(type: EmbeddedType, model: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE ${EMBEDDED_TABLES[type].table} SET "embeddedHash" = NULL
     WHERE "embeddedHash" IS NOT NULL AND "embeddingModel" IS DISTINCT FROM ${model}`;
}

/** Marks all of the user's rows as needing a vector again (their current vectors stay searchable meanwhile). */
export function clearUserRows(type: EmbeddedType, userId: string): Prisma.Sql {
  return Prisma.sql`UPDATE ${EMBEDDED_TABLES[type].table} SET "embeddedHash" = NULL WHERE "userId" = ${userId} AND "embeddedHash" IS NOT NULL`;
}

/** Per type: the user's rows and those with a current vector of `model` (or none: no words to embed). */
export function typeCounts(userId: string, model: string): Prisma.Sql {
  return Prisma.join(
    EMBEDDED_TYPES.map(
      (type) => Prisma.sql`
        SELECT ${type}::text AS "type", count(*) AS "total", count(*) FILTER (WHERE ${current(model)}) AS "indexed"
          FROM ${EMBEDDED_TABLES[type].table}
         WHERE "userId" = ${userId}`,
    ),
    " UNION ALL ",
  );
}

// Calls. Their vector and pieces are made by the recording pipeline's embed stage once the call is
// analysed; the search index re-embeds here only calls that stage has finished with
// ("embedStatus" = 'succeeded'), so it never races a stage that is (re)running.

/** A call that has its vector from the pipeline but of another model (or cleared by a rebuild). */
const CALL_NEEDS_VECTOR = (model: string) =>
  Prisma.sql`"embedStatus" = 'succeeded' AND "transcriptText" IS NOT NULL AND "embeddingModel" IS DISTINCT FROM ${model}`;

export function callsToEmbed(userId: string, model: string, limit: number): Prisma.Sql {
  return Prisma.sql`SELECT "id" FROM "Call" WHERE "userId" = ${userId} AND ${CALL_NEEDS_VECTOR(model)} ORDER BY "startedAt" DESC LIMIT ${limit}`;
}

export function usersWithCallsToEmbed(model: string): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT "userId" FROM "Call" WHERE ${CALL_NEEDS_VECTOR(model)}`;
}

/**
 * A rebuild: the user's embedded calls lose their model, so the job embeds them again (until
 * then search by meaning skips their call-level vector; their transcript pieces still match).
 */
export function clearUserCalls(userId: string): Prisma.Sql {
  return Prisma.sql`UPDATE "Call" SET "embeddingModel" = NULL WHERE "userId" = ${userId} AND "embedStatus" = 'succeeded' AND "transcriptText" IS NOT NULL`;
}

/** The user's calls with a transcript (to be embedded), and those embedded by `model`. */
export function callCounts(userId: string, model: string): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*) AS "total",
           count(*) FILTER (WHERE "embedding" IS NOT NULL AND "embeddingModel" = ${model}) AS "indexed"
      FROM "Call"
     WHERE "userId" = ${userId} AND "transcriptText" IS NOT NULL
       -- A call whose embed stage gave up (and has no vector) is not the index's to finish.
       AND ("embedStatus" NOT IN ('failed', 'skipped') OR "embedding" IS NOT NULL)`;
}

/** Locks the call for its vector's write, with what the optimistic check compares. */
export function lockCall(callId: string): Prisma.Sql {
  return Prisma.sql`SELECT "updatedAt" FROM "Call" WHERE "id" = ${callId} FOR UPDATE`;
}

export function writeCallVector(callId: string, vector: string, model: string): Prisma.Sql {
  return Prisma.sql`UPDATE "Call" SET "embedding" = ${vector}::halfvec, "embeddingModel" = ${model} WHERE "id" = ${callId}`;
}

export function deleteCallChunks(callId: string): Prisma.Sql {
  return Prisma.sql`DELETE FROM "CallChunk" WHERE "callId" = ${callId}`;
}

export interface ChunkWrite {
  seq: number;
  startSeconds: number;
  endSeconds: number;
  text: string;
  vector: string;
}

export function insertCallChunks(callId: string, userId: string, model: string, chunks: ChunkWrite[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "CallChunk" ("callId", "seq", "userId", "startSeconds", "endSeconds", "text", "embedding", "embeddingModel")
    SELECT ${callId}, c.seq, ${userId}, c.start, c.finish, c.text, c.vector::halfvec, ${model}
      FROM unnest(${chunks.map((c) => c.seq)}::int[], ${chunks.map((c) => c.startSeconds)}::float8[],
                  ${chunks.map((c) => c.endSeconds)}::float8[], ${chunks.map((c) => c.text)}::text[],
                  ${chunks.map((c) => c.vector)}::text[]) AS c(seq, start, finish, text, vector)`;
}

// The job.

const JOB = Prisma.raw(`${BOSS_SCHEMA}.job`);

/** The user's search.embed jobs waiting or running, by state. */
export function embedJobStates(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT state::text AS "state", count(*) AS "count"
      FROM ${JOB}
     WHERE name = 'search.embed' AND data->>'userId' = ${userId} AND state IN ('created', 'retry', 'active')
     GROUP BY state`;
}

/**
 * The tables whose vectors SearchVector copies (migration *_search_vector_index), by its type:
 * the embedded types' (documents.ts) and the calls'.
 */
const VECTOR_TABLES: ReadonlyMap<string, Prisma.Sql> = new Map([
  ...EMBEDDED_TYPES.map((type) => [type, EMBEDDED_TABLES[type].table] as const),
  ["call", Prisma.raw(`"Call"`)] as const,
]);

/**
 * Up to `limit` vectors of `type` that SearchVector has no copy of (written before its triggers
 * existed), copied; returns how many. The triggers keep every later write.
 */
export function copyMissingVectors(type: string, limit: number): Prisma.Sql {
  const table = VECTOR_TABLES.get(type);
  if (!table) throw new Error(`no vectors of type ${type}`);
  return Prisma.sql`
    INSERT INTO "SearchVector" ("type", "rowId", "seq", "userId", "embedding", "embeddingModel")
    SELECT ${type}, s."id", 0, s."userId", s."embedding", s."embeddingModel" FROM ${table} s
     WHERE s."embedding" IS NOT NULL AND s."embeddingModel" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "SearchVector" v WHERE v."type" = ${type} AND v."rowId" = s."id" AND v."seq" = 0)
     LIMIT ${limit}
    ON CONFLICT DO NOTHING`;
}

/** The same for transcript pieces. */
export function copyMissingPieceVectors(limit: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "SearchVector" ("type", "rowId", "seq", "userId", "startSeconds", "embedding", "embeddingModel")
    SELECT 'piece', c."callId", c."seq", c."userId", c."startSeconds", c."embedding", c."embeddingModel" FROM "CallChunk" c
     WHERE NOT EXISTS (SELECT 1 FROM "SearchVector" v WHERE v."type" = 'piece' AND v."rowId" = c."callId" AND v."seq" = c."seq")
     LIMIT ${limit}
    ON CONFLICT DO NOTHING`;
}

export const VECTOR_SOURCE_TYPES = [...VECTOR_TABLES.keys()];
