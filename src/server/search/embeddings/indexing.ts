import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Embedder } from "~/server/providers/types";
import type { Boss } from "~/server/queue/boss";
import { parseJobPayload } from "~/server/queue/jobs";
import { embedCall } from "./calls";
import { EMBEDDED_TYPES } from "./documents";
import { embedPending, type EmbedPendingOptions } from "./embed";
import { callsToEmbed, clearOtherModels, copyMissingPieceVectors, copyMissingVectors, usersWithCallsToEmbed, usersWithStaleRows, VECTOR_SOURCE_TYPES } from "./sql";

/**
 * Keeping the search index fresh: the `search.embed` job per user, the minute sweep that sends it,
 * and re-embedding after the embedder's model changed. New and edited rows are found by full text
 * at once and by meaning within about a minute.
 */

/** How long one search.embed job works before it hands over to a new one (queue/jobs.ts). */
export const EMBED_JOB_BUDGET_MS = 30_000;
/** Calls re-embedded per pass (each is one or a few embedder requests). */
const CALLS_PER_PASS = 16;

export interface IndexDeps {
  db: Db;
  embedder: Embedder;
  boss: Boss;
}

/**
 * Sends search.embed for the user unless one is already waiting (the queue is stately per user:
 * pg-boss then answers with no id). True when a job was queued.
 */
export async function sendEmbedJob(boss: Boss, userId: string): Promise<boolean> {
  const data = parseJobPayload("search.embed", { userId });
  return (await boss.send("search.embed", data, { singletonKey: userId })) !== null;
}

export interface EmbedJobResult {
  embedded: number;
  calls: number;
  /** Work was left at the deadline and a new job was sent for it. */
  remaining: boolean;
}

/**
 * The search.embed job: the user's stale rows, then their calls embedded by another model, within
 * the budget; with work left, the job sends itself again (as the next waiting job, so other
 * users' jobs get their turn in between).
 */
export async function runEmbedJob(deps: IndexDeps, userId: string, options: EmbedPendingOptions = {}): Promise<EmbedJobResult> {
  const budget = options.deadlineMs ?? EMBED_JOB_BUDGET_MS;
  const deadline = Date.now() + budget;
  const rows = await embedPending(deps, userId, { ...options, deadlineMs: budget });
  let calls = 0;
  let callsLeft = false;
  while (!rows.remaining) {
    const ids = await deps.db.$queryRaw<{ id: string }[]>(callsToEmbed(userId, deps.embedder.model, CALLS_PER_PASS));
    if (ids.length === 0) break;
    let changed = 0;
    for (const { id } of ids) if (await embedCall(deps, id)) changed += 1;
    calls += changed;
    // Every call of the pass changed under us (the pipeline re-running them): its stage embeds them.
    if (changed === 0) break;
    if (Date.now() >= deadline) {
      callsLeft = true;
      break;
    }
  }
  const remaining = rows.remaining || callsLeft;
  if (remaining) await sendEmbedJob(deps.boss, userId);
  return { embedded: rows.embedded, calls, remaining };
}

/** The search.sweep job: a search.embed for each user with rows needing a vector. */
export async function sweepStaleUsers(deps: { db: Db; boss: Boss }): Promise<number> {
  const users = await deps.db.$queryRaw<{ userId: string }[]>(usersWithStaleRows());
  let sent = 0;
  for (const { userId } of users) if (await sendEmbedJob(deps.boss, userId)) sent += 1;
  return sent;
}

/**
 * At worker start: rows and calls embedded by another model than the configured embedder's
 * (local ↔ Voyage, a new VOYAGE_MODEL) need new vectors. The rows' "embeddedHash" is cleared (the
 * sweep then finds them); users with such calls get their search.embed now (no index finds
 * calls by model each minute). Search compares only vectors of the current model, so the old
 * ones are ignored until replaced. Idempotent: several workers starting at once do no harm.
 */
export async function reindexOtherModels(deps: IndexDeps, logger?: Pick<Logger, "info">): Promise<{ rows: number; users: number }> {
  const model = deps.embedder.model;
  let rows = 0;
  for (const type of EMBEDDED_TYPES) rows += await deps.db.$executeRaw(clearOtherModels(type, model));
  const users = await deps.db.$queryRaw<{ userId: string }[]>(usersWithCallsToEmbed(model));
  for (const { userId } of users) await sendEmbedJob(deps.boss, userId);
  if (rows || users.length) logger?.info({ model, rows, users: users.length }, "search index: re-embedding what another model embedded");
  return { rows, users: users.length };
}

/** Vectors copied per statement: each is an HNSW insert (tens of ms on the embedded database). */
const COPY_BATCH = 200;

/**
 * At worker start: copies into SearchVector the vectors written before it existed (its triggers
 * copy every later one), a batch per statement so none runs long. Idempotent; after the first
 * start each type costs one query that finds nothing.
 */
export async function copyMissingSearchVectors(db: Db, logger?: Pick<Logger, "info">): Promise<number> {
  let copied = 0;
  const statements = [...VECTOR_SOURCE_TYPES.map((type) => () => copyMissingVectors(type, COPY_BATCH)), () => copyMissingPieceVectors(COPY_BATCH)];
  for (const statement of statements) {
    for (;;) {
      const rows = await db.$executeRaw(statement());
      copied += rows;
      if (rows < COPY_BATCH) break;
    }
  }
  if (copied) logger?.info({ copied }, "search index: copied earlier vectors into SearchVector");
  return copied;
}
