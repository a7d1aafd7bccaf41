/**
 * Webhook ingest benchmark: 50 concurrent senders POST signed Telnyx events for 20 s
 * (BENCH_WEBHOOK_SECONDS, BENCH_WEBHOOK_SENDERS) to a real HTTP server (node:http) wrapping the
 * same `ingestTelnyxWebhook` the Next.js routes call, against the embedded database (PGlite behind
 * the wire proxy, migrated, with the pg-boss queues installed). About 5% of requests re-deliver
 * an already accepted event, as Telnyx retries do.
 *
 * Reports accepted (newly stored) events per second, p50/p99 time to the 200, and a count check:
 * every accepted event is stored exactly once, with exactly one processing job, and duplicates
 * stored nothing. Run alone: `tsx scripts/bench/webhooks.ts`.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createDb } from "../../src/server/db";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { createBoss, installQueues } from "../../src/server/queue/boss";
import { ingestTelnyxWebhook } from "../../src/server/webhooks/ingest";
import { percentile, round } from "./stats";
import { envelope, generateTelnyxKeyPair, signWebhook, type TelnyxEnvelope } from "../../src/test/fakes/telnyx-webhooks";

const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 20);
const SENDERS = Number(process.env.BENCH_WEBHOOK_SENDERS ?? 50);
const DUPLICATE_SHARE = 0.05;


function callEvent(n: number): TelnyxEnvelope {
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

export async function benchWebhooks(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const db = createDb(server.url, { max: 10 });
  const boss = createBoss(server.url, "sender");
  const keys = generateTelnyxKeyPair();
  let http: ReturnType<typeof createServer> | null = null;
  try {
    await migrate({ connectionString: server.url });
    await boss.start();
    await installQueues(boss);

    http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        void ingestTelnyxWebhook(
          { db, jobs: async () => boss, publicKey: keys.publicKeyBase64 },
          { rawBody: new Uint8Array(Buffer.concat(chunks)), headers: req.headers, channel: req.url?.endsWith("/messaging") ? "messaging" : "voice" },
        ).then(
          (result) => {
            res.writeHead(result.status, { "content-type": "application/json" });
            res.end(JSON.stringify(result.body));
          },
          () => {
            res.writeHead(500);
            res.end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/webhooks/telnyx/voice`;

    const accepted = new Set<string>();
    const acceptedList: TelnyxEnvelope[] = [];
    const latencies: number[] = [];
    let requests = 0;
    let duplicatesSent = 0;
    let duplicateAnswers = 0;
    let duplicatesStored = 0;
    let failures = 0;
    let n = 0;

    const post = async (event: TelnyxEnvelope) => {
      const signed = signWebhook(keys, event);
      const started = performance.now();
      const response = await fetch(url, { method: "POST", headers: signed.headers, body: signed.rawBody });
      const body = (await response.json()) as { duplicate?: boolean };
      const ms = performance.now() - started;
      requests++;
      if (response.status !== 200) {
        failures++;
        return null;
      }
      latencies.push(ms);
      return body;
    };

    const warmupUntil = performance.now() + 1000;
    while (performance.now() < warmupUntil) await post(callEvent(n++));
    await db.webhookEvent.deleteMany({});
    await db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'webhooks.process'`);
    latencies.length = 0;
    requests = 0;
    failures = 0;

    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (performance.now() < deadline) {
          const redeliver = acceptedList.length > 0 && Math.random() < DUPLICATE_SHARE;
          const event = redeliver ? acceptedList[Math.floor(Math.random() * acceptedList.length)]! : callEvent(n++);
          if (redeliver) duplicatesSent++;
          const body = await post(event);
          if (!body) continue;
          if (body.duplicate) {
            duplicateAnswers++;
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

    const rows = await db.$queryRaw<{ eventId: string; copies: bigint }[]>`
      SELECT "eventId", count(*) AS copies FROM "WebhookEvent" WHERE "provider" = 'telnyx' GROUP BY "eventId"`;
    const stored = new Map(rows.map((r) => [r.eventId, Number(r.copies)]));
    const jobs = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'webhooks.process'`;
    const ignored = await db.webhookEvent.count({ where: { status: "ignored" } });
    const missing = [...accepted].filter((id) => !stored.has(id)).length;
    const extra = [...stored.keys()].filter((id) => !accepted.has(id)).length;
    const multiple = [...stored.values()].filter((c) => c !== 1).length;
    const jobsQueued = Number(jobs[0]?.n ?? 0);

    latencies.sort((a, b) => a - b);
    return {
      benchmark: "webhooks",
      setup: `${SENDERS} concurrent senders, ${SECONDS} s, node:http around ingestTelnyxWebhook, embedded PostgreSQL (PGlite via the wire proxy), Ed25519-signed Telnyx envelopes, ${DUPLICATE_SHARE * 100}% re-deliveries`,
      seconds: round(elapsed, 2),
      requests,
      acceptedEvents: accepted.size,
      acceptedPerSecond: round(accepted.size / elapsed, 1),
      requestsPerSecond: round(requests / elapsed, 1),
      timeTo200Ms: { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2), max: round(latencies[latencies.length - 1] ?? 0, 2) },
      duplicatesSent,
      duplicateAnswers,
      non200: failures,
      countCheck: {
        storedRows: stored.size,
        acceptedMissing: missing,
        storedButNotAccepted: extra,
        storedMoreThanOnce: multiple,
        duplicatesStoredAgain: duplicatesStored,
        processingJobs: jobsQueued,
        expectedJobs: stored.size - ignored,
        exactlyOnce: missing === 0 && extra === 0 && multiple === 0 && duplicatesStored === 0 && jobsQueued === stored.size - ignored,
      },
    };
  } finally {
    if (http) {
      http.closeAllConnections();
      await new Promise((resolve) => http!.close(resolve));
    }
    await boss.stop({ graceful: false }).catch(() => undefined);
    await db.$disconnect();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await benchWebhooks(), null, 2));
}
