import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { waitFor } from "~/test/wait";

const root = resolve(import.meta.dirname, "..");

let t: TestDatabase;
let envDir: string;
beforeAll(async () => {
  t = await startTestDatabase();
  envDir = mkdtempSync(join(tmpdir(), "switchboard-env-"));
});
afterAll(async () => {
  await t?.stop();
  if (envDir) rmSync(envDir, { recursive: true, force: true });
});

/** This process's environment without what vitest or the test set (the child must get it from files). */
function cleanEnvironment(): Record<string, string> {
  const source = Object.entries(process.env).filter(
    ([name, value]) => value !== undefined && !name.startsWith("VITEST") && name !== "DATABASE_URL" && name !== "NODE_ENV",
  );
  return Object.fromEntries(source) as Record<string, string>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once("exit", (code) => done(code)));
}

describe("load-env", () => {
  it("starts the worker from a .env file: .env.local overrides .env, real variables override both", async () => {
    writeFileSync(join(envDir, ".env"), [`DATABASE_URL=${t.url}`, "WORKER_CONCURRENCY=3", "LOG_LEVEL=warn", ""].join("\n"));
    writeFileSync(join(envDir, ".env.local"), "WORKER_CONCURRENCY=5\n");

    const child = spawn(process.execPath, ["--import", "tsx", join(root, "worker", "index.ts")], {
      cwd: root,
      // LOG_LEVEL=info here beats the file's warn; without it "worker started" would not be logged.
      env: { ...cleanEnvironment(), NODE_ENV: "development", SWITCHBOARD_ENV_DIR: envDir, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const beat = await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}):\n${output}`);
          return t.db.workerHeartbeat.findFirst({ where: { pid: child.pid } });
        },
        { timeoutMs: 45_000, what: "the worker's heartbeat in the .env database" },
      );
      expect(beat.pid).toBe(child.pid);

      // Logged right after the first heartbeat.
      const started = await waitFor(
        async () =>
          output
            .split("\n")
            .filter((line) => line.startsWith("{"))
            .map((line) => JSON.parse(line) as { msg?: string; concurrency?: number })
            .find((line) => line.msg === "worker started"),
        { timeoutMs: 10_000, what: "the worker's start line" },
      );
      expect(started.concurrency).toBe(5);

      child.kill("SIGTERM");
      expect(await exited(child)).toBe(0);
      expect(await t.db.workerHeartbeat.count({ where: { pid: child.pid } })).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
