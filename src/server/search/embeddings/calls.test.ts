import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "~/generated/prisma/client";
import { logger } from "~/server/logger";
import { runStage, type PipelineDeps } from "~/server/pipeline/run";
import { createLocalEmbedder } from "~/server/providers/local-embedder";
import type { Embedder } from "~/server/providers/types";
import { createVoyageEmbedder } from "~/server/providers/voyage";
import { createBoss, type Boss } from "~/server/queue/boss";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { createTestServices } from "~/test/services";
import { embedCall } from "./calls";

/** A call's vector and transcript pieces, made by the recording pipeline's embed stage and by embedCall. */

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

/** The embed stage's deps: the test container with `embedder`. */
function stageDeps(embedder: Embedder): PipelineDeps {
  const services = createTestServices({ db: t.db, jobs: async () => sender });
  return { ...services, boss: sender, logger, providers: { ...services.providers, embedder } };
}

/** 12 segments of about 180 characters, 10 s apart: pieces of three segments (30 s each). */
function segments(topic: string) {
  return Array.from({ length: 12 }, (_, i) => ({
    speaker: i % 2,
    start: i * 10 + 0.5,
    end: i * 10 + 9,
    text: `Segment ${i} about the ${topic}: ${"we went over the numbers and the schedule again ".repeat(3)}`.trim(),
    confidence: 0.9,
  }));
}

async function analysedCall(userId: string, transcriptSegments: unknown[] | null, transcriptText = "We talked about the renewal price.") {
  return t.db.call.create({
    data: {
      userId,
      direction: "inbound",
      status: "completed",
      fromNumber: "+13125550111",
      toNumber: "+14155550100",
      counterpartNumber: "+13125550111",
      transcriptText,
      transcriptSegments: (transcriptSegments ?? undefined) as Prisma.InputJsonValue | undefined,
      summary: "A call about the renewal price.",
      topics: ["renewal", "pricing"],
      fetchStatus: "succeeded",
      transcribeStatus: "succeeded",
      analyzeStatus: "succeeded",
    },
  });
}

const chunksOf = (callId: string) =>
  t.db.$queryRaw<{ seq: number; userId: string; startSeconds: number; endSeconds: number; text: string; model: string; hasVector: boolean }[]>`
    SELECT "seq", "userId", "startSeconds", "endSeconds", "text", "embeddingModel" AS "model", "embedding" IS NOT NULL AS "hasVector"
      FROM "CallChunk" WHERE "callId" = ${callId} ORDER BY "seq"`;

const callVector = async (callId: string) =>
  (await t.db.$queryRaw<{ model: string | null; vector: string | null }[]>`
    SELECT "embeddingModel" AS "model", "embedding"::text AS "vector" FROM "Call" WHERE "id" = ${callId}`)[0]!;

describe("the embed stage", () => {
  it("stores the call's vector and its transcript pieces with their seconds, and replaces the pieces when the transcript changes", async () => {
    const user = await createTestUser(t.db);
    const call = await analysedCall(user.id, segments("renewal price"));
    const local = createLocalEmbedder();
    await runStage(stageDeps(local), "embed", { callId: call.id, userId: user.id });

    expect((await t.db.call.findUniqueOrThrow({ where: { id: call.id } })).embedStatus).toBe("succeeded");
    expect((await callVector(call.id)).model).toBe(local.model);
    const chunks = await chunksOf(call.id);
    expect(chunks.map((c) => [c.seq, c.startSeconds, c.endSeconds])).toEqual([
      [0, 0.5, 29],
      [1, 30.5, 59],
      [2, 60.5, 89],
      [3, 90.5, 119],
    ]);
    for (const chunk of chunks) expect(chunk).toMatchObject({ userId: user.id, model: local.model, hasVector: true });
    expect(chunks[1]!.text.startsWith("Segment 3 about the renewal price")).toBe(true);

    // A new transcript (fewer, different segments) and the stage run again: the old pieces are gone.
    await t.db.call.update({
      where: { id: call.id },
      data: { transcriptSegments: segments("office move").slice(0, 5) as unknown as Prisma.InputJsonValue, embedStatus: "pending" },
    });
    await runStage(stageDeps(local), "embed", { callId: call.id, userId: user.id });
    const replaced = await chunksOf(call.id);
    expect(replaced.map((c) => [c.seq, c.startSeconds, c.endSeconds])).toEqual([
      [0, 0.5, 29],
      [1, 30.5, 49],
    ]);
    expect(replaced.every((c) => c.text.includes("office move"))).toBe(true);
  });

  it("embeds a call with only transcript text (no segments) without pieces", async () => {
    const user = await createTestUser(t.db);
    const call = await analysedCall(user.id, null);
    await runStage(stageDeps(createLocalEmbedder()), "embed", { callId: call.id, userId: user.id });
    expect((await callVector(call.id)).vector).not.toBeNull();
    expect(await chunksOf(call.id)).toEqual([]);
  });

  it("sends the call's text and its pieces to Voyage in one request", async () => {
    const user = await createTestUser(t.db);
    const call = await analysedCall(user.id, segments("renewal price"));
    const embedder = createVoyageEmbedder({ apiKey: voyage.apiKey, baseUrl: voyage.baseUrl, model: "voyage-3.5", timeoutMs: 10_000 });
    const before = voyage.embeddings().length;
    await runStage(stageDeps(embedder), "embed", { callId: call.id, userId: user.id });
    const requests = voyage.embeddings().slice(before);
    expect(requests).toHaveLength(1);
    const input = (requests[0]!.json as { input: string[] }).input;
    expect(input).toHaveLength(1 + 4);
    expect(input[0]).toContain("A call about the renewal price.");
    expect((await chunksOf(call.id)).map((c) => c.model)).toEqual(Array(4).fill("voyage:voyage-3.5"));
  });
});

describe("embedCall", () => {
  it("re-embeds a call and its pieces with another model, the same way the stage does", async () => {
    const user = await createTestUser(t.db);
    const call = await analysedCall(user.id, segments("renewal price"));
    await runStage(stageDeps(createLocalEmbedder()), "embed", { callId: call.id, userId: user.id });
    const voyageEmbedder = createVoyageEmbedder({ apiKey: voyage.apiKey, baseUrl: voyage.baseUrl, model: "voyage-3.5", timeoutMs: 10_000 });
    expect(await embedCall({ db: t.db, embedder: voyageEmbedder }, call.id)).toBe(true);
    expect((await callVector(call.id)).model).toBe("voyage:voyage-3.5");
    const chunks = await chunksOf(call.id);
    expect(chunks).toHaveLength(4);
    expect(new Set(chunks.map((c) => c.model))).toEqual(new Set(["voyage:voyage-3.5"]));
  });

  it("drops its result when the call changed while it was embedding (the pipeline's stage embeds it then)", async () => {
    const user = await createTestUser(t.db);
    const call = await analysedCall(user.id, segments("renewal price"));
    const local = createLocalEmbedder();
    const racing: Embedder = {
      ...local,
      async embed(texts, options) {
        await t.db.call.update({ where: { id: call.id }, data: { summary: "A new summary from a re-run analysis." } });
        return local.embed(texts, options);
      },
    };
    expect(await embedCall({ db: t.db, embedder: racing }, call.id)).toBe(false);
    expect(await callVector(call.id)).toEqual({ model: null, vector: null });
    expect(await chunksOf(call.id)).toEqual([]);
    // Nothing to embed: no transcript, or no such call.
    const untranscribed = await analysedCall(user.id, null, null as unknown as string);
    expect(await embedCall({ db: t.db, embedder: local }, untranscribed.id)).toBe(false);
    expect(await embedCall({ db: t.db, embedder: local }, "no-such-call")).toBe(false);
  });
});
