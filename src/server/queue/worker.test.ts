import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/server/logger";
import { notifyJobFailed, sendWelcomeNotification } from "~/server/notifications/notifications";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { waitFor } from "~/test/wait";
import { createTestServices } from "~/test/services";
import { createHandlers } from "../../../worker/jobs";
import { createBoss, sendJob, type Boss } from "./boss";
import { InvalidJobPayloadError } from "./jobs";
import { queueCounts } from "./stats";
import { startWorker, type DeadLetterHandler, type JobHandlers } from "./worker";

let t: TestDatabase;
let sender: Boss;
beforeAll(async () => {
  t = await startTestDatabase();
  sender = createBoss(t.url, "sender");
  await sender.start();
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.stop();
});

const welcomeJobs = async () =>
  (await queueCounts(t.db)).find((q) => q.queue === "notifications.welcome")?.counts;

describe("job registry", () => {
  it("rejects a payload that fails validation at send time and stores nothing", async () => {
    const before = await welcomeJobs();
    await expect(sendJob(sender, "notifications.welcome", { userId: "" })).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await expect(
      sendJob(sender, "notifications.welcome", { userId: 42 } as unknown as { userId: string }),
    ).rejects.toThrow(/userId/);
    expect(await welcomeJobs()).toEqual(before);
  });
});

/** A worker with one slot per queue polling every 0.5 s, the production handlers but `overrides`. */
function startOneSlotWorker(overrides: Partial<JobHandlers>, onDeadLetter: DeadLetterHandler = async () => undefined) {
  return startWorker({
    connectionString: t.url,
    db: t.db,
    logger,
    concurrency: 1,
    pollingIntervalSeconds: 0.5,
    heartbeatSeconds: 60,
    handlers: { ...createHandlers(createTestServices({ db: t.db })), ...overrides },
    onDeadLetter,
  });
}

describe("worker", () => {
  it("retries a handler that throws, then dead-letters the job and tells its owner", async () => {
    const user = await createTestUser(t.db);
    let attempts = 0;
    const worker = await startOneSlotWorker(
      {
        "notifications.welcome": async () => {
          attempts += 1;
          throw new Error("provider outage");
        },
      },
      (job, payload, { db }) => notifyJobFailed(db, job, payload),
    );
    try {
      // Same policy shape as production, with delays short enough for a test.
      await worker.boss.updateQueue("notifications.welcome", {
        retryLimit: 2,
        retryDelay: 1,
        retryBackoff: true,
        deadLetter: "notifications.welcome.dead",
      });
      await sendJob(sender, "notifications.welcome", { userId: user.id });
      const notice = await waitFor(
        () => t.db.notification.findFirst({ where: { userId: user.id, type: "job_failed" } }),
        { what: "the job_failed notification" },
      );
      expect(notice.title).toContain("notifications.welcome");
      expect(attempts).toBe(3);
      expect((await welcomeJobs())?.failed).toBeGreaterThanOrEqual(1);
      expect(await t.db.notification.count({ where: { userId: user.id, type: "welcome" } })).toBe(0);
    } finally {
      await worker.stop(5_000);
    }
  });

  it("a batched queue takes several jobs in one fetch, runs them side by side and retries only the one that failed", async () => {
    const ids = ["batch-a", "batch-b", "batch-c", "batch-d", "batch-bad"];
    const runs: string[] = [];
    let inFlight = 0;
    let most = 0;
    const worker = await startOneSlotWorker({
      "reminders.due": async ({ occurrenceId }) => {
        runs.push(occurrenceId);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 200));
        inFlight -= 1;
        if (occurrenceId === "batch-bad" && runs.filter((id) => id === occurrenceId).length === 1) throw new Error("first try fails");
      },
    });
    try {
      await worker.boss.updateQueue("reminders.due", { retryDelay: 1, retryBackoff: false });
      // Sent before the one slot's first fetch can take them one by one.
      await Promise.all(ids.map((occurrenceId) => sendJob(sender, "reminders.due", { occurrenceId })));
      await waitFor(async () => (runs.length === ids.length + 1 ? runs : null), { what: () => `six runs, saw ${runs.join(", ")}` });
      expect([...runs].sort()).toEqual([...ids, "batch-bad"].sort());
      // One slot, yet more than one job at a time: the batch ran side by side.
      expect(most).toBeGreaterThan(1);
      // Each job settled on its own: the four completed once, the failed one retried alone.
      type Row = { occurrenceId: string; state: string; retry_count: number };
      const jobs = await waitFor(
        async () => {
          const rows = await t.db.$queryRaw<Row[]>`
            SELECT data->>'occurrenceId' AS "occurrenceId", state::text AS state, retry_count FROM pgboss.job
            WHERE name = 'reminders.due' AND data->>'occurrenceId' LIKE 'batch-%'`;
          return rows.length === ids.length && rows.every((r) => r.state === "completed") ? rows : null;
        },
        { what: "every batch job completed" },
      );
      const bad = jobs.find((j) => j.occurrenceId === "batch-bad");
      expect(bad?.retry_count).toBe(1);
      expect(jobs.filter((j) => j.occurrenceId !== "batch-bad").every((j) => j.retry_count === 0)).toBe(true);
    } finally {
      await worker.stop(5_000);
    }
  });

  // A child process compiles and starts the whole worker: on a loaded 2-core machine that alone
  // has taken over 30 s, so this test has a longer budget than the others.
  it("processes a job sent by the web side in the worker process, then stops gracefully", { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", join(process.cwd(), "worker", "index.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        NODE_ENV: "test",
        LOG_LEVEL: "info",
        WORKER_HEARTBEAT_SECONDS: "1",
        WORKER_CONCURRENCY: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitFor(() => t.db.workerHeartbeat.findFirst(), { timeoutMs: 90_000, what: () => `a worker heartbeat; worker output:\n${output}` });

      // The same procedure the sign-up form calls, with the web side's job sender. Users exist
      // already, so sign-up is open only by the owner's choice.
      await t.db.appSettings.upsert({ where: { id: 1 }, create: { signupMode: "open" }, update: { signupMode: "open" } });
      const api = await callerFor(t.db, null, async () => sender);
      const user = await api.auth.signUp({ name: "Dee", email: "dee@example.com", password: "long enough" });
      const welcome = await waitFor(
        () => t.db.notification.findFirst({ where: { userId: user.id, type: "welcome" } }),
        { what: "the welcome notification" },
      );
      expect(welcome.title).toMatch(/Welcome/);
      // Idempotent: running the job again does not welcome twice.
      await sendWelcomeNotification(t.db, user.id);
      expect(await t.db.notification.count({ where: { userId: user.id, type: "welcome" } })).toBe(1);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("worker stopped");
    expect(await t.db.workerHeartbeat.count()).toBe(0);
  });
});
