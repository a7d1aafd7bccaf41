import pg from "pg";

/**
 * The advisory lock key that serializes job-queue installation across processes (the migrate
 * step on every host, every worker starting). Its own key: Prisma's migration lock and pg-boss's
 * locks are different numbers.
 */
export const QUEUE_INSTALL_LOCK_KEY = 0x53425155; // "SBQU"

/** How long a process waits for another to finish installing before it gives up. */
const WAIT_FOR_LOCK = "120s";

/**
 * Runs `install` while this process holds the queue-installation lock, taken on a connection of
 * its own. pg-boss creates a queue with DDL (a partition, foreign keys to its queue table) that
 * deadlocks against another process creating a queue at the same moment, and its calls each take
 * a connection from its pool, so no single transaction can hold them: a session lock on a
 * dedicated connection does. On the embedded database a session lock never blocks (one backend
 * session serves every client), which is fine there: its wire proxy runs one statement at a time.
 */
export async function withQueueInstallLock<T>(connectionString: string, install: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: "switchboard-queue-install" });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '${WAIT_FOR_LOCK}'`);
    await client.query("SELECT pg_advisory_lock($1)", [QUEUE_INSTALL_LOCK_KEY]);
    try {
      return await install();
    } finally {
      // Closing the connection releases it too; explicit for the embedded database's shared session.
      await client.query("SELECT pg_advisory_unlock($1)", [QUEUE_INSTALL_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
