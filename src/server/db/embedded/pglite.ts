import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";

export interface OpenPGliteOptions {
  /** Directory holding the database files; undefined = in memory. Created if absent. */
  dataDir?: string;
  /** A `dumpDataDir()` tarball to start from (e.g. a migrated template). */
  loadDataDir?: Blob | File;
}

/**
 * Opens PGlite (PostgreSQL 18 in WASM) with the pgvector (`vector`) and `pg_trgm` extensions
 * available. It does not run CREATE EXTENSION: migrations do.
 */
export async function openPGlite(opts: OpenPGliteOptions = {}): Promise<PGlite> {
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = resolve(opts.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await PGlite.create({
    dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { vector, pg_trgm },
  });
  return db as unknown as PGlite;
}
