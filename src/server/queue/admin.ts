import { TRPCError } from "@trpc/server";
import type { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import type { Db } from "~/server/db";
import { notFound } from "~/server/errors";
import { BOSS_SCHEMA, type Boss } from "./boss";
import { deadLetterQueue, jobDefinitions, jobNames, type JobName } from "./jobs";
import { parseQueueName, queueNames, type failuresInput, type retryInput } from "./schemas";
import { sendJobInTransaction } from "./outbox";
import type { JobState } from "./stats";

/**
 * The Jobs page: what the user's background jobs are doing, what failed and why, and retrying
 * it. Jobs are system-wide in pg-boss, so every query here is scoped to the user's jobs (see
 * `ownedBy`).
 *
 * A job that fails its last attempt leaves two rows: itself, `failed` in its queue with the
 * error in `output`, and a copy in `<queue>.dead` that pg-boss inserts in the same statement
 * (same data, `created_on` equal to the failed job's `completed_on`), which the worker consumes
 * to notify the user. One failure is listed once: as the failed job while that is stored, and
 * as its dead letter only when the failed job is gone (archived) or the copy is unpaired.
 */

const JOB = Prisma.raw(`${BOSS_SCHEMA}.job`);

/**
 * A job is the user's when its payload names them, or, for webhooks.process (whose payload is
 * only the stored event), when the webhook it processes was routed to them.
 */
function ownedBy(userId: string, data: Prisma.Sql = Prisma.raw("data")): Prisma.Sql {
  return Prisma.sql`(${data}->>'userId' = ${userId}
    OR EXISTS (SELECT 1 FROM "WebhookEvent" w WHERE w.id = ${data}->>'webhookEventId' AND w."userId" = ${userId}))`;
}

export type JobCounts = Record<JobState, number>;

export interface QueueOverview {
  job: JobName;
  counts: JobCounts;
  deadLetter: { queue: string; counts: JobCounts; total: number };
  /** Failures the page lists for this job (failed jobs and unpaired dead letters). */
  failures: number;
}

export interface JobFailure {
  id: string;
  /** The queue the row is in: the job's own (`failed`) or its dead-letter queue (`dead`). */
  queue: string;
  job: JobName;
  kind: "failed" | "dead";
  state: JobState;
  /** The payload as the registry defines it (ids only); null if it no longer parses. */
  data: Record<string, unknown> | null;
  retryCount: number;
  retryLimit: number;
  /** The message of the error the last attempt threw (never its stack). */
  error: string | null;
  failedAt: Date;
  createdAt: Date;
}

interface FailureRow {
  id: string;
  name: string;
  kind: "failed" | "dead";
  state: JobState;
  data: unknown;
  retry_count: number;
  retry_limit: number;
  error: string | null;
  failed_on: Date;
  created_on: Date;
  total: bigint;
}

const emptyCounts = (): JobCounts => ({ created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 });

/** Long provider errors (HTML error pages) are cut: the list shows a message, not a document. */
const MAX_ERROR_LENGTH = 1000;

/**
 * The failures of one user as a CTE named `failures`, limited to `queues`. The error is
 * pg-boss's serialised Error (`{ name, message, stack }`) or its timeout note
 * (`{ value: { message } }`).
 */
function failuresCte(userId: string, queues: readonly string[]): Prisma.Sql {
  const refs = queues.map((q) => parseQueueName(q)!);
  const main = refs.filter((r) => !r.dead).map((r) => r.job);
  const dead = refs.filter((r) => r.dead).map((r) => deadLetterQueue(r.job));
  // Both queues of each job are read, listed or not: pairing needs the failed job and its copy.
  const family = [...new Set(refs.flatMap((r) => [r.job, deadLetterQueue(r.job)]))];
  return Prisma.sql`
    WITH owned AS (
      SELECT id, name, data, state, retry_count, retry_limit, created_on, completed_on, output, dead_letter,
             source_id, source_output
        FROM ${JOB}
       WHERE name = ANY(${family}::text[])
         AND ${ownedBy(userId)}
    ),
    failures AS (
      SELECT f.id, f.name, 'failed' AS kind, f.state, f.data, f.retry_count, f.retry_limit,
             f.output, f.completed_on AS failed_on, f.created_on
        FROM owned f
       WHERE f.name = ANY(${main}::text[]) AND f.state = 'failed'
      UNION ALL
      -- A dead letter keeps its failed job's error in source_output and points at it with
      -- source_id; dead letters from before pg-boss 11 have neither and pair by payload and time.
      SELECT d.id, d.name, 'dead' AS kind, d.state, d.data, d.retry_count, d.retry_limit,
             COALESCE(d.source_output, d.output) AS output, d.created_on AS failed_on, d.created_on
        FROM owned d
       WHERE d.name = ANY(${dead}::text[])
         AND NOT EXISTS (
           SELECT 1 FROM owned f
            WHERE f.state = 'failed'
              AND (f.id = d.source_id
                   OR (d.source_id IS NULL AND f.dead_letter = d.name AND f.data = d.data AND f.completed_on = d.created_on))
         )
    )`;
}

/** The queues a `queue` filter covers: a job's queue means its failed jobs and its dead letters. */
function coveredQueues(queue: string | undefined): string[] {
  if (!queue) return [...queueNames];
  const ref = parseQueueName(queue)!;
  return ref.dead ? [queue] : [queue, deadLetterQueue(ref.job)];
}

/** The registry's view of a payload: unknown keys are stripped, so nothing else reaches the page. */
function safePayload(job: JobName, data: unknown): Record<string, unknown> | null {
  const parsed = jobDefinitions[job].payload.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export async function jobsOverview({ db }: { db: Db }, userId: string): Promise<QueueOverview[]> {
  const [counts, failures] = await Promise.all([
    db.$queryRaw<{ name: string; state: JobState; count: bigint }[]>`
      SELECT name, state::text AS state, count(*) AS count
        FROM ${JOB}
       WHERE name = ANY(${queueNames}::text[]) AND ${ownedBy(userId)}
       GROUP BY name, state`,
    db.$queryRaw<{ name: string; count: bigint }[]>`
      ${failuresCte(userId, queueNames)}
      SELECT name, count(*) AS count FROM failures GROUP BY name`,
  ]);
  const byQueue = new Map<string, JobCounts>();
  for (const row of counts) {
    const queueCounts = byQueue.get(row.name) ?? emptyCounts();
    queueCounts[row.state] = Number(row.count);
    byQueue.set(row.name, queueCounts);
  }
  const failuresByJob = new Map<JobName, number>();
  for (const row of failures) {
    const { job } = parseQueueName(row.name)!;
    failuresByJob.set(job, (failuresByJob.get(job) ?? 0) + Number(row.count));
  }
  return jobNames.map((job) => {
    const dead = deadLetterQueue(job);
    const deadCounts = byQueue.get(dead) ?? emptyCounts();
    return {
      job,
      counts: byQueue.get(job) ?? emptyCounts(),
      deadLetter: { queue: dead, counts: deadCounts, total: Object.values(deadCounts).reduce((a, b) => a + b, 0) },
      failures: failuresByJob.get(job) ?? 0,
    };
  });
}

export async function listFailures(
  { db }: { db: Db },
  userId: string,
  input: z.output<typeof failuresInput>,
): Promise<{ items: JobFailure[]; total: number; page: number; pageSize: number }> {
  const rows = await db.$queryRaw<FailureRow[]>`
    ${failuresCte(userId, coveredQueues(input.queue))}
    SELECT id::text, name, kind, state::text AS state, data, retry_count, retry_limit,
           left(COALESCE(output->>'message', output#>>'{value,message}', output->>'value'), ${MAX_ERROR_LENGTH}) AS error,
           failed_on, created_on, count(*) OVER () AS total
      FROM failures
     ORDER BY failed_on DESC, id
     LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}`;
  const total = rows[0] ? Number(rows[0].total) : await countFailures(db, userId, input.queue);
  return {
    items: rows.map((row) => {
      const { job } = parseQueueName(row.name)!;
      return {
        id: row.id,
        queue: row.name,
        job,
        kind: row.kind,
        state: row.state,
        data: safePayload(job, row.data),
        retryCount: row.retry_count,
        retryLimit: row.retry_limit,
        error: row.error,
        failedAt: row.failed_on,
        createdAt: row.created_on,
      };
    }),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** A page past the end has no rows to carry the window count. */
async function countFailures(db: Db, userId: string, queue: string | undefined): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    ${failuresCte(userId, coveredQueues(queue))}
    SELECT count(*) AS count FROM failures`;
  return Number(row?.count ?? 0);
}

interface Retryable {
  id: string;
  name: string;
  kind: "failed" | "dead";
}

async function retryableFailures(db: Db, userId: string, queues: string[], id?: string): Promise<Retryable[]> {
  return db.$queryRaw<Retryable[]>`
    ${failuresCte(userId, queues)}
    SELECT id::text, name, kind FROM failures
     WHERE ${id === undefined ? Prisma.sql`TRUE` : Prisma.sql`id = ${id}::uuid`}`;
}

/**
 * Failed jobs go back to their queue with pg-boss's retry (one more attempt, same id). Their
 * dead-letter copies are deleted first: the failure is being handled, and a crash between the
 * two steps leaves the failed job listed and retryable, never a job retried twice.
 */
async function retryFailedJobs(db: Db, boss: Boss, userId: string, job: JobName, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw`
    DELETE FROM ${JOB} d
     USING ${JOB} f
     WHERE f.name = ${job} AND f.id = ANY(${ids}::uuid[]) AND f.state = 'failed' AND ${ownedBy(userId, Prisma.raw("f.data"))}
       AND d.name = f.dead_letter AND d.data = f.data AND d.created_on = f.completed_on`;
  await boss.retry(job, ids);
}

/** Rolls back the delete of a dead letter whose payload cannot be sent. */
class InvalidDeadLetter extends Error {}

type Resend = "sent" | "gone" | "invalid";

/**
 * A dead letter is sent again to its job's queue as a new job, and removed, in one transaction:
 * the row lock of the delete makes a double click send it once, and a failed send leaves the
 * dead letter where it was. A payload the registry no longer accepts cannot be sent: it stays.
 */
async function resendDeadLetter(db: Db, boss: Boss, userId: string, job: JobName, id: string): Promise<Resend> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ data: unknown }[]>`
      DELETE FROM ${JOB}
       WHERE name = ${deadLetterQueue(job)} AND id = ${id}::uuid AND ${ownedBy(userId)}
      RETURNING data`;
    if (!row) return "gone";
    const payload = jobDefinitions[job].payload.safeParse(row.data);
    if (!payload.success) throw new InvalidDeadLetter();
    await sendJobInTransaction(boss, tx, job, payload.data);
    return "sent";
  }).catch((error: unknown) => {
    if (error instanceof InvalidDeadLetter) return "invalid";
    throw error;
  });
}

/** Retries one failure of the user's (NOT_FOUND for anything else, another user's job included). */
export async function retryJob(
  { db, jobs }: { db: Db; jobs: () => Promise<Boss> },
  userId: string,
  input: z.output<typeof retryInput>,
): Promise<void> {
  const boss = await jobs();
  const ref = parseQueueName(input.queue)!;
  const [failure] = await retryableFailures(db, userId, [input.queue], input.id);
  if (!failure) throw notFound("Failed job");
  if (!ref.dead) return retryFailedJobs(db, boss, userId, ref.job, [failure.id]);
  const result = await resendDeadLetter(db, boss, userId, ref.job, failure.id);
  if (result === "gone") throw notFound("Failed job");
  if (result === "invalid") {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `This ${ref.job} job's payload no longer matches the job's definition, so it cannot be sent again.`,
    });
  }
}

/** Retries every failure the page lists for `queue` (see `coveredQueues`); returns how many. */
export async function retryAllFailed(
  { db, jobs }: { db: Db; jobs: () => Promise<Boss> },
  userId: string,
  { queue }: { queue: string },
): Promise<{ retried: number }> {
  const boss = await jobs();
  const { job } = parseQueueName(queue)!;
  const failures = await retryableFailures(db, userId, coveredQueues(queue));
  const failed = failures.filter((f) => f.kind === "failed").map((f) => f.id);
  await retryFailedJobs(db, boss, userId, job, failed);
  let retried = failed.length;
  // One transaction each: a dead letter that cannot be sent stays listed, the others go.
  for (const dead of failures.filter((f) => f.kind === "dead")) {
    if ((await resendDeadLetter(db, boss, userId, job, dead.id)) === "sent") retried += 1;
  }
  return { retried };
}
