/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (see src/server/db/migrator.ts).
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
  return 0;
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
