import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingMigrations } from "~/server/db/migrator";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { checkHealth } from "./health";
import { recordHeartbeat } from "./queue/heartbeat";

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const worker = { id: "test-worker", pid: 1, hostname: "test", startedAt: new Date() };
const health = (now = new Date()) =>
  checkHealth({
    db: t.db,
    pendingMigrations: () => pendingMigrations(t.url),
    workerStaleAfterSeconds: 60,
    now: () => now,
  });

describe("health", () => {
  it("names the worker when no worker has ever reported", async () => {
    const report = await health();
    expect(report.status).toBe("unhealthy");
    expect(report.failing).toEqual(["worker"]);
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.migrations).toMatchObject({ ok: true, pending: [] });
  });

  it("is ok with a fresh heartbeat, and reports queue depth by state", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const report = await health();
    expect(report).toMatchObject({ status: "ok", failing: [] });
    const welcome = report.checks.queue.queues?.find((q) => q.queue === "notifications.welcome");
    expect(welcome?.counts).toMatchObject({ created: 0, active: 0, failed: 0 });
  });

  it("names the worker when its heartbeat is stale", async () => {
    await recordHeartbeat(t.db, worker, new Date(Date.now() - 5 * 60_000));
    const report = await health();
    expect(report.failing).toEqual(["worker"]);
    expect(report.checks.worker.ageSeconds).toBeGreaterThanOrEqual(300);
    expect(report.checks.worker.error).toMatch(/stale/);
  });

  it("names migrations when one is pending", async () => {
    await recordHeartbeat(t.db, worker, new Date());
    const report = await checkHealth({
      db: t.db,
      pendingMigrations: async () => ["20990101000000_future"],
      workerStaleAfterSeconds: 60,
    });
    expect(report.failing).toEqual(["migrations"]);
  });
});
