import pg from "pg";
import type { Db as BossDb, JobInsert } from "pg-boss";
import { BOSS_SCHEMA, installQueues, type Boss } from "./boss";

/**
 * Installs from before this release have pg-boss 10's queue schema (version 24). pg-boss 11 and
 * later rewrote it and ship no migration from 24 (their own upgrade advice: install the new
 * schema beside the old one and carry the waiting jobs over), so that is what this does:
 *
 * 1. before pg-boss 12 starts, the old schema is renamed to `pgboss_v10` (pg-boss 12 then
 *    creates its own `pgboss` as on a fresh database);
 * 2. once the queues are installed, every job that still had work to do (waiting, retrying,
 *    active when its worker stopped, and dead letters not yet handled) is inserted into the new
 *    queues with the same id and payload and its remaining attempts, and the old schema is
 *    dropped, in one transaction.
 *
 * A crash between the steps leaves `pgboss_v10` in place and the next start finishes step 2; ids
 * are kept, so nothing is copied twice. Completed and failed jobs are history, not work: they
 * are not carried over. Several processes may start at once: both steps take one advisory lock.
 */
export const LEGACY_SCHEMA = "pgboss_v10";
const PG_BOSS_10_SCHEMA_VERSION = 24;
// pg_advisory_xact_lock key for the upgrade ("sbqu"), distinct from the migrator's.
const UPGRADE_LOCK_KEY = 0x73627175;

/**
 * Starts pg-boss on any database this app has written, installs the queues and carries over what
 * a pg-boss 10 schema still had to do. Returns how many jobs were carried over (null: none to).
 */
export async function startQueues(boss: Boss, connectionString: string): Promise<number | null> {
  await setAsideLegacyQueueSchema(connectionString);
  await boss.start();
  await installQueues(boss);
  return carryOverLegacyJobs(connectionString, boss);
}

/** Step 1: moves a pg-boss 10 schema aside. True when this call moved it. */
export async function setAsideLegacyQueueSchema(connectionString: string): Promise<boolean> {
  return withTransaction(connectionString, async (client) => {
    if (!(await relationExists(client, `${BOSS_SCHEMA}.version`))) return false;
    const { rows } = await client.query<{ version: string }>(`SELECT version FROM ${BOSS_SCHEMA}.version`);
    const version = Number(rows[0]?.version);
    if (!(version <= PG_BOSS_10_SCHEMA_VERSION)) return false;
    if (await relationExists(client, `${LEGACY_SCHEMA}.job`)) {
      throw new Error(`Both ${BOSS_SCHEMA} (pg-boss ${version}) and ${LEGACY_SCHEMA} exist; move one of them away by hand.`);
    }
    await client.query(`ALTER SCHEMA ${BOSS_SCHEMA} RENAME TO ${LEGACY_SCHEMA}`);
    return true;
  });
}

interface LegacyJob {
  id: string;
  name: string;
  priority: number;
  data: object | null;
  retry_limit: number;
  retry_count: number;
  state: "created" | "retry" | "active";
  retry_delay: number;
  retry_backoff: boolean;
  start_after: Date;
  singleton_key: string | null;
  expire_seconds: number;
  dead_letter: string | null;
}

/** Step 2: carries the old schema's pending jobs into the started pg-boss 12 and drops it. */
export async function carryOverLegacyJobs(connectionString: string, boss: Boss): Promise<number | null> {
  // Read before the transaction: on the embedded database (one engine connection) a query on
  // pg-boss's own pool would wait for this transaction to end.
  const queues = new Set((await boss.getQueues()).map((q) => q.name));
  return withTransaction(connectionString, async (client) => {
    if (!(await relationExists(client, `${LEGACY_SCHEMA}.job`))) return null;
    const { rows } = await client.query<LegacyJob>(
      `SELECT id::text, name, state::text, priority, data, retry_limit, retry_count, retry_delay, retry_backoff, start_after,
              singleton_key, EXTRACT(EPOCH FROM expire_in)::int AS expire_seconds, dead_letter
         FROM ${LEGACY_SCHEMA}.job
        WHERE state IN ('created', 'retry', 'active')
        ORDER BY created_on`,
    );
    const db: BossDb = { executeSql: async (text, values) => ({ rows: (await client.query(text, values as unknown[])).rows }) };
    let carried = 0;
    const byQueue = new Map<string, LegacyJob[]>();
    for (const job of rows) if (queues.has(job.name)) byQueue.set(job.name, [...(byQueue.get(job.name) ?? []), job]);
    for (const [name, jobs] of byQueue) {
      const inserts: JobInsert[] = jobs.map((job) => ({
        id: job.id,
        data: job.data ?? {},
        priority: job.priority,
        // What was left of its attempts. pg-boss 10 counts a retry when it starts it, so a job
        // waiting to retry, or interrupted mid-attempt, has used one more than retry_count says.
        retryLimit: Math.max(0, job.retry_limit - job.retry_count - (job.state === "created" ? 0 : 1)),
        retryDelay: job.retry_delay,
        retryBackoff: job.retry_backoff,
        startAfter: job.start_after,
        ...(job.singleton_key ? { singletonKey: job.singleton_key } : {}),
        ...(job.expire_seconds > 0 ? { expireInSeconds: job.expire_seconds } : {}),
        ...(job.dead_letter && queues.has(job.dead_letter) ? { deadLetter: job.dead_letter } : {}),
      }));
      await boss.insert(name, inserts, { db });
      carried += inserts.length;
    }
    await client.query(`DROP SCHEMA ${LEGACY_SCHEMA} CASCADE`);
    return carried;
  });
}

async function withTransaction<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "switchboard-queue-upgrade" });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [UPGRADE_LOCK_KEY]);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function relationExists(client: pg.Client, name: string): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [name]);
  return rows[0]?.found === true;
}
