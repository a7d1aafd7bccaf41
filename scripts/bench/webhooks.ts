/**
 * Webhook ingest benchmark, on the embedded database and (BENCH_DATABASE_URL) a real PostgreSQL,
 * each migrated fresh with the pg-boss queues installed. Signed Telnyx events are POSTed to a
 * real HTTP server (node:http) whose handler is the route's ingest step called directly: today's
 * `ingestTelnyxWebhook` (the event row and its job in one statement, see webhooks/store.ts) or the
 * old one-interactive-transaction ingest (webhooks-old-ingest.ts). No inline processing: both
 * only store and queue, so they compare like for like (call-control.ts measures the inline path).
 *
 *  - closed loop: BENCH_WEBHOOK_SENDERS (50) senders, each POSTing its next event as soon as the
 *    last one is answered, for BENCH_WEBHOOK_SECONDS (20) per path, the old and new paths taking
 *    turns in BENCH_WEBHOOK_ROUNDS (2) rounds so load from other processes weighs on both alike.
 *    About 5% of requests re-deliver an accepted event, as Telnyx retries do. Reports accepted
 *    (newly stored) events/s per path and new/old, and a count check: every accepted event
 *    stored exactly once with exactly one processing job, duplicates storing nothing.
 *  - open loop (new path): BENCH_WEBHOOK_RATE (100) events/s for BENCH_WEBHOOK_OPEN_SECONDS (10),
 *    each request sent at its scheduled time whether or not earlier ones were answered; time to
 *    200 is measured from the scheduled time, so a stalled server is not hidden by sending less.
 * Run alone: `npm run bench -- webhooks`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "../../src/server/db";
import { createBoss, installQueues, type Boss } from "../../src/server/queue/boss";
import { sendJobInTransaction } from "../../src/server/queue/outbox";
import { cachedPublicKey, verifyTelnyxSignature } from "../../src/server/telephony/signature";
import { ingestTelnyxWebhook, type IngestRequest, type IngestResult } from "../../src/server/webhooks/ingest";
import { queueWebhookProcessing } from "../../src/server/webhooks/queue";
import { storeEventWithJob } from "../../src/server/webhooks/store";
import { envelope, generateTelnyxKeyPair, signWebhook, type TelnyxEnvelope, type TelnyxKeyPair } from "../../src/test/fakes/telnyx-webhooks";
import { onEachBenchDatabase, type BenchDatabase } from "./databases";
import { percentile, round } from "./stats";
import { oldIngestTelnyxWebhook } from "./webhooks-old-ingest";

const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 20);
const SENDERS = Number(process.env.BENCH_WEBHOOK_SENDERS ?? 50);
const ROUNDS = Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 2);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 100);
const OPEN_SECONDS = Number(process.env.BENCH_WEBHOOK_OPEN_SECONDS ?? 10);
const DUPLICATE_SHARE = 0.05;

type IngestPath = "old" | "new";

let eventCounter = 0;

function callEvent(): TelnyxEnvelope {
  const n = eventCounter++;
  const types = ["call.initiated", "call.answered", "call.hangup", "call.recording.saved", "message.received"];
  const type = types[n % types.length]!;
  return envelope(
    type,
    type.startsWith("message.")
      ? { id: randomUUID(), direction: "inbound", from: { phone_number: "+13125550100" }, to: [{ phone_number: "+14155550134" }], text: `bench ${n}` }
      : {
          call_control_id: `v3:bench-${Math.floor(n / 4)}`,
          call_leg_id: `leg-${Math.floor(n / 4)}`,
          call_session_id: `session-${Math.floor(n / 4)}`,
          connection_id: "1684641123236054244",
          from: "+13125550100",
          to: "+14155550134",
          direction: "incoming",
          state: "parked",
        },
    new Date(),
  );
}

interface Target {
  url: string;
  keys: TelnyxKeyPair;
  db: Db;
}

/** One POST; null unless answered 200. */
async function post(target: Target, event: TelnyxEnvelope, latencies: number[], startedAt = performance.now()) {
  const signed = signWebhook(target.keys, event);
  const response = await fetch(target.url, { method: "POST", headers: signed.headers, body: signed.rawBody });
  if (response.status !== 200) {
    await response.arrayBuffer();
    return null;
  }
  const body = (await response.json()) as { duplicate?: boolean };
  latencies.push(performance.now() - startedAt);
  return body;
}

async function clearEvents(db: Db): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM "WebhookEvent"`);
  await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'webhooks.process'`);
  // Dead rows from the last phase would slow the next one's unique-index checks.
  await db.$executeRawUnsafe(`VACUUM ANALYZE "WebhookEvent"`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE pgboss.job`);
}

interface PhaseResult {
  seconds: number;
  /** CPU time of this whole process (client, server, Prisma, pg-boss; PGlite's thread when embedded). */
  cpuMs: number;
  requests: number;
  accepted: number;
  latencies: number[];
  duplicatesSent: number;
  non200: number;
  check: { exactlyOnce: boolean; storedRows: number; processingJobs: number; expectedJobs: number; problems: Record<string, number> };
}

/** SENDERS closed-loop senders for `seconds`, on tables emptied first. */
async function closedLoop(target: Target, seconds: number): Promise<PhaseResult> {
  await clearEvents(target.db);
  const accepted = new Set<string>();
  const acceptedList: TelnyxEnvelope[] = [];
  const latencies: number[] = [];
  let requests = 0;
  let duplicatesSent = 0;
  let duplicatesStored = 0;
  let non200 = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < deadline) {
        const redeliver = acceptedList.length > 0 && Math.random() < DUPLICATE_SHARE;
        const event = redeliver ? acceptedList[Math.floor(Math.random() * acceptedList.length)]! : callEvent();
        if (redeliver) duplicatesSent++;
        requests++;
        const body = await post(target, event, latencies);
        if (!body) {
          non200++;
          continue;
        }
        if (body.duplicate) {
          if (!redeliver) duplicatesStored++;
        } else {
          if (accepted.has(event.data.id)) duplicatesStored++;
          accepted.add(event.data.id);
          acceptedList.push(event);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  const { db } = target;
  const rows = await db.$queryRaw<{ eventId: string; copies: bigint }[]>`
    SELECT "eventId", count(*) AS copies FROM "WebhookEvent" WHERE "provider" = 'telnyx' GROUP BY "eventId"`;
  const stored = new Map(rows.map((r) => [r.eventId, Number(r.copies)]));
  const [jobs] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks.process'`;
  const ignored = await db.webhookEvent.count({ where: { status: "ignored" } });
  const problems = {
    acceptedMissing: [...accepted].filter((id) => !stored.has(id)).length,
    storedButNotAccepted: [...stored.keys()].filter((id) => !accepted.has(id)).length,
    storedMoreThanOnce: [...stored.values()].filter((c) => c !== 1).length,
    duplicatesStoredAgain: duplicatesStored,
  };
  const processingJobs = Number(jobs?.n ?? 0);
  const expectedJobs = stored.size - ignored;
  return {
    seconds: elapsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    requests,
    accepted: accepted.size,
    latencies,
    duplicatesSent,
    non200,
    check: {
      exactlyOnce: Object.values(problems).every((n) => n === 0) && processingJobs === expectedJobs,
      storedRows: stored.size,
      processingJobs,
      expectedJobs,
      problems,
    },
  };
}

/** RATE events/s for OPEN_SECONDS, each sent at its slot; latency counted from the slot. */
async function openLoop(target: Target) {
  await clearEvents(target.db);
  const total = Math.round(RATE * OPEN_SECONDS);
  const latencies: number[] = [];
  let non200 = 0;
  let worstSendLagMs = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const slot = started + (i * 1000) / RATE;
    const wait = slot - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    worstSendLagMs = Math.max(worstSendLagMs, performance.now() - slot);
    inFlight.push(
      post(target, callEvent(), latencies, slot).then(
        (body) => void (body ? undefined : non200++),
        () => void non200++,
      ),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    ratePerSecond: RATE,
    seconds: OPEN_SECONDS,
    requests: total,
    non200,
    timeTo200Ms: summary(latencies),
    worstSendLagMs: round(worstSendLagMs, 2),
    goalP99Ms: 50,
    meetsGoal: non200 === 0 && percentile(latencies, 99) <= 50,
  };
}

function summary(sorted: number[]) {
  return { p50: round(percentile(sorted, 50), 2), p99: round(percentile(sorted, 99), 2), max: round(sorted.at(-1) ?? 0, 2) };
}

const STEP_REPEATS = Number(process.env.BENCH_WEBHOOK_STEP_REPEATS ?? 300);

/**
 * Where a request's time goes: each step of the ingest run alone, one at a time (no
 * concurrency), as wall time and this process's CPU time per call. The statements are the ones
 * ingest and the old ingest run (same Prisma calls, same pg-boss send); the HTTP step is a POST
 * of a body the server answers without touching the database.
 */
async function stepProfile(db: Db, boss: Boss, keys: TelnyxKeyPair) {
  const key = cachedPublicKey(keys.publicKeyBase64);
  const ingestDeps = { db, jobs: async () => boss, publicKey: keys.publicKeyBase64 };
  const row = (event: TelnyxEnvelope) => ({
    provider: "telnyx",
    eventId: event.data.id,
    eventType: event.data.event_type,
    payload: event as unknown as object,
    occurredAt: new Date() as Date | null,
    receivedAt: new Date(),
  });
  const measure = async (step: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i++) await step();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < STEP_REPEATS; i++) await step();
    const used = process.cpuUsage(cpu);
    return { wallMs: round((performance.now() - started) / STEP_REPEATS, 3), cpuMs: round((used.user + used.system) / 1000 / STEP_REPEATS, 3) };
  };
  const echo = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`;
  try {
    await clearEvents(db);
    return {
      repeats: STEP_REPEATS,
      signAndHttpRoundTrip: await measure(async () => {
        const signed = signWebhook(keys, callEvent());
        await (await fetch(echoUrl, { method: "POST", headers: signed.headers, body: signed.rawBody })).arrayBuffer();
      }),
      signAndVerify: await measure(async () => {
        const signed = signWebhook(keys, callEvent());
        const check = verifyTelnyxSignature({ publicKey: key, rawBody: Buffer.from(signed.rawBody), signature: signed.headers["telnyx-signature-ed25519"]!, timestamp: signed.headers["telnyx-timestamp"]!, now: new Date() });
        if (!check.ok) throw new Error(check.message);
      }),
      prismaSelect1: await measure(() => db.$queryRawUnsafe("SELECT 1")),
      // The two statements ingest ran before the one-statement store (event row, then its job).
      twoStatementsBefore: await measure(async () => {
        const [stored] = await db.webhookEvent.createManyAndReturn({ data: [row(callEvent())], skipDuplicates: true, select: { id: true } });
        await queueWebhookProcessing(boss, stored!.id);
      }),
      oneStatementStore: await measure(() => storeEventWithJob(boss, row(callEvent()))),
      ingestWithoutHttp: await measure(async () => {
        const result = await ingestTelnyxWebhook(ingestDeps, { ...signWebhook(keys, callEvent()), channel: "voice" });
        if (result.status !== 200) throw new Error(`ingest answered ${result.status}`);
      }),
      oldTransaction: await measure(() =>
        db.$transaction(async (tx) => {
          const [stored] = await tx.webhookEvent.createManyAndReturn({ data: [row(callEvent())], skipDuplicates: true, select: { id: true } });
          await sendJobInTransaction(boss, tx, "webhooks.process", { webhookEventId: stored!.id });
        }),
      ),
    };
  } finally {
    await new Promise((resolve) => echo.close(resolve));
  }
}

let handlerErrorLogged = false;

function serve(handle: (request: IngestRequest) => Promise<IngestResult>): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void handle({ rawBody: new Uint8Array(Buffer.concat(chunks)), headers: req.headers, channel: "voice" }).then(
        (result) => {
          res.writeHead(result.status, { "content-type": "application/json" });
          res.end(JSON.stringify(result.body));
        },
        (error: unknown) => {
          if (!handlerErrorLogged) console.error("  webhook handler failed:", error);
          handlerErrorLogged = true;
          res.writeHead(500);
          res.end();
        },
      );
    });
  });
}

async function benchOn(database: BenchDatabase): Promise<Record<string, unknown>> {
  // The web process's own pool sizes: Prisma 10 (production), the pg-boss sender's 2.
  const db = createDb(database.url, { max: 10 });
  const boss: Boss = createBoss(database.url, "sender");
  const keys = generateTelnyxKeyPair();
  let path: IngestPath = "new";
  const deps = { db, jobs: async () => boss, publicKey: keys.publicKeyBase64 };
  const http = serve((request) => (path === "new" ? ingestTelnyxWebhook(deps, request) : oldIngestTelnyxWebhook(deps, request)));
  try {
    await boss.start();
    await installQueues(boss);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const target: Target = { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/webhooks/telnyx/voice`, keys, db };

    for (const warm of ["old", "new"] as const) {
      path = warm;
      await closedLoop(target, 1);
    }

    const phases: Record<IngestPath, PhaseResult[]> = { old: [], new: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of ["old", "new"] as const) {
        path = p;
        console.error(`  webhooks [${database.engine}] round ${r + 1}/${ROUNDS}: ${p} path, ${SENDERS} senders…`);
        phases[p].push(await closedLoop(target, SECONDS / ROUNDS));
      }
    }
    const closed = (p: IngestPath) => {
      const runs = phases[p];
      const seconds = runs.reduce((s, r) => s + r.seconds, 0);
      const accepted = runs.reduce((s, r) => s + r.accepted, 0);
      const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
      return {
        seconds: round(seconds, 2),
        requests: runs.reduce((s, r) => s + r.requests, 0),
        acceptedEvents: accepted,
        acceptedPerSecond: round(accepted / seconds, 1),
        acceptedPerSecondByRound: runs.map((r) => round(r.accepted / r.seconds, 1)),
        // Per request, not per accepted event: re-deliveries cost CPU too.
        processCpuMsPerRequest: round(runs.reduce((s, r) => s + r.cpuMs, 0) / runs.reduce((s, r) => s + r.requests, 0), 3),
        timeTo200Ms: summary(latencies),
        duplicatesSent: runs.reduce((s, r) => s + r.duplicatesSent, 0),
        non200: runs.reduce((s, r) => s + r.non200, 0),
        exactlyOnce: runs.every((r) => r.check.exactlyOnce),
        countChecks: runs.map((r) => r.check),
      };
    };
    const old = closed("old");
    const now = closed("new");

    path = "new";
    console.error(`  webhooks [${database.engine}]: new path, open loop at ${RATE}/s…`);
    const open = await openLoop(target);
    console.error(`  webhooks [${database.engine}]: step profile…`);
    const steps = await stepProfile(db, boss, keys);
    const ratio = old.acceptedPerSecond ? round(now.acceptedPerSecond / old.acceptedPerSecond, 2) : null;
    return {
      engine: database.engine,
      server: database.server,
      closedLoop: {
        senders: SENDERS,
        oldPath: old,
        newPath: now,
        newOverOld: ratio,
        goalRatio: 3,
        meetsGoal: ratio !== null && ratio >= 3,
      },
      openLoopNewPath: open,
      stepsOneAtATime: steps,
    };
  } finally {
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
    await boss.stop({ graceful: false }).catch(() => undefined);
    await db.$disconnect();
  }
}

export async function benchWebhooks(): Promise<Record<string, unknown>> {
  const engines = await onEachBenchDatabase(benchOn);
  return {
    benchmark: "webhooks",
    via:
      "node:http server on 127.0.0.1 whose handler calls the ingest function directly (fetch as the client, in the same process): new = ingestTelnyxWebhook without inline processing (the event row and its job in one statement), old = the pre-522b5c0 ingest (one interactive transaction: insert + pg-boss insert through it)",
    setup: `Prisma pool 10, pg-boss sender pool 2 (the web process's); Ed25519-signed Telnyx envelopes; ${DUPLICATE_SHARE * 100}% re-deliveries in the closed loop`,
    engines,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchWebhooks(), null, 2));
}
