/**
 * Recording pipeline benchmark: calls go through every stage (fetch -> transcribe -> analyze ->
 * embed, plus the contact rescore) on the embedded database, with the real SDKs against local
 * fake providers that answer after fixed latencies (BENCH_PIPELINE_* below: Deepgram 300 ms,
 * Anthropic 500 ms, Voyage 100 ms), and a real worker at the default concurrency
 * (WORKER_CONCURRENCY, 4 jobs per queue).
 *
 * Reports:
 *  - throughput: BENCH_PIPELINE_CALLS (200) calls queued at once; calls completed per minute;
 *  - overhead: BENCH_PIPELINE_SOLO (10) calls sent one at a time, each waiting for the previous
 *    to finish; end-to-end time minus the providers' fixed latency is the pipeline's own cost
 *    per call (queue hand-offs between stages, database writes, storage, SDK work).
 * Run alone: `npm run bench -- pipeline`.
 */
import { pathToFileURL } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "../../src/env";
import { createDb, type Db } from "../../src/server/db";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { logger } from "../../src/server/logger";
import { providersFromEnv } from "../../src/server/providers";
import { createBoss, installQueues, sendJob, type Boss } from "../../src/server/queue/boss";
import { startWorker } from "../../src/server/queue/worker";
import { configFromEnv, createServices } from "../../src/server/services";
import { createLocalStorage } from "../../src/server/storage";
import { createLocalTelephony } from "../../src/server/telephony/provider";
import { startFakeAnthropic } from "../../src/test/fakes/anthropic";
import { startFakeDeepgram } from "../../src/test/fakes/deepgram";
import { startRecordingHost } from "../../src/test/fakes/recording-host";
import { startFakeVoyage } from "../../src/test/fakes/voyage";
import { createHandlers, onDeadLetter } from "../../worker/jobs";
import { percentile, round } from "./stats";

const CALLS = Number(process.env.BENCH_PIPELINE_CALLS ?? 200);
const SOLO = Number(process.env.BENCH_PIPELINE_SOLO ?? 10);
const LATENCY = {
  transcribe: Number(process.env.BENCH_PIPELINE_TRANSCRIBE_MS ?? 300),
  analyze: Number(process.env.BENCH_PIPELINE_ANALYZE_MS ?? 500),
  embed: Number(process.env.BENCH_PIPELINE_EMBED_MS ?? 100),
};
const PROVIDER_MS = LATENCY.transcribe + LATENCY.analyze + LATENCY.embed;



async function createCalls(db: Db, userId: string, contactId: string, urls: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const url of urls) {
    const call = await db.call.create({
      data: {
        userId,
        contactId,
        direction: "inbound",
        status: "completed",
        fromNumber: "+13125550100",
        toNumber: "+14155550134",
        counterpartNumber: "+13125550100",
        durationSeconds: 19,
        recordingUrl: url,
        recordingFormat: "mp3",
      },
    });
    ids.push(call.id);
  }
  return ids;
}

/** When each call's last stage (embed) finished, read from the stage bookkeeping. */
async function finishedAt(db: Db, ids: string[]): Promise<Map<string, number>> {
  const rows = await db.call.findMany({ where: { id: { in: ids }, embedStatus: "succeeded" }, select: { id: true, processingDetails: true } });
  return new Map(rows.map((r) => [r.id, Date.parse((r.processingDetails as { embed: { finishedAt: string } }).embed.finishedAt)]));
}

async function waitForAll(db: Db, ids: string[], timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = await finishedAt(db, ids);
    const failed = await db.call.count({ where: { id: { in: ids }, OR: [{ fetchStatus: "failed" }, { transcribeStatus: "failed" }, { analyzeStatus: "failed" }, { embedStatus: "failed" }] } });
    if (failed) throw new Error(`${failed} call(s) failed in the pipeline`);
    if (done.size === ids.length) return done;
    if (Date.now() > deadline) throw new Error(`only ${done.size}/${ids.length} calls finished in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function send(boss: Boss, userId: string, ids: string[]): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  for (const callId of ids) {
    sent.set(callId, Date.now());
    await sendJob(boss, "recording.fetch", { callId, userId });
  }
  return sent;
}

export async function benchPipeline(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const db = createDb(server.url, { max: 10 });
  const boss = createBoss(server.url, "sender");
  const [deepgram, anthropic, voyage, host] = await Promise.all([
    startFakeDeepgram({ latencyMs: LATENCY.transcribe }),
    startFakeAnthropic({ latencyMs: LATENCY.analyze }),
    startFakeVoyage({ latencyMs: LATENCY.embed }),
    startRecordingHost(),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-recordings-"));
  const env = parseEnv({
    ...process.env,
    DEEPGRAM_API_KEY: deepgram.apiKey,
    DEEPGRAM_API_BASE_URL: deepgram.baseUrl,
    ANTHROPIC_API_KEY: anthropic.apiKey,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    VOYAGE_API_KEY: voyage.apiKey,
    VOYAGE_API_BASE_URL: voyage.baseUrl,
  });
  const services = createServices(env, {
    db,
    jobs: async () => boss,
    providers: providersFromEnv(env),
    storage: createLocalStorage(dir),
    telephony: createLocalTelephony(),
    config: {
      ...configFromEnv(env),
      // The recording host on 127.0.0.1 stands in for Telnyx: a loopback Telnyx API base is what
      // lets downloads use plain http to loopback (src/server/recordings/download.ts).
      download: { telnyxApiKey: undefined, telnyxApiBaseUrl: host.baseUrl, timeoutMs: 30_000, maxBytes: env.RECORDING_MAX_BYTES },
    },
  });
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    await migrate({ connectionString: server.url });
    await boss.start();
    await installQueues(boss);
    worker = await startWorker({
      connectionString: server.url,
      db,
      logger: logger.child({}, { level: "warn" }),
      handlers: createHandlers(services),
      onDeadLetter,
      concurrency: env.WORKER_CONCURRENCY,
      pollingIntervalSeconds: 2,
      heartbeatSeconds: 30,
    });
    const user = await db.user.create({ data: { email: "bench@example.test", name: "Bench", passwordHash: "x" } });
    const contact = await db.contact.create({ data: { userId: user.id, firstName: "Bench", phones: ["+13125550100"] } });
    const audio = Buffer.alloc(160_000, 7); // ~10 s of 128 kbit/s mp3
    const url = (n: number) => host.add(`/bench/${n}.mp3`, audio);

    console.error(`  pipeline: ${SOLO} calls one at a time…`);
    const soloIds = await createCalls(db, user.id, contact.id, Array.from({ length: SOLO }, (_, n) => url(n)));
    const overheads: number[] = [];
    for (const id of soloIds) {
      const sent = await send(boss, user.id, [id]);
      const done = await waitForAll(db, [id], 60_000);
      overheads.push(done.get(id)! - sent.get(id)! - PROVIDER_MS);
    }
    overheads.sort((a, b) => a - b);

    console.error(`  pipeline: ${CALLS} calls at once…`);
    const batchIds = await createCalls(db, user.id, contact.id, Array.from({ length: CALLS }, (_, n) => url(SOLO + n)));
    const sent = await send(boss, user.id, batchIds);
    const started = Math.min(...sent.values());
    const done = await waitForAll(db, batchIds, 20 * 60_000);
    const last = Math.max(...done.values());
    const endToEnd = batchIds.map((id) => done.get(id)! - sent.get(id)!).sort((a, b) => a - b);
    const tasks = await db.task.count({ where: { callId: { in: batchIds } } });
    const items = await db.call.findMany({ where: { id: { in: batchIds } }, select: { actionItems: true } });
    const expectedTasks = items.reduce((sum, c) => sum + ((c.actionItems as unknown[] | null)?.length ?? 0), 0);

    return {
      benchmark: "pipeline",
      providerLatencyMs: LATENCY,
      workerConcurrency: env.WORKER_CONCURRENCY,
      throughput: {
        calls: CALLS,
        seconds: round((last - started) / 1000, 1),
        callsPerMinute: round((CALLS / (last - started)) * 60_000, 1),
        endToEndMs: { p50: percentile(endToEnd, 50), p99: percentile(endToEnd, 99) },
      },
      overheadPerCallMs: {
        calls: SOLO,
        p50: percentile(overheads, 50),
        max: overheads.at(-1) ?? 0,
        note: `end-to-end minus ${PROVIDER_MS} ms of provider latency, calls sent one at a time`,
      },
      check: { tasksCreated: tasks, actionItems: expectedTasks, exactlyOnce: tasks === expectedTasks },
    };
  } finally {
    await worker?.stop(10_000).catch(() => undefined);
    await boss.stop({ graceful: false }).catch(() => undefined);
    await db.$disconnect();
    await Promise.all([deepgram.close(), anthropic.close(), voyage.close(), host.close()]);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchPipeline(), null, 2));
}
