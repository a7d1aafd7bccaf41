/**
 * `npm run db:restore -- <file>`: puts a backup (backup.ts) back as the embedded database and the
 * local recordings.
 *
 * Refuses while any process has the data directory open (its lock, taken here for the whole
 * restore, so nothing can start on a half-restored directory), and refuses to replace a non-empty
 * data or recordings directory unless `force`; even then nothing is deleted: the old directories
 * are moved aside to `<dir>.replaced-<time>`. Everything is first unpacked beside its target
 * (`<dir>.restoring-<random>`), the database opened there and checked against the manifest's row
 * counts, and only then renamed into place, so a failed restore leaves the targets as they were.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, readdirSync } from "node:fs";
import { mkdir, readdir, rename, rm, rmdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import { readBackupArchive } from "./backup-archive";
import { describeDatabase, tableDifferences } from "./backup-inspect";
import { BackupError, formatBytes, type BackupManifest, type Progress } from "./backup-manifest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";
import { restrictTree } from "./file-modes";
import { openPGlite } from "./pglite";

export interface RestoreBackupOptions {
  file: string;
  /** The embedded database's data directory (EMBEDDED_DB_DIR). */
  dataDir: string;
  /** Local recordings (RECORDINGS_DIR). */
  recordingsDir: string;
  /** This checkout's prisma/migrations: a backup with migrations unknown here is refused. */
  migrationsDir: string;
  /** Replace non-empty targets (moved aside, not deleted). */
  force?: boolean;
  progress?: Progress;
  now?: () => Date;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where replaced directories were moved (only with force). */
  movedAside: string[];
}

export async function restoreBackup(opts: RestoreBackupOptions): Promise<RestoreResult> {
  const progress = opts.progress ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const file = resolve(opts.file);
  const dataDir = resolve(opts.dataDir);
  const recordingsDir = resolve(opts.recordingsDir);
  if (!existsSync(file)) throw new BackupError("invalid_backup", `${file} does not exist.`);

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let lock;
  try {
    lock = await lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    throw new BackupError(
      "database_running",
      `Cannot restore while the embedded database is open: ${dataDir} is in use by process ${error.holder.pid}` +
        `${error.holderCommand ? ` (${error.holderCommand})` : ""}. Stop Switchboard (or npm run db:server) first.`,
      { cause: error },
    );
  }

  const suffix = randomBytes(4).toString("hex");
  const stagedData = `${dataDir}.restoring-${suffix}`;
  const stagedRecordings = `${recordingsDir}.restoring-${suffix}`;
  try {
    let database: Buffer<ArrayBuffer> | undefined;
    let recordingsWritten = 0;
    const manifest = await readBackupArchive(file, {
      manifest: async (m) => {
        progress(
          `backup of ${m.createdAt} (Switchboard ${m.appVersion}, PostgreSQL ${m.database.postgresVersion}, ` +
            `${m.database.migrations.length} migrations, ${m.recordings.included ? `${m.recordings.files.length} recordings` : "no recordings"})`,
        );
        assertKnownMigrations(m, opts.migrationsDir);
        await assertTargetsReplaceable(dataDir, m.recordings.included ? recordingsDir : null, opts.force ?? false);
        if (m.recordings.included) await mkdir(stagedRecordings, { recursive: true, mode: 0o700 });
      },
      database: (bytes) => {
        database = bytes;
        progress(`database read (${formatBytes(bytes.byteLength)})`);
      },
      recording: async (key, body) => {
        const path = join(stagedRecordings, ...key.split("/"));
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await pipeline(body, createWriteStream(path, { flags: "wx", mode: 0o600 }));
        recordingsWritten++;
      },
    });
    if (manifest.recordings.included) progress(`recordings unpacked: ${recordingsWritten}`);

    progress("loading the database");
    const rows = await loadAndCheck(stagedData, database!, manifest);
    progress(`database loaded and checked: ${Object.keys(manifest.database.tables).length} tables, ${rows} rows as listed`);
    restrictTree(stagedData);

    const movedAside: string[] = [];
    const stamp = now().toISOString().replace(/[:.]/g, "-");
    const data = await putInPlace(stagedData, dataDir, stamp);
    if (data) movedAside.push(data);
    if (manifest.recordings.included) {
      const recordings = await putInPlace(stagedRecordings, recordingsDir, stamp);
      if (recordings) movedAside.push(recordings);
    }
    return { manifest, movedAside };
  } finally {
    await rm(stagedData, { recursive: true, force: true });
    await rm(stagedRecordings, { recursive: true, force: true });
    lock.release();
  }
}

function assertKnownMigrations(manifest: BackupManifest, migrationsDir: string): void {
  const known = new Set(
    existsSync(migrationsDir) ? readdirSync(migrationsDir).filter((name) => existsSync(join(migrationsDir, name, "migration.sql"))) : [],
  );
  const unknown = manifest.database.migrations.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new BackupError(
      "newer_backup",
      `This backup was made by a newer Switchboard: its database has ${unknown.length} migration(s) this one does not know ` +
        `(${unknown.slice(0, 3).join(", ")}${unknown.length > 3 ? ", …" : ""}). Restore it with Switchboard ${manifest.appVersion} or later.`,
    );
  }
}

async function assertTargetsReplaceable(dataDir: string, recordingsDir: string | null, force: boolean): Promise<void> {
  const occupied: string[] = [];
  if (await hasEntries(dataDir)) occupied.push(dataDir);
  if (recordingsDir && (await hasEntries(recordingsDir))) occupied.push(recordingsDir);
  if (occupied.length && !force) {
    throw new BackupError(
      "target_not_empty",
      `Not restoring over existing data in ${occupied.join(" and ")}. ` +
        "Run with --force to restore anyway (the current directories are moved aside to <dir>.replaced-<time>, not deleted).",
    );
  }
}

async function hasEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** Opens the database in `dir` from the tarball (PGlite unpacks it) and checks its rows; returns their number. */
async function loadAndCheck(dir: string, tar: Buffer<ArrayBuffer>, manifest: BackupManifest): Promise<number> {
  let db: PGlite;
  try {
    db = await openPGlite({ dataDir: dir, loadDataDir: new Blob([tar]) });
  } catch (cause) {
    throw new BackupError(
      "invalid_backup",
      `The backup's database (PostgreSQL ${manifest.database.postgresVersion}, PGlite ${manifest.database.pgliteVersion}) ` +
        `does not open with this Switchboard: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  try {
    const facts = await describeDatabase(db);
    const differences = tableDifferences(manifest.database.tables, facts.tables);
    if (differences.length) {
      throw new BackupError(
        "verification_failed",
        `The restored database does not have the rows the backup lists: ${differences.slice(0, 5).join("; ")}.`,
      );
    }
    return Object.values(facts.tables).reduce((sum, n) => sum + n, 0);
  } finally {
    await db.close();
  }
}

/** Renames `staged` to `target`; a non-empty `target` is moved aside first (returned). */
async function putInPlace(staged: string, target: string, stamp: string): Promise<string | null> {
  let movedTo: string | null = null;
  if (await hasEntries(target)) {
    movedTo = `${target}.replaced-${stamp}`;
    await rename(target, movedTo);
  } else {
    await rmdir(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await rename(staged, target);
  return movedTo;
}
