/**
 * `npm run db:backup [-- <file>]`: the embedded database and the local recordings in one
 * .tar.gz (default backups/switchboard-<UTC time>.tar.gz), while Switchboard runs or not.
 * Restore with `npm run db:restore -- <file>`. With DATABASE_URL (your own PostgreSQL) it prints
 * the pg_dump command instead and exits 1. Progress on stderr, the file's path on stdout.
 */
// .env / .env.local first: EMBEDDED_DB_DIR, RECORDINGS_DIR and DATABASE_URL there count.
import "../src/load-env";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createBackup } from "~/embedded-db/backup";
import { BackupError, formatBytes } from "~/embedded-db/backup-manifest";
import { realPostgresError } from "~/embedded-db/backup-real-postgres";
import { loadEnvOrExit, progressPrinter, recordingsSummary } from "./backup-cli";

const USAGE = "Usage: npm run db:backup [-- <file.tar.gz>]";

const env = await loadEnvOrExit();

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(1);
}
if (args.values.help || args.positionals.length > 1) {
  console.error(USAGE);
  process.exit(args.values.help ? 0 : 1);
}

const stamp = new Date().toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "").replace("T", "-");
const outFile = resolve(args.positionals[0] ?? `backups/switchboard-${stamp}.tar.gz`);
const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, "..", "package.json"), "utf8")) as { version: string };

try {
  if (env.DATABASE_URL) throw realPostgresError("backup", recordingsSummary(env));
  const result = await createBackup({
    dataDir: env.EMBEDDED_DB_DIR,
    recordings: env.S3_BUCKET
      ? { excludedBecause: `they are in the S3 bucket ${env.S3_BUCKET} (back it up with the bucket's own versioning or replication)` }
      : { dir: env.RECORDINGS_DIR },
    outFile,
    appVersion: version,
    progress: progressPrinter(),
  });
  console.error(`Backup written (${formatBytes(result.bytes)}). Restore it with: npm run db:restore -- ${result.file}`);
  console.log(result.file);
} catch (error) {
  console.error(error instanceof BackupError ? error.message : error);
  process.exit(1);
}
