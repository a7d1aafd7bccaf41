/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (see src/server/db/migrator.ts),
 * then installs pg-boss's schema and the job queues.
 * It never starts a database itself: `npm run dev` / `npm start` start the embedded one, migrate and
 * pass DATABASE_URL on; to migrate the embedded database by hand, run `npm run db:server` and point
 * DATABASE_URL at it.
 */
// .env / .env.local first: ~/env validates process.env when it is imported.
import "../src/load-env";
import { MigrationError, migrate, pendingMigrations } from "~/server/db/migrator";

const log = (message: string) => console.log(`[migrate] ${message}`);

async function main(): Promise<number> {
  const { parseEnv } = await import("~/env");
  let databaseUrl: string | undefined;
  try {
    databaseUrl = parseEnv(process.env).DATABASE_URL;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (!databaseUrl) {
    console.error(
      "[migrate] DATABASE_URL is not set, so there is no database to migrate.\n" +
        "  - `npm run dev` / `npm start` start the embedded database, migrate it and run the app;\n" +
        "  - or set DATABASE_URL=postgresql://user:password@host:5432/db and run `npm run db:migrate` again.",
    );
    return 1;
  }

  const statusOnly = process.argv.includes("--status");
  const where = redact(databaseUrl);
  if (statusOnly) {
    const pending = await pendingMigrations(databaseUrl);
    log(pending.length ? `${where}: pending: ${pending.join(", ")}` : `${where}: up to date`);
    return pending.length ? 2 : 0;
  }

  const started = Date.now();
  const { applied, skipped } = await migrate({
    connectionString: databaseUrl,
    logger: { info: log, warn: (m) => console.warn(`[migrate] warning: ${m}`), error: (m) => console.error(`[migrate] ${m}`) },
  });
  log(
    applied.length
      ? `${where}: applied ${applied.length} migration(s) in ${Date.now() - started} ms (${skipped.length} already applied)`
      : `${where}: up to date (${skipped.length} migration(s) applied earlier)`,
  );
  await installJobQueues(databaseUrl);
  return 0;
}

/**
 * pg-boss's own schema and every queue of the registry (carrying a pg-boss 10 schema's waiting
 * jobs over), as `npm start` does before it starts anything: a web process started by a process
 * manager (deploy/) only sends jobs, and a send to a queue no worker has created yet (a fresh
 * database, or a queue added by this release) would fail. Safe beside running workers and other
 * hosts' migrate steps: the upgrade and pg-boss's queue creation each take an advisory lock.
 */
async function installJobQueues(databaseUrl: string): Promise<void> {
  const { createBoss } = await import("~/server/queue/boss");
  const { startQueues } = await import("~/server/queue/upgrade");
  const boss = createBoss(databaseUrl, "sender");
  boss.on("error", (error) => console.error("[migrate] pg-boss:", error));
  try {
    const carried = await startQueues(boss, databaseUrl);
    if (carried !== null) log(`upgraded the job queues from pg-boss 10: ${carried} waiting job(s) carried over`);
  } finally {
    await boss.stop({ graceful: false });
  }
  log("job queues are installed");
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the database";
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MigrationError) console.error(`[migrate] ${error.message}`);
    else console.error("[migrate] failed:", error);
    process.exit(1);
  },
);
