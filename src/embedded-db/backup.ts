/**
 * `npm run db:backup`: one file with the embedded database and the local recordings.
 *
 * The database copy is PostgreSQL's own data directory (PGlite's dumpDataDir), not a SQL dump: it
 * is exact (schema, sequences, pg-boss's partitions, extensions) and restores in seconds. It comes
 * from the running app when it has the database open (backup-endpoint.ts), otherwise from the data
 * directory opened here under its lock. Before anything is written the copy is opened in memory,
 * which proves it opens and yields the manifest's migrations and row counts.
 *
 * The database is copied before the recordings: a recording is stored before the row that points
 * at it is committed, so every recording the copied rows name is already on disk when the
 * recordings are read. (Recordings stored after the copy are included too, unreferenced.)
 */
import { existsSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, resolve, sep } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { assertValidKey } from "~/server/storage/keys";
import { sha256Hex, writeBackupArchive, type RecordingFile } from "./backup-archive";
import { OnlineBackupUnavailableError, requestOnlineDump } from "./backup-endpoint";
import { describeDatabase } from "./backup-inspect";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  formatBytes,
  type BackupManifest,
  type Progress,
} from "./backup-manifest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";
import { restrictTree, restrictUmask } from "./file-modes";
import { openPGlite } from "./pglite";

export interface CreateBackupOptions {
  /** The embedded database's data directory (EMBEDDED_DB_DIR). */
  dataDir: string;
  /** Local recordings (RECORDINGS_DIR), or why they are not included (S3_BUCKET is set). */
  recordings: { dir: string } | { excludedBecause: string };
  /** Where to write the archive. */
  outFile: string;
  appVersion: string;
  progress?: Progress;
  now?: () => Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

export async function createBackup(opts: CreateBackupOptions): Promise<BackupResult> {
  const progress = opts.progress ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const dataDir = resolve(opts.dataDir);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    throw new BackupError("no_database", `There is no embedded database in ${dataDir} (EMBEDDED_DB_DIR) to back up.`);
  }

  const { tar, taken } = await copyDataDir(dataDir, progress);
  progress(`database copied (${formatBytes(tar.byteLength)}, ${taken}); opening the copy to check it`);
  const facts = await describeCopy(tar);
  const rows = Object.values(facts.tables).reduce((sum, n) => sum + n, 0);
  progress(
    `copy opens: PostgreSQL ${facts.postgresVersion}, ${facts.migrations.length} migrations, ` +
      `${Object.keys(facts.tables).length} tables, ${rows} rows`,
  );

  let recordingFiles: RecordingFile[] = [];
  let recordings: BackupManifest["recordings"];
  if ("dir" in opts.recordings) {
    const listed = await listRecordings(resolve(opts.recordings.dir));
    recordingFiles = listed.files;
    if (listed.skipped.length) progress(`skipped ${listed.skipped.length} file(s) that are not recordings, e.g. ${listed.skipped[0]}`);
    const bytes = recordingFiles.reduce((sum, file) => sum + file.bytes, 0);
    recordings = { included: true, files: recordingFiles.map(({ key, bytes }) => ({ key, bytes })), bytes };
    progress(`recordings: ${recordingFiles.length} file(s), ${formatBytes(bytes)}`);
  } else {
    recordings = { included: false, reason: opts.recordings.excludedBecause };
    progress(`recordings not included: ${opts.recordings.excludedBecause}`);
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now().toISOString(),
    appVersion: opts.appVersion,
    database: {
      engine: "pglite",
      pgliteVersion: pgliteVersion(),
      postgresVersion: facts.postgresVersion,
      taken,
      bytes: tar.byteLength,
      sha256: sha256Hex(tar),
      migrations: facts.migrations,
      tables: facts.tables,
    },
    recordings,
  };
  const file = resolve(opts.outFile);
  const step = Math.max(1, Math.ceil(recordingFiles.length / 10));
  const bytes = await writeBackupArchive(file, manifest, tar, recordingFiles, (done) => {
    if (done % step === 0 || done === recordingFiles.length) progress(`recordings written: ${done}/${recordingFiles.length}`);
  });
  return { file, bytes, manifest };
}

/** The data directory as a tar: from the process that has it open, or opened here. */
async function copyDataDir(dataDir: string, progress: Progress): Promise<{ tar: Buffer<ArrayBuffer>; taken: "online" | "offline" }> {
  let lock;
  try {
    lock = await lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    progress(`the database is in use by process ${error.holder.pid}: asking it for a copy (it waits for open transactions)`);
    try {
      return { tar: await requestOnlineDump(dataDir), taken: "online" };
    } catch (cause) {
      if (!(cause instanceof OnlineBackupUnavailableError)) throw cause;
      throw new BackupError(
        "online_backup_unavailable",
        `The embedded database ${dataDir} is in use by process ${error.holder.pid}` +
          `${error.holderCommand ? ` (${error.holderCommand})` : ""}, which cannot make a copy: ${cause.message}. ` +
          "Stop it and run the backup again, or restart it with this version of Switchboard.",
        { cause },
      );
    }
  }
  try {
    progress(`the database is not running: opening ${dataDir}`);
    // Opening runs recovery, which may write files: owner-only, as when the server opens it.
    restrictUmask();
    const db = await openPGlite({ dataDir });
    try {
      return { tar: Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer()), taken: "offline" };
    } finally {
      await db.close();
      restrictTree(dataDir);
    }
  } finally {
    lock.release();
  }
}

async function describeCopy(tar: Buffer<ArrayBuffer>) {
  let db: PGlite;
  try {
    db = await openPGlite({ loadDataDir: new Blob([tar]) });
  } catch (cause) {
    throw new BackupError("verification_failed", `The copy of the database does not open: ${String(cause)}`, { cause });
  }
  try {
    return await describeDatabase(db);
  } finally {
    await db.close();
  }
}

/**
 * Every stored recording under `root`: files whose path is a valid storage key. Local storage's
 * in-flight temporary files (".<name>.tmp") are not keys and are skipped, like anything else.
 */
export async function listRecordings(root: string): Promise<{ files: RecordingFile[]; skipped: string[] }> {
  const files: RecordingFile[] = [];
  const skipped: string[] = [];
  if (!existsSync(root)) return { files, skipped };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const key = relative(root, path).split(sep).join("/");
      if (!entry.isFile() || !isValidKey(key)) {
        if (!entry.name.startsWith(".")) skipped.push(key);
        continue;
      }
      files.push({ key, path, bytes: (await lstat(path)).size });
    }
  };
  await walk(root);
  return { files, skipped };
}

function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

function pgliteVersion(): string {
  // The package's exports hide package.json; its main entry sits in dist/ beside it.
  const require = createRequire(import.meta.url);
  const main = require.resolve("@electric-sql/pglite");
  const pkg = require(join(main, "..", "..", "package.json")) as { version?: string };
  return pkg.version ?? "unknown";
}
