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

export interface RunningWorker {
  id: string;
  boss: Boss;
  /** Stops fetching, waits for in-flight jobs (up to timeoutMs), then releases resources. */
  stop(timeoutMs?: number): Promise<void>;
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

  // pg-boss worker ids per queue, and which one to wake next (round robin): see wakesAfter.
  const slots = new Map<JobName, string[]>();
  const nextSlot = new Map<JobName, number>();
  const wake = (name: JobName) => {
    const ids = slots.get(name);
    if (!ids?.length) return;
    const index = nextSlot.get(name) ?? 0;
    nextSlot.set(name, (index + 1) % ids.length);
    boss.notifyWorker(ids[index]!);
  };

  for (const name of jobNames) {
    const policy: QueuePolicy = jobDefinitions[name].policy;
    const polling = policy.pollingIntervalSeconds;
    const interval = polling ?? workOptions.pollingIntervalSeconds;
    // Where LISTEN works, a new job wakes a worker at once; but retries and delayed jobs send no
    // notification when they come due, so the polling backstop stays as frequent as without it.
    const queueOptions = { ...workOptions, pollingIntervalSeconds: interval, notifyPollingIntervalSeconds: interval };
    const ids: string[] = [];
    slots.set(name, ids);
    for (let slot = 0; slot < options.concurrency; slot++) {
      // Assigned once pg-boss registers the slot, before any job reaches it.
      let self = "";
      const id = await boss.work(name, queueOptions, async (jobs: PgBoss.JobWithMetadata[]) => {
        for (const job of jobs) {
          const log = logger.child({ job: name, jobId: job.id, attempt: job.retryCount + 1 });
          const started = Date.now();
          try {
            const payload = parseJobPayload(name, job.data);
            await (handlers[name] as JobHandler<JobName>)(payload, {
              db,
              logger: log,
              boss,
              jobId: job.id,
              retryCount: job.retryCount,
            });
            log.info({ ms: Date.now() - started }, "job completed");
            for (const next of wakesAfter(name)) wake(next);
            // A slot that just finished a job fetches again at once instead of waiting out the
            // polling interval: with one job per fetch, a backlog (10,000 reminders due in a
            // minute) would otherwise drain at one job per slot per interval. An empty fetch puts
            // the slot back on the interval, so an idle queue costs one extra fetch per job.
            // (pg-boss's burstWhenReadyExceeds reads a queue count cached for a minute.)
            boss.notifyWorker(self);
          } catch (error) {
            log.warn({ err: error, ms: Date.now() - started, retryLimit: job.retryLimit }, "job failed");
            throw error;
          }
        }
      });
      self = id;
      ids.push(id);
    }
    await boss.work(deadLetterQueue(name), workOptions, async (jobs: PgBoss.JobWithMetadata[]) => {
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
        logger.info("worker stopping: no new jobs; waiting for in-flight ones");
        await boss.stop({ graceful: true, timeout: timeoutMs });
        await removeHeartbeat(db, identity.id).catch(() => undefined);
        logger.info("worker stopped");
      })();
      return stopping;
    },
  };
}
