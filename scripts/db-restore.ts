/**
 * `npm run db:restore -- <file> [--force]`: puts a `npm run db:backup` file back as the embedded
 * database (EMBEDDED_DB_DIR) and the local recordings (RECORDINGS_DIR). Refuses while Switchboard
 * or db:server has the database open, and over existing data unless --force (which moves the
 * current directories aside to <dir>.replaced-<time>, never deletes them). With DATABASE_URL (your
 * own PostgreSQL) it prints the pg_restore command instead and exits 1.
 */
// .env / .env.local first: EMBEDDED_DB_DIR, RECORDINGS_DIR and DATABASE_URL there count.
import "../src/load-env";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackupError } from "~/embedded-db/backup-manifest";
import { realPostgresError } from "~/embedded-db/backup-real-postgres";
import { restoreBackup } from "~/embedded-db/backup-restore";
import { loadEnvOrExit, progressPrinter, recordingsSummary } from "./backup-cli";

const USAGE = "Usage: npm run db:restore -- <file.tar.gz> [--force]";

const env = await loadEnvOrExit();

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
}
if (args.values.help || args.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(args.values.help ? 0 : 1);
}

try {
  if (env.DATABASE_URL) throw realPostgresError("restore", recordingsSummary(env));
  const result = await restoreBackup({
    file: args.positionals[0]!,
    dataDir: env.EMBEDDED_DB_DIR,
    recordingsDir: env.RECORDINGS_DIR,
    migrationsDir: resolve(import.meta.dirname, "..", "prisma", "migrations"),
    force: args.values.force ?? false,
    progress: progressPrinter(),
  });
  for (const moved of result.movedAside) console.error(`The previous data is kept in ${moved} (delete it once you are sure).`);
  if (!result.manifest.recordings.included) console.error(`Recordings were not in this backup: ${result.manifest.recordings.reason}`);
  else if (env.S3_BUCKET) {
    console.error(`Recordings were restored into ${resolve(env.RECORDINGS_DIR)}, but S3_BUCKET is set: copy them into the bucket.`);
  }
  console.error("Restored. Start Switchboard (npm start / npm run dev); newer migrations apply on start.");
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
}
