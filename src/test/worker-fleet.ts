import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "~/server/db";
import { createBoss, sendJob } from "~/server/queue/boss";
import { startFakeAnthropic, userPrompt, type FakeAnthropic, type MessagesRequest } from "./fakes/anthropic";
import { createTranscribedCall } from "./transcribed-call";
import { exited, waitFor } from "./wait";

/** waitFor with this rig's polling and a message that carries the workers' output. */
const until = <T>(check: () => Promise<T>, timeoutMs: number, what: () => string) => waitFor(check, { timeoutMs, intervalMs: 100, what });

/**
 * Several real worker processes (`worker/index.ts`, as `npm run worker` starts them) on one
 * database, one of them SIGKILLed in the middle of its jobs: the rig behind the several-workers
 * test and the `recovery` benchmark.
 *
 * Each worker talks to a fake Anthropic of its own, so the fakes tell which worker holds which
 * call's analysis. The victim's fake never answers (its worker is surely mid-job when killed);
 * the others answer after `providerLatencyMs`. Calls are already transcribed and get one
 * `call.analyze` job each; a call is done when its last stage (embed, local) succeeded.
 */

export interface KillOneWorkerOptions {
  url: string;
  db: Db;
  workers?: number;
  calls?: number;
  /** Jobs of one queue each worker runs at once (WORKER_CONCURRENCY). */
  concurrency?: number;
  /** How long the surviving workers' fake Anthropic takes to answer. */
  providerLatencyMs?: number;
  /** How long to wait for the workers to start (they compile TypeScript on start). */
  startTimeoutMs?: number;
  /** How long to wait, after the kill, for every call to finish. */
  finishTimeoutMs?: number;
  progress?: (message: string) => void;
}

export interface CallOutcome {
  callId: string;
  /** Whether the victim was analysing it when it was killed. */
  orphaned: boolean;
  /** Attempts the pipeline counted for its analysis. */
  attempts: number;
  /** Analysis requests it caused at every fake Anthropic together. */
  requests: number;
  tasks: number;
  actionItems: number;
  /** Milliseconds from the kill to its analysis being stored (negative: before the kill). */
  analyzedAfterKillMs: number;
}

export interface KillOneWorkerResult {
  workers: number;
  calls: number;
  concurrency: number;
  /** Milliseconds from sending the jobs to the kill. */
  killedAfterMs: number;
  outcomes: CallOutcome[];
  /** Milliseconds from the kill to the last orphaned analysis stored elsewhere. */
  recoveryMs: number;
  /** Milliseconds from the kill to every call done. */
  allDoneMs: number;
  survivors: { alive: boolean; beatAfterKill: boolean; requestsAfterKill: number }[];
  /** Everything the workers printed (warnings and errors), for a failure's message. */
  output: string;
}

const workerEntry = fileURLToPath(new URL("../../worker/index.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The call a prompt is about: each transcript names its call's marker. */
const markerOf = (prompt: string) => /\bticket R-(\d+)\b/.exec(prompt)?.[1];

/**
 * One real worker process on `url`, as `npm run worker` starts it, with no provider keys but
 * those in `env`; what it prints goes to `collect`, each line tagged.
 */
export function spawnWorker(url: string, env: Record<string, string>, tag: string, collect: (text: string) => void): ChildProcess {
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which a
  // SIGKILL of the CLI would leave running.
  const child = spawn(process.execPath, ["--import", "tsx", workerEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: url,
      ANTHROPIC_API_KEY: "",
      DEEPGRAM_API_KEY: "",
      VOYAGE_API_KEY: "",
      ELEVENLABS_API_KEY: "",
      TELNYX_API_KEY: "",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tagged = (chunk: Buffer) => collect(chunk.toString().replace(/^(?=.)/gm, tag));
  child.stdout!.on("data", tagged);
  child.stderr!.on("data", tagged);
  return child;
}

export async function killOneWorkerMidJob(options: KillOneWorkerOptions): Promise<KillOneWorkerResult> {
  const { url, db } = options;
  const count = options.workers ?? 3;
  const calls = options.calls ?? 12;
  const concurrency = options.concurrency ?? 2;
  const progress = options.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-fleet-"));
  const fakes: FakeAnthropic[] = [];
  const children: ChildProcess[] = [];
  let output = "";
  const sender = createBoss(url, "sender");
  try {
    for (let i = 0; i < count; i++) fakes.push(await startFakeAnthropic({ latencyMs: i === 0 ? 10 * 60_000 : (options.providerLatencyMs ?? 2_000) }));
    const victimFake = fakes[0]!;

    for (const fake of fakes) {
      const tag = `[worker ${children.length}${children.length === 0 ? ", the victim" : ""}] `;
      const env = {
        ANTHROPIC_API_KEY: fake.apiKey,
        ANTHROPIC_BASE_URL: fake.baseUrl,
        RECORDINGS_DIR: dir,
        WORKER_CONCURRENCY: String(concurrency),
      };
      children.push(spawnWorker(url, env, tag, (text) => (output += text)));
    }
    const tail = () => `\n--- worker output ---\n${output.slice(-6000)}`;
    progress(`starting ${count} workers…`);
    await until(async () => (await db.workerHeartbeat.count()) >= count, options.startTimeoutMs ?? 180_000, () => `${count} worker heartbeats${tail()}`);
    const heartbeats = await db.workerHeartbeat.findMany();
    const victimPid = children[0]!.pid!;
    if (!heartbeats.some((w) => w.pid === victimPid)) throw new Error(`The victim's heartbeat is missing${tail()}`);

    const user = await db.user.create({ data: { email: `fleet-${Date.now()}@example.test`, name: "Fleet", passwordHash: "x" } });
    const contact = await db.contact.create({ data: { userId: user.id, firstName: "Sam", phones: ["+13125550111"] } });
    const callIds: string[] = [];
    for (let n = 0; n < calls; n++) {
      const call = await createTranscribedCall(db, { userId: user.id, contactId: contact.id }, [
        `Hi Sam, about ticket R-${n}.`,
        `Sure. I'll send you contract ${n} by Friday.`,
      ]);
      callIds.push(call.id);
    }

    await sender.start();
    progress(`sending ${calls} call.analyze jobs…`);
    const sentAt = Date.now();
    for (const callId of callIds) await sendJob(sender, "call.analyze", { callId, userId: user.id });

    // The victim's fake never answers, so whatever it was asked is in flight when it dies. A
    // moment more lets it take up to its concurrency.
    await until(async () => victimFake.messages().length > 0, 60_000, () => `the victim's first analysis request${tail()}`);
    await sleep(1_000);
    const orphanMarkers = new Set(victimFake.prompts().map(markerOf));
    children[0]!.kill("SIGKILL");
    const killedAt = Date.now();
    await exited(children[0]!);
    const requestsAtKill = fakes.map((fake) => fake.messages().length);
    progress(`killed the victim with ${orphanMarkers.size} analysis job(s) in flight; waiting for every call…`);

    await until(
      async () => {
        const failed = await db.call.count({ where: { id: { in: callIds }, OR: [{ analyzeStatus: "failed" }, { embedStatus: "failed" }] } });
        if (failed) throw new Error(`${failed} call(s) failed in the pipeline${tail()}`);
        return (await db.call.count({ where: { id: { in: callIds }, embedStatus: "succeeded" } })) === calls;
      },
      options.finishTimeoutMs ?? 180_000,
      () => `every call to finish after the kill${tail()}`,
    );
    const allDoneMs = Date.now() - killedAt;

    const rows = await db.call.findMany({
      where: { id: { in: callIds } },
      select: { id: true, transcriptText: true, actionItems: true, processingDetails: true, _count: { select: { tasks: true } } },
    });
    const prompts = fakes.flatMap((fake) => fake.messages().map((r) => userPrompt(r.json as MessagesRequest)));
    const outcomes = rows.map((row): CallOutcome => {
      const marker = markerOf(row.transcriptText ?? "");
      const analyze = (row.processingDetails as { analyze: { attempts: number; finishedAt: string } }).analyze;
      return {
        callId: row.id,
        orphaned: orphanMarkers.has(marker),
        attempts: analyze.attempts,
        requests: prompts.filter((prompt) => markerOf(prompt) === marker).length,
        tasks: row._count.tasks,
        actionItems: (row.actionItems as unknown[] | null)?.length ?? 0,
        analyzedAfterKillMs: Date.parse(analyze.finishedAt) - killedAt,
      };
    });
    const beats = await db.workerHeartbeat.findMany();
    const survivors = children.slice(1).map((child, i) => ({
      alive: child.exitCode === null && child.signalCode === null,
      beatAfterKill: beats.some((w) => w.pid === child.pid && w.beatAt.getTime() > killedAt),
      requestsAfterKill: fakes[i + 1]!.messages().length - requestsAtKill[i + 1]!,
    }));
    return {
      workers: count,
      calls,
      concurrency,
      killedAfterMs: killedAt - sentAt,
      outcomes,
      recoveryMs: Math.max(...outcomes.filter((o) => o.orphaned).map((o) => o.analyzedAfterKillMs)),
      allDoneMs,
      survivors,
      output,
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([Promise.all(children.map(exited)), sleep(15_000)]);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await Promise.all(children.map(exited));
    await sender.stop({ graceful: false }).catch(() => undefined);
    await Promise.all(fakes.map((fake) => fake.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
