import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { createBoss, sendJob, type Boss } from "~/server/queue/boss";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { startFakeAnthropic, type FakeAnthropic } from "~/test/fakes/anthropic";
import { createTranscribedCall } from "~/test/transcribed-call";
import { exited, waitFor } from "~/test/wait";

/**
 * The real worker process (`worker/index.ts`, as `npm run worker` starts it) is killed with
 * SIGKILL in the middle of `call.analyze`; a new one finishes the call with exactly one set of
 * tasks and segments.
 */

let t: TestDatabase;
let anthropic: FakeAnthropic;
let sender: Boss;
let dir: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  t = await startTestDatabase();
  anthropic = await startFakeAnthropic();
  sender = createBoss(t.url, "sender");
  await sender.start();
  dir = mkdtempSync(join(tmpdir(), "switchboard-crash-"));
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
  await sender?.stop({ graceful: false });
  await anthropic?.close();
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startWorkerProcess(): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which a
  // SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: t.url,
      ANTHROPIC_API_KEY: anthropic.apiKey,
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      DEEPGRAM_API_KEY: "",
      VOYAGE_API_KEY: "",
      TELNYX_API_KEY: "",
      RECORDINGS_DIR: dir,
      WORKER_CONCURRENCY: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  workers.push(child);
  return child;
}

it("finishes a call after the worker is killed mid-analysis, with one set of tasks and segments", { timeout: 120_000 }, async () => {
  const user = await createTestUser(t.db);
  const contact = await t.db.contact.create({ data: { userId: user.id, firstName: "Sam", phones: ["+13125550111"] } });
  const call = await createTranscribedCall(t.db, { userId: user.id, contactId: contact.id }, [
    "Hi Sam, thanks for picking up.",
    "Sure. I'll send you the contract by Friday.",
  ]);

  // Claude "thinks" for a minute: the worker is surely inside call.analyze when it is killed.
  anthropic.latencyMs = 60_000;
  const first = startWorkerProcess();
  await sendJob(sender, "call.analyze", { callId: call.id, userId: user.id });
  await waitFor(async () => anthropic.messages().length >= 1, { what: "the analysis request", timeoutMs: 60_000 });
  expect((await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).analyzeStatus).toBe("running");
  first.kill("SIGKILL");
  await exited(first);

  anthropic.latencyMs = 0;
  const second = startWorkerProcess();
  const done = await waitFor(
    async () => {
      const row = await t.db.call.findUniqueOrThrow({ where: { id: call.id } });
      return row.embedStatus === "succeeded" ? row : null;
    },
    { what: "the call to finish after the restart", timeoutMs: 90_000 },
  );
  second.kill("SIGTERM");
  await exited(second);

  const items = done.actionItems as Prisma.JsonArray;
  expect(items.length).toBeGreaterThan(0);
  const tasks = await t.db.task.findMany({ where: { callId: call.id } });
  expect(tasks).toHaveLength(items.length);
  expect(new Set(tasks.map((task) => task.actionItemIndex)).size).toBe(items.length);
  expect(done.transcriptSegments).toEqual(call.transcriptSegments);
  expect((done.processingDetails as { analyze: { attempts: number } }).analyze.attempts).toBe(2);
});
