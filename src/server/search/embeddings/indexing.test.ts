import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { logger } from "~/server/logger";
import { runStage } from "~/server/pipeline/run";
import { createLocalEmbedder, LOCAL_EMBEDDING_MODEL } from "~/server/providers/local-embedder";
import { createVoyageEmbedder } from "~/server/providers/voyage";
import { createBoss, type Boss } from "~/server/queue/boss";
import { startWorker } from "~/server/queue/worker";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { createTestServices } from "~/test/services";
import { waitFor } from "~/test/wait";
import { createHandlers, onDeadLetter } from "../../../../worker/jobs";
import { EMBEDDED_TABLES, EMBEDDED_TYPES, type EmbeddedType } from "./documents";
import { reindexOtherModels, runEmbedJob, sendEmbedJob, sweepStaleUsers } from "./indexing";

/**
 * Keeping the index fresh: the search.embed job (through a real worker), the sweep, a model
 * change, and the Jobs page's status and rebuild through tRPC.
 */

let t: TestDatabase;
let voyage: FakeVoyage;
let sender: Boss;
beforeAll(async () => {
  [t, voyage] = await Promise.all([startTestDatabase(), startFakeVoyage()]);
  sender = createBoss(t.url, "sender");
  await sender.start();
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await Promise.all([t?.stop(), voyage?.close()]);
});

const local = createLocalEmbedder();
const voyageEmbedder = () => createVoyageEmbedder({ apiKey: voyage.apiKey, baseUrl: voyage.baseUrl, model: "voyage-3.5", timeoutMs: 10_000 });

async function rowsOfEveryType(userId: string, word: string) {
  await t.db.contact.create({ data: { userId, firstName: "Ada", lastName: word, notes: `Met at the ${word} fair` } });
  await t.db.message.create({
    data: { userId, direction: "inbound", fromNumber: "+14155550111", toNumber: "+14155550100", counterpartNumber: "+14155550111", body: `The ${word} invoice`, deliveryStatus: "received" },
  });
  await t.db.task.create({ data: { userId, title: `Send the ${word} contract` } });
  await t.db.calendarEvent.create({ data: { userId, title: `${word} review`, startsAt: new Date("2026-12-22T16:00:00Z"), endsAt: new Date("2026-12-22T17:00:00Z") } });
  await t.db.reminder.create({
    data: { userId, kind: "custom", title: `Pay the ${word} rent`, message: "The rent is due", timeZone: "UTC", startsAtLocal: "2026-12-24T09:00", channels: ["in_app"], nextDueAt: new Date("2026-12-24T09:00:00Z") },
  });
}

/** An analysed call embedded by the pipeline's embed stage with `embedder`. */
async function embeddedCall(userId: string, embedder = local) {
  const call = await t.db.call.create({
    data: {
      userId,
      direction: "outbound",
      status: "completed",
      fromNumber: "+14155550100",
      toNumber: "+13125550111",
      counterpartNumber: "+13125550111",
      transcriptText: "Hello. We talked about the renewal price.",
      transcriptSegments: [
        { speaker: 0, start: 0, end: 2, text: "Hello.", confidence: 1 },
        { speaker: 1, start: 2.5, end: 6, text: "We talked about the renewal price.", confidence: 1 },
      ] as unknown as Prisma.InputJsonValue,
      summary: "Renewal price.",
      fetchStatus: "succeeded",
      transcribeStatus: "succeeded",
      analyzeStatus: "succeeded",
    },
  });
  const services = createTestServices({ db: t.db, jobs: async () => sender });
  await runStage({ ...services, boss: sender, providers: { ...services.providers, embedder } }, "embed", { callId: call.id, userId });
  return call;
}

/** Per type, the user's rows: how many, how many with a current vector of `model`. */
async function freshness(userId: string, model: string) {
  const out: Partial<Record<EmbeddedType, { total: number; fresh: number }>> = {};
  for (const type of EMBEDDED_TYPES) {
    const [row] = await t.db.$queryRaw<{ total: bigint; fresh: bigint }[]>(Prisma.sql`
      SELECT count(*) AS "total",
             count(*) FILTER (WHERE "embedding" IS NOT NULL AND "embeddingModel" = ${model} AND "embeddedHash" = "documentHash") AS "fresh"
        FROM ${EMBEDDED_TABLES[type].table} WHERE "userId" = ${userId}`);
    out[type] = { total: Number(row!.total), fresh: Number(row!.fresh) };
  }
  return out;
}
const allFresh = (counts: Awaited<ReturnType<typeof freshness>>) => Object.values(counts).every((c) => c.total > 0 && c.fresh === c.total);
const noneFresh = (counts: Awaited<ReturnType<typeof freshness>>) => Object.values(counts).every((c) => c.fresh === 0);

async function queuedEmbedJobs(userId: string) {
  const rows = await t.db.$queryRaw<{ state: string }[]>`
    SELECT state::text AS "state" FROM pgboss.job WHERE name = 'search.embed' AND data->>'userId' = ${userId} AND state IN ('created', 'retry', 'active')`;
  return rows.map((r) => r.state);
}

async function clearQueue() {
  await t.db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'search.embed'`;
}

describe("search.embed (no worker running)", () => {
  it("coalesces a burst of sends for one user into the one waiting job; the sweep sends one per user with stale rows", async () => {
    await clearQueue();
    const [alice, bob, carol] = await Promise.all([createTestUser(t.db), createTestUser(t.db), createTestUser(t.db)]);
    await rowsOfEveryType(alice.id, "Alpine");
    await t.db.task.create({ data: { userId: bob.id, title: "Bob's only task" } });
    expect(await sendEmbedJob(sender, alice.id)).toBe(true);
    expect(await sendEmbedJob(sender, alice.id)).toBe(false);
    expect(await sendEmbedJob(sender, alice.id)).toBe(false);
    expect(await queuedEmbedJobs(alice.id)).toEqual(["created"]);

    // Alice's job is waiting already: the sweep adds Bob's; Carol has nothing to embed.
    expect(await sweepStaleUsers({ db: t.db, boss: sender })).toBe(1);
    expect(await queuedEmbedJobs(bob.id)).toEqual(["created"]);
    expect(await queuedEmbedJobs(carol.id)).toEqual([]);
    await clearQueue();
  });

  it("sends itself again when the deadline leaves rows, and not when it is done", async () => {
    await clearQueue();
    const user = await createTestUser(t.db);
    await t.db.task.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ userId: user.id, title: `Task ${i}` })) });
    const deps = { db: t.db, boss: sender, embedder: local };
    expect(await runEmbedJob(deps, user.id, { batchSize: 2, deadlineMs: 0 })).toEqual({ embedded: 2, calls: 0, remaining: true });
    expect(await queuedEmbedJobs(user.id)).toEqual(["created"]);
    await clearQueue();
    expect(await runEmbedJob(deps, user.id)).toEqual({ embedded: 3, calls: 0, remaining: false });
    expect(await queuedEmbedJobs(user.id)).toEqual([]);
  });

  it("after a model change, re-embeds every user's rows, calls and transcript pieces with the new model", async () => {
    const [alice, bob] = await Promise.all([createTestUser(t.db), createTestUser(t.db)]);
    await Promise.all([rowsOfEveryType(alice.id, "Alpine"), rowsOfEveryType(bob.id, "Baltic")]);
    const call = await embeddedCall(alice.id, local);
    for (const user of [alice, bob]) await runEmbedJob({ db: t.db, boss: sender, embedder: local }, user.id);
    expect(allFresh(await freshness(alice.id, LOCAL_EMBEDDING_MODEL))).toBe(true);
    await clearQueue();

    // The worker starts with a Voyage key.
    const embedder = voyageEmbedder();
    const changed = await reindexOtherModels({ db: t.db, boss: sender, embedder });
    expect(changed.rows).toBeGreaterThanOrEqual(10);
    // Only Alice has a call; the sweep finds everyone's rows.
    expect(await queuedEmbedJobs(alice.id)).toEqual(["created"]);
    expect(await queuedEmbedJobs(bob.id)).toEqual([]);
    for (const user of [alice, bob]) expect(noneFresh(await freshness(user.id, embedder.model))).toBe(true);
    // The old vectors stay (search ignores them) until replaced.
    expect(allFresh(await freshness(alice.id, LOCAL_EMBEDDING_MODEL))).toBe(false);

    const result = await runEmbedJob({ db: t.db, boss: sender, embedder }, alice.id);
    expect(result).toMatchObject({ embedded: 5, calls: 1, remaining: false });
    expect(allFresh(await freshness(alice.id, embedder.model))).toBe(true);
    const [callRow] = await t.db.$queryRaw<{ model: string }[]>`SELECT "embeddingModel" AS "model" FROM "Call" WHERE id = ${call.id}`;
    expect(callRow!.model).toBe(embedder.model);
    const chunkModels = await t.db.$queryRaw<{ model: string }[]>`SELECT "embeddingModel" AS "model" FROM "CallChunk" WHERE "callId" = ${call.id}`;
    expect(chunkModels.length).toBeGreaterThan(0);
    expect(chunkModels.every((c) => c.model === embedder.model)).toBe(true);

    // Started again with the same model: nothing to do.
    await runEmbedJob({ db: t.db, boss: sender, embedder }, bob.id);
    expect(await reindexOtherModels({ db: t.db, boss: sender, embedder })).toEqual({ rows: 0, users: 0 });
    await clearQueue();
  });
});

describe("search.embed through the worker", () => {
  it("embeds the user's new rows within a job, and only theirs", async () => {
    await clearQueue();
    const services = createTestServices({ db: t.db, jobs: async () => sender });
    const worker = await startWorker({
      connectionString: t.url,
      db: t.db,
      logger,
      // The minute sweep would rightly send Bob's job if a minute turned during the test: this
      // test is about what Alice's job writes, so the sweep does nothing here.
      handlers: { ...createHandlers(services), "search.sweep": async () => undefined },
      onDeadLetter,
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
      heartbeatSeconds: 60,
    });
    try {
      const [alice, bob] = await Promise.all([createTestUser(t.db), createTestUser(t.db)]);
      await Promise.all([rowsOfEveryType(alice.id, "Alpine"), rowsOfEveryType(bob.id, "Baltic")]);
      await sendEmbedJob(sender, alice.id);
      await waitFor(async () => allFresh(await freshness(alice.id, LOCAL_EMBEDDING_MODEL)), { what: "Alice's rows embedded", timeoutMs: 20_000 });
      await waitFor(async () => (await queuedEmbedJobs(alice.id)).length === 0, { what: "Alice's job done" });
      expect(noneFresh(await freshness(bob.id, LOCAL_EMBEDDING_MODEL))).toBe(true);
      const [job] = await t.db.$queryRaw<{ state: string }[]>`
        SELECT state::text AS "state" FROM pgboss.job WHERE name = 'search.embed' AND data->>'userId' = ${alice.id}`;
      expect(job?.state).toBe("completed");
    } finally {
      await worker.stop(5_000);
    }
  });
});

describe("a dead-lettered search.embed", () => {
  it("tells the owner once, on one keyed notice, however many jobs give up", async () => {
    const user = await createTestUser(t.db);
    const ctx = { db: t.db, logger, boss: sender, jobId: "00000000-0000-4000-8000-000000000000", retryCount: 4 };
    for (let i = 0; i < 3; i++) await onDeadLetter("search.embed", { userId: user.id }, ctx);
    const notices = await t.db.notification.findMany({ where: { userId: user.id } });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ type: "job_failed", title: "Search indexing is failing", link: "/jobs" });
  });
});

describe("search.indexStatus and search.rebuildIndex", () => {
  it("count the user's rows and current vectors per type; a rebuild clears the user's own only and queues their job", async () => {
    await clearQueue();
    const [alice, bob] = await Promise.all([createTestUser(t.db), createTestUser(t.db)]);
    await Promise.all([rowsOfEveryType(alice.id, "Alpine"), rowsOfEveryType(bob.id, "Baltic")]);
    await t.db.task.create({ data: { userId: alice.id, title: "A second task" } });
    await embeddedCall(alice.id, local);
    const asAlice = await callerFor(t.db, alice, { jobs: async () => sender });
    const asBob = await callerFor(t.db, bob, { jobs: async () => sender });

    const before = await asAlice.search.indexStatus();
    expect(before).toMatchObject({ model: LOCAL_EMBEDDING_MODEL, total: 7, indexed: 1, job: null });
    expect(Object.fromEntries(before.types.map((row) => [row.type, [row.total, row.indexed]]))).toEqual({
      contact: [1, 0],
      message: [1, 0],
      task: [2, 0],
      event: [1, 0],
      reminder: [1, 0],
      call: [1, 1],
    });

    for (const user of [alice, bob]) await runEmbedJob({ db: t.db, boss: sender, embedder: local }, user.id);
    expect(await asAlice.search.indexStatus()).toMatchObject({ total: 7, indexed: 7, job: null });
    expect(await asBob.search.indexStatus()).toMatchObject({ total: 5, indexed: 5, job: null });

    expect(await asAlice.search.rebuildIndex()).toEqual({ queued: true });
    const rebuilding = await asAlice.search.indexStatus();
    expect(rebuilding).toMatchObject({ total: 7, indexed: 0, job: "queued" });
    // Bob's index and queue are untouched by Alice's rebuild.
    expect(await asBob.search.indexStatus()).toMatchObject({ total: 5, indexed: 5, job: null });
    expect(allFresh(await freshness(bob.id, LOCAL_EMBEDDING_MODEL))).toBe(true);
    // A second click while the job waits: no second job.
    expect(await asAlice.search.rebuildIndex()).toEqual({ queued: false });
    expect(await queuedEmbedJobs(alice.id)).toEqual(["created"]);

    // What the queued job does.
    const result = await runEmbedJob({ db: t.db, boss: sender, embedder: local }, alice.id);
    expect(result).toMatchObject({ embedded: 6, calls: 1 });
    expect(await asAlice.search.indexStatus()).toMatchObject({ total: 7, indexed: 7 });
    await clearQueue();
  });

  it("are refused when signed out", async () => {
    const anonymous = await callerFor(t.db, null, { jobs: async () => sender });
    await expect(anonymous.search.indexStatus()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.search.rebuildIndex()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
