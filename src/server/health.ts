import { createHash, timingSafeEqual } from "node:crypto";
import type { Session } from "next-auth";
import type { Db } from "~/server/db";
import { pendingMigrations, type Queryable } from "~/server/db/migrator";
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
  now: () => Date;
  config: { health: { workerStaleAfterSeconds: number } };
  /** The migrations on disk the database has not applied. Default: asked through `db`. */
  pendingMigrations?: () => Promise<string[]>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The app's Prisma client as the migrator's query interface: the check runs on its pool, opening no connection of its own. */
function queryable(db: Db): Queryable {
  return { query: async <R>(text: string, values: unknown[] = []) => ({ rows: await db.$queryRawUnsafe<R[]>(text, ...values) }) };
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const { db, now } = deps;
  const { workerStaleAfterSeconds } = deps.config.health;
  const pending = deps.pendingMigrations ?? (() => pendingMigrations(queryable(db)));
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
      pending(),
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

/** What anyone may see: whether it is healthy and which parts are not, never why. */
export interface PublicHealth {
  status: HealthReport["status"];
  failing: string[];
}

/**
 * `Authorization: Bearer <HEALTH_TOKEN>`, compared in constant time (over digests, so neither the
 * token's length nor its prefix shows in the timing). No token configured: nobody matches.
 */
export function healthTokenMatches(authorization: string | null, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!given) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export interface HealthRequestDeps {
  check: () => Promise<HealthReport>;
  /** The caller's session as getServerAuthSession resolves it (role from the account, revoked tokens null). */
  session: () => Promise<Session | null>;
  healthToken: string | undefined;
}

/**
 * GET /api/health: 200 or 503 for everyone (load balancers, uptime checks); the details (queue
 * depths, migration names, heartbeat, error messages) only for the instance's owner or a
 * monitor holding HEALTH_TOKEN. Strangers learn part names only: a raw database error can name
 * hosts, users and versions.
 */
export async function handleHealthRequest(request: Request, deps: HealthRequestDeps): Promise<Response> {
  const report = await deps.check();
  const detailed =
    healthTokenMatches(request.headers.get("authorization"), deps.healthToken) ||
    // With the database down the session cannot be checked; the caller then counts as a stranger.
    (await deps.session().catch(() => null))?.user?.role === "owner";
  const body: HealthReport | PublicHealth = detailed ? report : { status: report.status, failing: report.failing };
  return Response.json(body, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

/**
 * One check at a time, reused for `ttlMs`: the endpoint is public, and each check runs several
 * queries; callers in the same moment share it.
 */
export function sharedHealthCheck(check: () => Promise<HealthReport>, ttlMs = 2_000, now = () => Date.now()) {
  let last: { at: number; report: Promise<HealthReport> } | undefined;
  return (): Promise<HealthReport> => {
    if (!last || now() - last.at > ttlMs) {
      const report = check();
      last = { at: now(), report };
      // A failed check is not reused.
      report.catch(() => (last = undefined));
    }
    return last.report;
  };
}
