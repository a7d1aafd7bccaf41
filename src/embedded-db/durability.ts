/**
 * What a commit acknowledged by the embedded database survives, and EMBEDDED_DB_FSYNC=on.
 *
 * PGlite 0.5 (node_modules/@electric-sql/pglite/dist/chunk-XZUEO4BZ.js):
 *  - `PGlite.defaultStartParams` starts PostgreSQL with "-F", i.e. fsync = off;
 *  - and even without "-F" nothing would reach the disk: Emscripten's NODEFS (the filesystem
 *    that maps the data directory) has no `fsync` stream operation, so fsync() (the WASI
 *    `fd_sync` import: `stream.stream_ops?.fsync?.(stream)`) does nothing, and
 *    `___syscall_fdatasync` only checks the descriptor and returns 0.
 * Every WAL flush is still a write(2) into the OS page cache, so a killed or crashed process
 * loses nothing; a power cut or kernel crash can lose the last seconds of commits, or leave
 * the files inconsistent.
 *
 * fsync on: PostgreSQL runs without "-F" and with wal_sync_method = fsync (the one method that
 * goes through the stream operation; fdatasync is the no-op above), and NODEFS gets the missing
 * operation: fs.fsyncSync on the real file or directory. A commit then returns only after its
 * WAL is on disk, and checkpoints flush the data files before old WAL is recycled, as in
 * PostgreSQL. Files written before the operation existed (initdb, recovery at start) are
 * flushed once by syncTree.
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/** PostgreSQL's command line for PGlite; undefined = PGlite's default (fsync off). */
export function startParams(fsync: boolean): string[] | undefined {
  if (!fsync) return undefined;
  return [...PGlite.defaultStartParams.filter((p) => p !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"];
}

interface EmscriptenStream {
  nfd?: number;
}
interface NodeFsOps {
  stream_ops?: { fsync?: (stream: EmscriptenStream) => number };
}

let fsyncs = 0;

/** How many fsyncs PostgreSQL made through the operation below in this thread (for stats). */
export function fsyncsDone(): number {
  return fsyncs;
}

/** Makes fsync() inside PGlite a real fsync, then flushes what was written before. */
export async function enableFsync(db: PGlite, dataDir: string): Promise<void> {
  const ops = (db.Module.NODEFS as unknown as NodeFsOps).stream_ops;
  if (!ops) {
    // Refuse rather than run with fsync "on" that syncs nothing.
    throw new Error("EMBEDDED_DB_FSYNC=on: this PGlite version's NODEFS has no stream operations to extend");
  }
  ops.fsync ??= (stream) => {
    // A failed fsync throws out of PostgreSQL's call: the commit is not acknowledged (PostgreSQL
    // itself PANICs on fsync failure rather than trust the page cache).
    if (typeof stream.nfd === "number") {
      fsyncSync(stream.nfd);
      fsyncs++;
    }
    return 0;
  };
  const settings = await db.query<{ fsync: string; method: string }>(
    "select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method",
  );
  const row = settings.rows[0];
  if (row?.fsync !== "on" || row.method !== "fsync") {
    throw new Error(`EMBEDDED_DB_FSYNC=on: PostgreSQL runs with fsync=${row?.fsync}, wal_sync_method=${row?.method}`);
  }
  syncTree(dataDir);
}

/** fsync every file and directory under `root` (children before their directory). */
export function syncTree(root: string): void {
  const stat = lstatSync(root);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) for (const name of readdirSync(root)) syncTree(join(root, name));
  const fd = openSync(root, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
