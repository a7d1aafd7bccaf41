import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type * as PgBoss from "pg-boss";
import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import { createBoss, type Boss } from "./boss";
import { recordHeartbeat, removeHeartbeat } from "./heartbeat";
import { recoverOrphanedJobs, retryHeartbeatLostJobsNow } from "./recovery";
import { startQueues } from "./upgrade";
import {
  deadLetterQueue,
  jobDefinitions,
  jobNames,
  parseJobPayload,
  type JobName,
  type JobPayload,
  wakesAfter,
  type QueuePolicy,
} from "./jobs";

export interface JobContext {
  db: Db;
  logger: Logger;
  /** The worker's pg-boss, for handlers that send the next job (see queue/outbox.ts). */
  boss: Boss;
  jobId: string;
  /** 0 on the first attempt. */
  retryCount: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
export type DeadLetterHandler = (job: JobName, payload: unknown, ctx: JobContext) => Promise<void>;

export interface WorkerOptions {
  connectionString: string;
  db: Db;
  logger: Logger;
  handlers: JobHandlers;
  onDeadLetter: DeadLetterHandler;
  /** Jobs of one queue processed at once. */
  concurrency: number;
  pollingIntervalSeconds?: number;
  heartbeatSeconds: number;
  /** A worker whose heartbeat is older than this is dead (see recoverOrphanedJobs). */
  staleAfterSeconds?: number;
}

/**
 * How a queue's slots poll. pg-boss polls each slot on its own only every
 * IDLE_SLOT_POLLING_SECONDS (a backstop); at the queue's interval a timer wakes one idle slot, a
 * slot that takes a job wakes another idle one, and a slot that finishes a job fetches again at
 * once. So a backlog spreads over every
 * slot within a few fetches and drains at the speed of the jobs, and an idle worker polls once
 * per queue per interval. Why: with every slot polling on its own, a worker with 8 slots on ~20
 * queues made ~170 fetches a second while idle (pg_stat_statements during `npm run bench --
 * reminders`: 39,377 fetches for 3,600 jobs), and a backlog drained at one job per slot per
 * interval (10,000 reminders due within a minute started up to 10 minutes late).
 */
export const IDLE_SLOT_POLLING_SECONDS = 30;
/** A dead-lettered job already waited out all its retries: seconds more do not matter. */
const DEAD_LETTER_POLLING_SECONDS = 5;

export interface RunningWorker {
  id: string;
  boss: Boss;
  /** Stops fetching, waits for in-flight jobs (up to timeoutMs), then releases resources. */
  stop(timeoutMs?: number): Promise<void>;
}

/** A failed job's output, as pg-boss stores a thrown error (the Jobs page reads its message). */
function failureOutput(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { db, logger, handlers, onDeadLetter } = options;
  const identity = { id: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, pid: process.pid, hostname: hostname(), startedAt: new Date() };
  const boss = createBoss(options.connectionString, "worker");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
  boss.on("warning", (warning) => logger.warn({ data: warning.data }, `pg-boss: ${warning.message}`));
  const carried = await startQueues(boss, options.connectionString);
  if (carried !== null) logger.info({ carried }, "upgraded the job queues from pg-boss 10: waiting jobs carried over");
  const beat = () =>
    recordHeartbeat(db, identity).catch((error: unknown) =>
      logger.warn({ err: error }, "heartbeat failed"),
    );
  // Alive before taking any job: a worker starting next to this one then sees it and leaves its
  // jobs alone instead of taking them for a dead worker's.
  await beat();
  const recovered = await recoverOrphanedJobs(db, boss, { selfId: identity.id, staleAfterSeconds: options.staleAfterSeconds ?? 60 });
  if (recovered) logger.warn({ recovered }, "retrying jobs left active by a worker that stopped");

  const workOptions = {
    batchSize: 1,
    includeMetadata: true as const,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
  };

  // pg-boss worker ids per queue (its slots), and the ones running a job: see wakeIdle.
  const slots = new Map<JobName, string[]>();
  const busy = new Set<string>();
  const polls: NodeJS.Timeout[] = [];
  /** Wakes an idle slot of the queue; when every slot is busy, each fetches again as it finishes. */
  const wakeIdle = (name: JobName) => {
    const idle = slots.get(name)?.find((id) => !busy.has(id));
    if (idle) boss.notifyWorker(idle);
  };

  for (const name of jobNames) {
    const policy: QueuePolicy = jobDefinitions[name].policy;
    const interval = policy.pollingIntervalSeconds ?? workOptions.pollingIntervalSeconds;
    const ids: string[] = [];
    slots.set(name, ids);
    // The queue's polling: an idle slot looks every `interval` (where LISTEN works a new job wakes
    // the slots at once too; retries and delayed jobs send no notification when they come due).
    const poll = setInterval(() => wakeIdle(name), interval * 1000);
    poll.unref();
    polls.push(poll);
    const every = Math.max(interval, IDLE_SLOT_POLLING_SECONDS);
    const slotOptions = { ...workOptions, pollingIntervalSeconds: every, notifyPollingIntervalSeconds: every };
    /** Runs one job through its handler, logging how it went; throws what the handler threw. */
    const run = async (job: PgBoss.JobWithMetadata) => {
      const log = logger.child({ job: name, jobId: job.id, attempt: job.retryCount + 1 });
      const started = Date.now();
      try {
        const payload = parseJobPayload(name, job.data);
        await (handlers[name] as JobHandler<JobName>)(payload, { db, logger: log, boss, jobId: job.id, retryCount: job.retryCount });
        log.info({ ms: Date.now() - started }, "job completed");
        for (const next of wakesAfter(name)) wakeIdle(next);
      } catch (error) {
        log.warn({ err: error, ms: Date.now() - started, retryLimit: job.retryLimit }, "job failed");
        throw error;
      }
    };
    const batchSize = policy.batchSize ?? 1;
    for (let slot = 0; slot < options.concurrency; slot++) {
      // Assigned once pg-boss registers the slot, before any job reaches it.
      let self = "";
      const take = async <T>(work: () => Promise<T>): Promise<T> => {
        busy.add(self);
        // There is work: another slot looks for more, so a backlog spreads over every slot.
        wakeIdle(name);
        try {
          return await work();
        } finally {
          busy.delete(self);
          // Fetches again at once instead of waiting out its interval; an empty fetch puts it back.
          boss.notifyWorker(self);
        }
      };
      const id =
        batchSize === 1
          ? await boss.work(name, slotOptions, (jobs: PgBoss.JobWithMetadata[]) => take(async () => {
              for (const job of jobs) await run(job);
            }))
          : // A batch runs side by side and each job is settled on its own (a failure retries that
            // job alone); pg-boss completes the batch's finished jobs in one statement, and keeps
            // fetching at once while batches come back full.
            await boss.work(
              name,
              { ...slotOptions, batchSize, perJobResults: true, burstWhenBatchFull: true },
              (jobs: PgBoss.JobWithMetadata[]) =>
                take(() =>
                  Promise.all(
                    jobs.map((job) =>
                      run(job).then(
                        (): PgBoss.JobResult => ({ id: job.id, status: "completed" }),
                        (error: unknown): PgBoss.JobResult => ({ id: job.id, status: "failed", output: failureOutput(error) }),
                      ),
                    ),
                  ),
                ),
            );
      self = id;
      ids.push(id);
    }
    await boss.work(deadLetterQueue(name), { ...workOptions, pollingIntervalSeconds: DEAD_LETTER_POLLING_SECONDS }, async (jobs: PgBoss.JobWithMetadata[]) => {
      for (const job of jobs) {
        logger.error({ job: name, jobId: job.id }, "job dead-lettered after its last attempt");
        await onDeadLetter(name, job.data, { db, logger, boss, jobId: job.id, retryCount: job.retryCount });
      }
    });
  }

  // Each tick also makes due the retries of jobs a dead worker left behind (see
  // retryHeartbeatLostJobsNow), so they run within a tick of pg-boss failing them.
  const tick = async () => {
    await beat();
    const due = await retryHeartbeatLostJobsNow(db).catch((error: unknown) => {
      logger.warn({ err: error }, "making lost jobs' retries due failed");
      return 0;
    });
    if (due) logger.warn({ jobs: due }, "retrying now the jobs of a worker that stopped sending job heartbeats");
  };
  const timer = setInterval(() => void tick(), options.heartbeatSeconds * 1000);
  timer.unref();
  logger.info({ workerId: identity.id, queues: jobNames, concurrency: options.concurrency }, "worker started");

  let stopping: Promise<void> | undefined;
  return {
    id: identity.id,
    boss,
    stop(timeoutMs = 30_000) {
      stopping ??= (async () => {
        clearInterval(timer);
        for (const poll of polls) clearInterval(poll);
        logger.info("worker stopping: no new jobs; waiting for in-flight ones");
        await boss.stop({ graceful: true, timeout: timeoutMs });
        await removeHeartbeat(db, identity.id).catch(() => undefined);
        logger.info("worker stopped");
      })();
      return stopping;
    },
  };
}
