import { hostname } from "node:os";
import type { Db } from "~/server/db";
import type { Boss } from "./boss";
import { BOSS_SCHEMA } from "./boss";
import { jobNames } from "./jobs";

/** The output pg-boss's supervisor stores on a job it failed because its heartbeat went stale. */
export const HEARTBEAT_TIMEOUT_MESSAGE = "job heartbeat timeout";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A worker that died (SIGKILL, OOM, power loss) leaves its jobs "active" until a live worker's
 * pg-boss sees their job heartbeat go stale (up to ~30 s). At startup, when no other worker is
 * alive, every active job is an orphan: fail it now so pg-boss retries it (or dead-letters it
 * after its last try) right away. A worker counts as dead when its heartbeat is stale, or when it ran
 * on this host and its process is gone. With another live worker around, the jobs may be its
 * own, so they are left to the job heartbeat (see retryHeartbeatLostJobsNow).
 */
export async function recoverOrphanedJobs(db: Db, boss: Boss, options: { selfId: string; staleAfterSeconds: number; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const host = hostname();
  const others = await db.workerHeartbeat.findMany({ where: { id: { not: options.selfId } } });
  const dead = others.filter(
    (w) => now.getTime() - w.beatAt.getTime() > options.staleAfterSeconds * 1000 || (w.hostname === host && !processAlive(w.pid)),
  );
  if (dead.length) await db.workerHeartbeat.deleteMany({ where: { id: { in: dead.map((w) => w.id) } } });
  if (dead.length < others.length) return 0;
  // The schema is our constant; the queue names are bound.
  const orphans = await db.$queryRawUnsafe<{ id: string; name: string }[]>(
    `SELECT id::text, name FROM ${BOSS_SCHEMA}.job WHERE state = 'active' AND name = ANY($1::text[])`,
    jobNames,
  );
  for (const job of orphans) {
    await boss.fail(job.name, job.id, { message: "The worker running this job stopped before it finished; retried after restart." });
  }
  if (orphans.length) {
    // The attempt died with its worker, not because a provider failed: no reason to wait out
    // the retry backoff. start_after is pg-boss's own "not before" column for the retry.
    await db.$executeRawUnsafe(
      `UPDATE ${BOSS_SCHEMA}.job SET start_after = now() WHERE state = 'retry' AND id = ANY($1::uuid[])`,
      orphans.map((job) => job.id),
    );
  }
  return orphans.length;
}

/**
 * While other workers run, a dead worker's active jobs are failed by a live worker's pg-boss
 * supervisor once their job heartbeat is stale (JOB_HEARTBEAT_SECONDS), and pg-boss then holds
 * the retry back by the queue's retryDelay with backoff (20-60 s for a pipeline stage). That
 * attempt died with its worker, not because a provider failed, so there is nothing to back off
 * from: every live worker calls this on its heartbeat tick and such retries become due now.
 * Only jobs whose last attempt ended in a heartbeat timeout are touched; a retry after a
 * provider error keeps its backoff. Returns how many jobs were made due.
 */
export async function retryHeartbeatLostJobsNow(db: Db): Promise<number> {
  // The schema is our constant; the message and queue names are bound. job_now() is pg-boss's
  // clock, the one its fetch compares start_after with.
  return db.$executeRawUnsafe(
    `UPDATE ${BOSS_SCHEMA}.job SET start_after = ${BOSS_SCHEMA}.job_now()
      WHERE state = 'retry' AND name = ANY($1::text[]) AND start_after > ${BOSS_SCHEMA}.job_now()
        AND output -> 'value' ->> 'message' = $2`,
    jobNames,
    HEARTBEAT_TIMEOUT_MESSAGE,
  );
}
