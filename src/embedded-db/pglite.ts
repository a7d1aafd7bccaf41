import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";
import { enableFsync, startParams } from "./durability";

export interface OpenPGliteOptions {
  /** Directory holding the database files; undefined = in memory. Created if absent. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (e.g. a migrated template). */
  loadDataDir?: Blob | File;
  /**
   * Commits wait until their WAL is on disk (see durability.ts). Default false: PGlite's own
   * fsync=off. Only meaningful with dataDir (an in-memory database has nothing to flush).
   */
  fsync?: boolean;
}

/**
 * Opens PGlite (PostgreSQL 18 in WASM) with the pgvector (`vector`) and `pg_trgm` extensions
 * available. It does not run CREATE EXTENSION: migrations do.
 */
export async function openPGlite(opts: OpenPGliteOptions = {}): Promise<PGlite> {
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  const fsync = Boolean(opts.fsync && dataDir);
  const db = (await PGlite.create({
    dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { vector, pg_trgm },
    startParams: startParams(fsync),
  })) as unknown as PGlite;
  if (fsync && dataDir) {
    try {
      await enableFsync(db, dataDir);
    } catch (err) {
      await db.close().catch(() => {});
      throw err;
    }
  }
  return db;
}
