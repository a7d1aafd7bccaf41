/**
 * The data directory lock: one process per embedded database directory, refused in one line
 * naming the holder before PGlite opens a file; a lock left by a dead process is taken over.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirLockedError, commandLine, lockDataDir, lockFileFor, processStartTime } from "./data-dir-lock";
import { startEmbeddedPostgres } from "./server";

const lockModule = join(import.meta.dirname, "data-dir-lock.ts");
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sb-lock-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function freshDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnTsx(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A separate process that takes the lock on `dir` and prints its outcome. */
function lockInChild(dir: string, holdMs: number): Child {
  const script =
    `import { lockDataDir } from ${JSON.stringify(lockModule)};` +
    `try { await lockDataDir(${JSON.stringify(dir)}); console.log("locked"); setTimeout(() => {}, ${holdMs}); }` +
    `catch (err) { console.log(err.name === "DataDirLockedError" ? "refused" : "error " + err.message); process.exitCode = 3; }`;
  return spawnTsx(["--input-type=module", "-e", script]);
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The pid of a process that has exited (so certainly not alive, and unlikely to be reused soon). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((r) => child.on("exit", r));
  return child.pid!;
}

describe("a second process on the same data directory", () => {
  it("is refused before PGlite opens a file, naming the process that holds it; the holder's lock is taken over once it dies", async () => {
    const dir = freshDir("held-by-child");
    const holder = lockInChild(dir, 120_000);
    try {
      await until("the child to take the lock", () => holder.output().includes("locked"));
      const started = Date.now();
      const refused = await startEmbeddedPostgres({ port: 0, dataDir: dir }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(DataDirLockedError);
      const message = (refused as Error).message;
      expect(message).not.toContain("\n");
      expect(message).toContain(`in use by process ${holder.child.pid} (`);
      expect(message).toContain(commandLine(holder.child.pid!)!);
      expect(message).toContain(dir);
      // Refused without opening PGlite (which takes seconds and would create its files).
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      holder.child.kill("SIGKILL");
      await holder.exited;
    }

    // SIGKILL left the lock file behind; its process is gone, so the lock is stale.
    expect(existsSync(lockFileFor(dir))).toBe(true);
    const server = await startEmbeddedPostgres({ port: 0, dataDir: dir });
    try {
      const owner = JSON.parse(readFileSync(lockFileFor(dir), "utf8")) as { pid: number };
      expect(owner.pid).toBe(process.pid);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      await client.end();

      // The same process cannot open it twice either.
      await expect(startEmbeddedPostgres({ port: 0, dataDir: dir })).rejects.toThrow(
        `in use by process ${process.pid}`,
      );

      // npm run db:server on it: one line on stderr naming this process, exit code 1.
      const dbServer = spawnTsx([join(process.cwd(), "scripts", "db-server.ts")], {
        EMBEDDED_DB_DIR: dir,
        EMBEDDED_DB_PORT: "0",
      });
      expect(await dbServer.exited).toBe(1);
      const lines = dbServer.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`in use by process ${process.pid}`);
    } finally {
      await server.stop();
    }
    // A clean stop releases it.
    expect(existsSync(lockFileFor(dir))).toBe(false);
  }, 180_000);
});

describe("lockDataDir", () => {
  it("takes over a lock whose pid is dead, or alive but started at another time (a reused pid)", async () => {
    const dir = freshDir("stale");
    const path = lockFileFor(dir);
    const stale = { pid: await deadPid(), startTime: null, hostname: "h", token: "t1", acquiredAt: "" };
    writeFileSync(path, JSON.stringify(stale));
    const first = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(path, "utf8")).token).toBe(first.owner.token);
    first.release();
    expect(existsSync(path)).toBe(false);

    // The parent's pid is alive; recorded with a different start time it is another process.
    const parentStart = processStartTime(process.ppid);
    if (parentStart !== null) {
      writeFileSync(path, JSON.stringify({ ...stale, pid: process.ppid, startTime: `${parentStart}0`, token: "t2" }));
      const second = await lockDataDir(dir);
      expect(second.owner.pid).toBe(process.pid);
      second.release();
      // With its real start time it is the live holder.
      writeFileSync(path, JSON.stringify({ ...stale, pid: process.ppid, startTime: parentStart, token: "t3" }));
      await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    }
  });

  it("gives a stale lock to exactly one of several processes started together", async () => {
    const dir = freshDir("race");
    writeFileSync(
      lockFileFor(dir),
      JSON.stringify({ pid: await deadPid(), startTime: null, hostname: "h", token: "dead", acquiredAt: "" }),
    );
    const racers = Array.from({ length: 4 }, () => lockInChild(dir, 120_000));
    try {
      await until("every racer's outcome", () => racers.every((r) => /locked|refused|error/.test(r.output())), 90_000);
      const outcomes = racers.map((r) => r.output().trim()).sort();
      expect(outcomes).toEqual(["locked", "refused", "refused", "refused"]);
      const winner = racers.find((r) => r.output().includes("locked"))!;
      expect(JSON.parse(readFileSync(lockFileFor(dir), "utf8")).pid).toBe(winner.child.pid);
      // No takeover guard or temporary file is left behind.
      expect(readdirSync(root).filter((f) => f.startsWith("race"))).toEqual(["race", "race.lock"]);
    } finally {
      for (const r of racers) r.child.kill("SIGKILL");
      await Promise.all(racers.map((r) => r.exited));
    }
  }, 120_000);

  it("writes the lock file owner-only and never follows it into the data directory", async () => {
    const dir = freshDir("modes");
    const lock = await lockDataDir(dir);
    try {
      expect(lock.path).toBe(`${realpathSync(dir)}.lock`);
      expect(statSync(lock.path).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      lock.release();
    }
  });
});
