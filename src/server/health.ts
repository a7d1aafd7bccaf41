import type { Db } from "~/server/db";
import { latestHeartbeat } from "~/server/queue/heartbeat";
import { queueCounts, type QueueCounts } from "~/server/queue/stats";

export interface HealthReport {
  status: "ok" | "unhealthy";
  /** The parts that failed, by name: database, migrations, worker, queue. */
  failing: string[];
  checks: {
    database: { ok: boolean; latencyMs?: number; error?: string };
    migrations: { ok: boolean; pending?: string[]; error?: string };
    worker: { ok: boolean; lastHeartbeatAt?: string | null; ageSeconds?: number | null; error?: string };
    queue: { ok: boolean; queues?: QueueCounts[]; error?: string };
  };
}

export interface HealthDeps {
  db: Db;
  pendingMigrations: () => Promise<string[]>;
  workerStaleAfterSeconds: number;
  now?: () => Date;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function checkHealth({ db, pendingMigrations, workerStaleAfterSeconds, now = () => new Date() }: HealthDeps): Promise<HealthReport> {
  const checks: HealthReport["checks"] = {
    database: { ok: false },
    migrations: { ok: false },
    worker: { ok: false },
    queue: { ok: false },
  };

  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    checks.database = { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    checks.database = { ok: false, error: message(error) };
  }

  if (checks.database.ok) {
    const [migrations, beat, queues] = await Promise.allSettled([
      pendingMigrations(),
      latestHeartbeat(db),
      queueCounts(db),
    ]);
    checks.migrations =
      migrations.status === "fulfilled"
        ? { ok: migrations.value.length === 0, pending: migrations.value }
        : { ok: false, error: message(migrations.reason) };
    if (beat.status === "fulfilled") {
      const ageSeconds = beat.value ? Math.round((now().getTime() - beat.value.getTime()) / 1000) : null;
      checks.worker = {
        ok: ageSeconds !== null && ageSeconds <= workerStaleAfterSeconds,
        lastHeartbeatAt: beat.value?.toISOString() ?? null,
        ageSeconds,
        ...(ageSeconds === null ? { error: "no worker has reported yet" } : {}),
        ...(ageSeconds !== null && ageSeconds > workerStaleAfterSeconds
          ? { error: `last heartbeat ${ageSeconds}s ago (stale after ${workerStaleAfterSeconds}s)` }
          : {}),
      };
    } else {
      checks.worker = { ok: false, error: message(beat.reason) };
    }
    checks.queue =
      queues.status === "fulfilled"
        ? { ok: true, queues: queues.value }
        : { ok: false, error: message(queues.reason) };
  } else {
    const skipped = "database unreachable";
    checks.migrations.error = skipped;
    checks.worker.error = skipped;
    checks.queue.error = skipped;
  }

  const failing = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name);
  return { status: failing.length === 0 ? "ok" : "unhealthy", failing, checks };
}
