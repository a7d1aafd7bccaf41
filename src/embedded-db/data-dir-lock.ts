/**
 * An exclusive lock on an embedded database's data directory, taken before PGlite opens a file.
 *
 * PGlite is one PostgreSQL backend with no shared memory between processes: two processes on
 * one directory each believe they own every file, and acknowledged commits are lost or the
 * database is corrupted. PostgreSQL itself prevents this with postmaster.pid; PGlite's own
 * postmaster.pid carries an emulated pid and is not checked, so we keep our own lock file.
 *
 * The lock is the file `<dataDir>.lock` beside the directory (so `.data/pglite.lock`), not
 * inside it: PGlite's dumpDataDir/loadDataDir copy the directory's contents, and a lock file
 * carried into a copy would name a process that never opened it.
 *
 * Why a pid file and not a library: proper-lockfile (already a transitive dependency) decides
 * staleness by an mtime it refreshes on a timer, and PGlite runs queries synchronously in WASM,
 * so a long migration blocks the event loop past any staleness window and the lock would be
 * stolen from a live process. A pid can be checked exactly: a lock whose process is gone (or
 * whose pid now belongs to a process started later) is stale and is taken over.
 *
 * Atomicity: the lock file is written completely under a temporary name and then hard-linked
 * to its final name (link fails with EEXIST if the lock exists), so a reader never sees a
 * half-written lock. Taking over a stale lock is serialized by a second exclusive file,
 * `<lock>.takeover`, so two processes that both found the same stale lock cannot both win.
 */
import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

export interface LockOwner {
  pid: number;
  /** Kernel start time of the process (Linux /proc/<pid>/stat field 22), null elsewhere. */
  startTime: string | null;
  /** For people reading the file; not used to decide (a recreated container has a new hostname). */
  hostname: string;
  /** Distinguishes two acquisitions by the same process. */
  token: string;
  acquiredAt: string;
}

export interface DataDirLock {
  /** The lock file. */
  path: string;
  owner: LockOwner;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Another live process holds the data directory. `message` is one line naming it. */
export class DataDirLockedError extends Error {
  readonly code = "EMBEDDED_DB_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly holder: LockOwner,
    readonly holderCommand: string | null,
  ) {
    const who = `process ${holder.pid}${holderCommand ? ` (${holderCommand})` : ""}`;
    super(
      `The embedded database directory ${dataDir} is in use by ${who}. ` +
        "Stop that process first, or set EMBEDDED_DB_DIR to another directory (or DATABASE_URL to your own PostgreSQL).",
    );
    this.name = "DataDirLockedError";
  }
}

export function lockFileFor(dataDir: string): string {
  return `${realpathSync(dataDir)}.lock`;
}

/** Locks `dataDir` (which must exist) for this process, or throws DataDirLockedError. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = lockFileFor(dataDir);
  const owner: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    hostname: hostname(),
    token: randomBytes(8).toString("hex"),
    acquiredAt: new Date().toISOString(),
  };
  const content = JSON.stringify(owner) + "\n";

  for (let attempt = 0; attempt < 50; attempt++) {
    if (createExclusive(path, content)) return held(path, owner);
    const current = readOwner(path);
    if (current === "missing") continue; // released meanwhile: try again
    if (current !== "unreadable" && isAlive(current)) {
      throw new DataDirLockedError(dataDir, current, commandLine(current.pid));
    }
    // Stale (its process is gone) or unreadable (not a lock we wrote): take it over.
    const takeover = await takeOver(path, current, content);
    if (takeover === "taken") return held(path, owner);
    // "changed": another process took it first; look again.
  }
  throw new Error(`Could not lock the embedded database directory ${dataDir}: ${path} keeps changing`);
}

/** Every lock this process holds, removed on exit (a normal exit or process.exit()). */
const heldLocks = new Map<string, string>();
let exitHookInstalled = false;

function held(path: string, owner: LockOwner): DataDirLock {
  heldLocks.set(path, owner.token);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const [lockPath, token] of heldLocks) removeIfOurs(lockPath, token);
    });
  }
  let released = false;
  return {
    path,
    owner,
    release() {
      if (released) return;
      released = true;
      heldLocks.delete(path);
      removeIfOurs(path, owner.token);
    },
  };
}

function removeIfOurs(path: string, token: string): void {
  const current = readOwner(path);
  if (typeof current === "object" && current.token === token) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

/** Creates `path` with `content` only if it does not exist; false if it does. */
function createExclusive(path: string, content: string): boolean {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeNew(temp, content);
  try {
    linkSync(temp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Filesystems without hard links (some FUSE and network mounts): exclusive create instead.
    // Its content appears a moment after the file; readOwner tolerates that.
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS" || code === "EOPNOTSUPP") {
      try {
        writeNew(path, content);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw e;
      }
    }
    throw err;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean
    }
  }
}

function writeNew(path: string, content: string): void {
  const fd = openSync(path, "wx", 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

type ReadResult = LockOwner | "missing" | "unreadable";

function readOwner(path: string): ReadResult {
  // A lock created by the no-hard-link fallback is empty for a moment: read it again shortly.
  for (let tries = 0; ; tries++) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return "missing";
      throw err;
    }
    const owner = parseOwner(text);
    if (owner) return owner;
    if (tries >= 20) return "unreadable";
    sleepSync(10);
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== "number" || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    if (typeof value.token !== "string" || typeof value.hostname !== "string") return null;
    return {
      pid: value.pid,
      startTime: typeof value.startTime === "string" ? value.startTime : null,
      hostname: value.hostname,
      token: value.token,
      acquiredAt: typeof value.acquiredAt === "string" ? value.acquiredAt : "",
    };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's process still runs: its pid exists and, where /proc tells, it started when
 * the lock says (a live pid with another start time is a later process that reused the pid, as
 * pid 1 does in every new container). Like PostgreSQL's postmaster.pid, this protects a data
 * directory on one machine, not one shared over a network filesystem.
 */
function isAlive(owner: Pick<LockOwner, "pid" | "startTime">): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.startTime === null) return true;
  const now = processStartTime(owner.pid);
  return now === null || now === owner.startTime;
}

async function takeOver(path: string, seen: LockOwner | "unreadable", content: string): Promise<"taken" | "changed"> {
  const guard = `${path}.takeover`;
  const guardContent = JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid) });
  for (let waited = 0; ; waited += 20) {
    try {
      writeNew(guard, guardContent);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // Held only for the few milliseconds of a takeover; a guard left by a process that died
      // in between is removed (an empty one is being written: it gets time to be).
      const other = readOwnerGuard(guard);
      if ((other !== null && !isAlive(other)) || waited > 2000) {
        try {
          unlinkSync(guard);
        } catch {
          // removed by its owner meanwhile
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  try {
    const now = readOwner(path);
    const unchanged =
      now === "missing" || (now === "unreadable" && seen === "unreadable") || (typeof now === "object" && typeof seen === "object" && now.token === seen.token);
    if (!unchanged) return "changed";
    if (now !== "missing") unlinkSync(path);
    return createExclusive(path, content) ? "taken" : "changed";
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      // gone already
    }
  }
}

function readOwnerGuard(path: string): Pick<LockOwner, "pid" | "startTime"> | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<LockOwner>;
    if (typeof value.pid !== "number") return null;
    return { pid: value.pid, startTime: typeof value.startTime === "string" ? value.startTime : null };
  } catch {
    return null;
  }
}

/** Start time of a process in clock ticks since boot (Linux), or null where /proc is absent. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

/** A process's command line from /proc/<pid>/cmdline (Linux), shortened; null if unreadable. */
export function commandLine(pid: number): string | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const text = raw.split("\0").filter(Boolean).join(" ").trim();
    if (!text) return null;
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
