/**
 * Owner-only permissions for the embedded database's files: the data directory holds every
 * user's contacts, calls and password hashes. PGlite creates its files through Emscripten with
 * mode 0666 at initdb, so installs made before this check have world-readable (and with a 0
 * umask, world-writable) files; `restrictTree` fixes them on every start.
 */
import { chmodSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Sets directories under `root` (itself included) to 0700 and files to 0600. Symlinks are left alone. */
export function restrictTree(root: string): void {
  const stat = lstatSync(root);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== DIR_MODE) chmodSync(root, DIR_MODE);
    for (const name of readdirSync(root)) restrictTree(join(root, name));
  } else if ((stat.mode & 0o777) !== FILE_MODE) {
    chmodSync(root, FILE_MODE);
  }
}

/**
 * Files and directories the embedded database creates from now on are owner-only. Process-wide
 * on purpose: PGlite keeps creating files (new tables, WAL segments) as long as it runs, and the
 * processes that run it (db:server, run.ts and the app and worker it spawns) want owner-only
 * files anyway (.data/ also holds recordings and secrets).
 */
export function restrictUmask(): void {
  try {
    process.umask(0o077);
  } catch (err) {
    // Worker threads cannot change the umask; restrictTree and PostgreSQL's own 0600 chmod of
    // the files it creates still apply.
    if ((err as NodeJS.ErrnoException).code !== "ERR_WORKER_UNSUPPORTED_OPERATION") throw err;
  }
}
