/**
 * What a Switchboard backup archive says about itself (`manifest.json`, its first entry), and the
 * typed errors of backup and restore.
 *
 * The archive is a gzipped tar:
 *   manifest.json          this file's schema, validated before anything is extracted
 *   database.tar           the embedded database's data directory, as PGlite's dumpDataDir("none")
 *                          writes it and loadDataDir reads it (PostgreSQL's own files: exact, with
 *                          every schema, sequence, pg-boss queue and extension)
 *   recordings/<key>       the local recordings (RECORDINGS_DIR), one file per storage key
 */
import { z } from "zod";

export const BACKUP_FORMAT = "switchboard-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = "manifest.json";
export const DATABASE_ENTRY = "database.tar";
export const RECORDINGS_PREFIX = "recordings/";
/** A manifest is small (a few KB, plus one line per recording); anything larger is not ours. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const backupManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  appVersion: z.string().min(1),
  database: z.object({
    engine: z.literal("pglite"),
    pgliteVersion: z.string().min(1),
    /** `SHOW server_version` of the copy (e.g. "18.6"): its major decides which PGlite can open it. */
    postgresVersion: z.string().min(1),
    /** "online": asked of the running app; "offline": opened by the backup itself. */
    taken: z.enum(["online", "offline"]),
    bytes: count,
    sha256,
    /** Migrations applied in the copy, in order (restore refuses names this checkout lacks). */
    migrations: z.array(z.string().min(1)),
    /** Rows per table ("schema.table") in the copy; restore checks the restored database has them. */
    tables: z.record(z.string(), count),
  }),
  recordings: z.discriminatedUnion("included", [
    z.object({
      included: z.literal(true),
      files: z.array(z.object({ key: z.string().min(1), bytes: count })),
      bytes: count,
    }),
    z.object({ included: z.literal(false), reason: z.string().min(1) }),
  ]),
});

export type BackupManifest = z.infer<typeof backupManifestSchema>;

export type BackupErrorCode =
  /** DATABASE_URL names a real PostgreSQL: back it up with pg_dump (see realPostgresInstructions). */
  | "real_postgres"
  /** No embedded database at the data directory. */
  | "no_database"
  /** The database is open in a process that offers no online backup (or it did not answer). */
  | "online_backup_unavailable"
  /** The file is not a Switchboard backup, or is damaged. */
  | "invalid_backup"
  /** The backup has migrations this checkout does not know: it was made by a newer Switchboard. */
  | "newer_backup"
  /** Restore: Switchboard (or db:server) has the data directory open. */
  | "database_running"
  /** Restore: the data or recordings directory is not empty, and --force was not given. */
  | "target_not_empty"
  /** The restored copy does not have the rows the manifest lists. */
  | "verification_failed";

/** Backup or restore refused or failed for a reason the operator can act on; `message` says how. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BackupError";
  }
}

/** Progress lines for the operator (the scripts print them with the elapsed time). */
export type Progress = (message: string) => void;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
