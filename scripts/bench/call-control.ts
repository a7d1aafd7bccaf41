/**
 * Ring-to-answer benchmark, on the embedded database and (BENCH_DATABASE_URL) a real PostgreSQL:
 * BENCH_CALL_CONTROL_CALLS (100) signed `call.initiated` webhooks for a user's Telnyx number,
 * POSTed through the route's own function (handleTelnyxWebhookRequest with the container's
 * ingestDeps) BENCH_CALL_CONTROL_AT_ONCE (10) at a time, each call timed from the POST starting
 * to the answer command for its leg reaching a fake Telnyx API (the real SDK against
 * src/test/fakes/telnyx-api.ts, timed by its request hook). Reports p50/p95/p99/max against the
 * goal (p50 ≤ 100 ms, p99 ≤ 300 ms), the time to the 200, and how many events found no inline
 * slot and went to the worker (a real one runs beside, as in production, so those still get
 * answered; the goal is that none do).
 * Run alone: `npm run bench -- call-control`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { env } from "../../src/env";
import { createDb, type Db } from "../../src/server/db";
import pino from "pino";
import { createLogger } from "../../src/server/logger";
import { createBoss, installQueues } from "../../src/server/queue/boss";
import { startWorker } from "../../src/server/queue/worker";
import { createServices } from "../../src/server/services";
import { createLocalStorage } from "../../src/server/storage";
import { createTelnyxProvider } from "../../src/server/telephony/provider";
import { handleTelnyxWebhookRequest, ingestDeps } from "../../src/server/webhooks/http";
import { createInlineSlots, INLINE_MAX_AT_ONCE } from "../../src/server/webhooks/inline";
import { actionName, startFakeTelnyxApi, type RecordedRequest } from "../../src/test/fakes/telnyx-api";
import { CallLeg, generateTelnyxKeyPair, signWebhook } from "../../src/test/fakes/telnyx-webhooks";
import { createHandlers, onDeadLetter } from "../../worker/jobs";
import { onEachBenchDatabase, type BenchDatabase } from "./databases";
import { percentile, round } from "./stats";

const CALLS = Number(process.env.BENCH_CALL_CONTROL_CALLS ?? 100);
const AT_ONCE = Number(process.env.BENCH_CALL_CONTROL_AT_ONCE ?? 10);
const WARMUP_CALLS = 5;
const ANSWER_TIMEOUT_MS = 30_000;
const NUMBER = "+14155552001";
const url = "http://localhost/api/webhooks/telnyx/voice";

function summary(sorted: number[]) {
  const at = (p: number) => round(percentile(sorted, p), 1);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted.at(-1) ?? 0, 1) };
}

async function benchOn(database: BenchDatabase): Promise<Record<string, unknown>> {
  // Each leg's answer command, as the fake Telnyx records it.
  const waiting = new Map<string, (at: number) => void>();
  const onRequest = (request: RecordedRequest) => {
    if (actionName(request) !== "answer") return;
    const leg = request.path.match(/^\/v2\/calls\/([^/]+)\/actions\//)?.[1];
    if (leg) waiting.get(leg)?.(performance.now());
  };
  const api = await startFakeTelnyxApi({ onRequest });
  // Every Prisma operation timed by kind (model.operation, or $queryRaw...): which statements a
  // call waits on. Wall time per await, so it includes waiting for a pooled connection.
  const operations = new Map<string, { count: number; ms: number }>();
  const db = createDb(database.url, { max: 10 }).$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const started = performance.now();
        try {
          return await query(args);
        } finally {
          const key = `${model ?? ""}${model ? "." : ""}${operation}`;
          const entry = operations.get(key) ?? { count: 0, ms: 0 };
          entry.count += 1;
          entry.ms += performance.now() - started;
          operations.set(key, entry);
        }
      },
    },
  }) as unknown as Db;
  // When processing calls telephony.answer: splits the answer latency into ours and the SDK's.
  const answerCalledAt = new Map<string, number>();
  const telnyx = createTelnyxProvider({ apiKey: api.apiKey, baseURL: api.baseURL, timeoutMs: 5_000, maxRetries: 0 });
  const telephony = {
    ...telnyx,
    answer: (callControlId: string, params: { clientState: string; commandId: string }) => {
      answerCalledAt.set(callControlId, performance.now());
      return telnyx.answer(callControlId, params);
    },
  };
  const sender = createBoss(database.url, "sender");
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-call-control-"));
  // Warnings on stderr: stdout is the benchmark's JSON.
  const quiet = createLogger({ level: "warn", destination: pino.destination(2) });
  const services = createServices(env, {
    db,
    jobs: async () => sender,
    telephony,
    storage: createLocalStorage(dir),
    voice: null,
    logger: quiet,
  });
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    await sender.start();
    await installQueues(sender);
    // The worker only runs what the web process did not take (no inline slot, or a fallback).
    worker = await startWorker({
      connectionString: database.url,
      db,
      logger: quiet,
      handlers: createHandlers(services),
      onDeadLetter,
      concurrency: env.WORKER_CONCURRENCY,
      pollingIntervalSeconds: 2,
      heartbeatSeconds: 30,
    });
    const user = await db.user.create({ data: { email: "bench@example.test", name: "Bench", passwordHash: "x" } });
    await db.phoneNumber.create({
      data: { userId: user.id, e164: NUMBER, connectionId: "1684641123236054244", messagingProfileId: null, isDefault: true },
    });

    const keys = generateTelnyxKeyPair();
    const routeDeps = { ...ingestDeps(services, "voice"), publicKey: keys.publicKeyBase64 };
    // BENCH_CALL_CONTROL_INLINE_SLOTS tries another per-process limit than production's.
    const slots = process.env.BENCH_CALL_CONTROL_INLINE_SLOTS ? createInlineSlots(Number(process.env.BENCH_CALL_CONTROL_INLINE_SLOTS)) : routeDeps.inline!;
    let noSlot = 0;
    const deps = {
      ...routeDeps,
      inline: {
        fallbackSeconds: slots.fallbackSeconds,
        processing: slots.processing,
        claim() {
          const release = slots.claim();
          if (!release) noSlot++;
          return release;
        },
      },
    };

    let callNumber = 0;
    const oneCall = async () => {
      const n = callNumber++;
      const caller = new CallLeg({ from: `+1312555${String(1000 + n).padStart(4, "0")}`, to: NUMBER, direction: "incoming" });
      const signed = signWebhook(keys, caller.initiated(new Date()));
      let timer: NodeJS.Timeout | undefined;
      const answered = new Promise<number>((resolve, reject) => {
        waiting.set(caller.callControlId, resolve);
        timer = setTimeout(() => reject(new Error(`no answer command for call ${n} within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
      });
      const started = performance.now();
      const response = await handleTelnyxWebhookRequest(new Request(url, { method: "POST", body: signed.rawBody, headers: signed.headers }), "voice", deps);
      const to200 = performance.now() - started;
      if (response.status !== 200) throw new Error(`call ${n}: webhook answered ${response.status}`);
      try {
        const at = await answered;
        return { to200, toAnswer: at - started, toAnswerCall: (answerCalledAt.get(caller.callControlId) ?? at) - started };
      } finally {
        clearTimeout(timer);
        waiting.delete(caller.callControlId);
      }
    };

    for (let i = 0; i < WARMUP_CALLS; i++) await oneCall();
    noSlot = 0;
    operations.clear();
    console.error(`  call-control [${database.engine}]: ${CALLS} calls, ${AT_ONCE} at once…`);
    const toAnswer: number[] = [];
    const to200: number[] = [];
    const toAnswerCall: number[] = [];
    let remaining = CALLS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (remaining > 0) {
          remaining--;
          const timing = await oneCall();
          toAnswer.push(timing.toAnswer);
          to200.push(timing.to200);
          toAnswerCall.push(timing.toAnswerCall);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    toAnswer.sort((a, b) => a - b);
    to200.sort((a, b) => a - b);
    toAnswerCall.sort((a, b) => a - b);
    const slowest = [...operations.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 12)
      .map(([operation, { count, ms }]) => ({ operation, perCall: round(count / CALLS, 2), msEach: round(ms / count, 2), msPerCall: round(ms / CALLS, 1) }));
    const answers = api.requests.filter((r) => actionName(r) === "answer").length;
    const answerSummary = summary(toAnswer);
    return {
      engine: database.engine,
      server: database.server,
      calls: CALLS,
      atOnce: AT_ONCE,
      seconds: round(seconds, 2),
      postToAnswerMs: answerSummary,
      postTo200Ms: summary(to200),
      // From the POST to processing calling telephony.answer (the rest is the SDK's HTTP request).
      postToAnswerCallMs: summary(toAnswerCall),
      prismaOperationsPerCall: round([...operations.values()].reduce((n, o) => n + o.count, 0) / CALLS, 1),
      slowestOperations: slowest,
      goalMs: { p50: 100, p99: 300 },
      meetsGoal: answerSummary.p50 <= 100 && answerSummary.p99 <= 300,
      // Events that found every inline slot taken: queued for the worker at once instead.
      inlineSlots: Number(process.env.BENCH_CALL_CONTROL_INLINE_SLOTS ?? INLINE_MAX_AT_ONCE),
      viaWorkerNoInlineSlot: noSlot,
      answerCommandsSent: answers,
      expectedAnswerCommands: CALLS + WARMUP_CALLS,
    };
  } finally {
    await worker?.stop(10_000).catch(() => undefined);
    await sender.stop({ graceful: false }).catch(() => undefined);
    await db.$disconnect();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCallControl(): Promise<Record<string, unknown>> {
  const engines = await onEachBenchDatabase(benchOn);
  return {
    benchmark: "call-control",
    via: "handleTelnyxWebhookRequest (the route's function, called in process with a Request) with ingestDeps: the web process's inline processing; the answer timed at a fake Telnyx API reached over HTTP by the real SDK",
    engines,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchCallControl(), null, 2));
}
