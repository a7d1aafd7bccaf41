import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createLocalEmbedder, embedText } from "~/server/providers/local-embedder";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { embedCall } from "./embeddings/calls";
import { embedPending } from "./embeddings/embed";
import { copyMissingSearchVectors } from "./embeddings/indexing";
import { searchQueryInput } from "./schemas";
import { searchEverything } from "./search";
import { nearestSql, nearestSteps, type NearestQuery } from "./vectors";

/**
 * Ranking by meaning, user by user: another user's nearer vectors never crowd out the user's own
 * (HNSW iterative scans, vectors.ts).
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const local = createLocalEmbedder();
const QUERY = "renewal price for the annual plan";

/** Messages, indexed as the search.embed job does it. */
async function addMessages(userId: string, bodies: string[], prefix = "m"): Promise<string[]> {
  const ids = bodies.map((_, i) => `${userId}-${prefix}${i}`);
  await t.db.$executeRaw`
    INSERT INTO "Message" ("id", "userId", "direction", "fromNumber", "toNumber", "counterpartNumber", "body", "deliveryStatus", "updatedAt")
    SELECT id, ${userId}, 'inbound', '+13125550177', '+14155550100', '+13125550177', body, 'received', now()
      FROM unnest(${ids}::text[], ${bodies}::text[]) AS x(id, body)`;
  await embedPending({ db: t.db, embedder: local }, userId);
  return ids;
}

describe("ranking by meaning", () => {
  it("finds the user's own nearest rows when another user's nearer rows crowd the index", async () => {
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    // The other user: texts nearly identical to the query (the nearest vectors in the index).
    const others = await addMessages(other.id, Array.from({ length: 150 }, (_, i) => `The renewal price for the annual plan, quote ${i}`));
    // The owner: unrelated texts, and three about the same thing in other words.
    await addMessages(owner.id, Array.from({ length: 150 }, (_, i) => `Picked up the groceries and walked the dog ${i}`));
    const own = await addMessages(
      owner.id,
      ["Our annual renewal went up in price", "What will the plan cost when we renew", "renewal pricing for next year's plan"],
      "own",
    );
    await t.db.$executeRaw`ANALYZE "Message"`;

    // Through the product: the owner's three, nearest first, and nothing of the other user's.
    const result = await searchEverything(
      { db: t.db, providers: { embedder: local }, methods: "vector" },
      owner.id,
      searchQueryInput.parse({ q: QUERY, types: ["message"], mode: "list", limit: 10 }),
    );
    const found = result.hits.map((hit) => hit.id);
    expect(found.slice(0, 3).sort()).toEqual([...own].sort());
    expect(found.filter((id) => others.includes(id))).toEqual([]);

    // With so few rows the planner may sort the owner's rows exactly instead of using the index.
    // Forced onto the HNSW index (no sorting allowed), nearestRows' statements still find all
    // three; the same plan without iterative scans finds fewer (the scan's ef_search nearest are
    // the other user's), so this setup does crowd the index.
    const nearest: NearestQuery = {
      table: Prisma.sql`"SearchVector"`,
      columns: Prisma.sql`"rowId" AS "id"`,
      where: Prisma.sql`"type" = 'message'`,
      userId: owner.id,
      vector: embedText(QUERY),
      embedder: local,
      limit: 10,
    };
    const noSort = () => t.db.$executeRawUnsafe(`SET LOCAL enable_sort = off`);
    const [, plan] = await t.db.$transaction([noSort(), t.db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${nearestSql(nearest)}`]);
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("SearchVector_embedding_hnsw_idx");

    const [, , , , iterative] = await t.db.$transaction([noSort(), ...nearestSteps(t.db, nearest)]);
    expect(iterative.map((row) => row.id).slice(0, 3).sort()).toEqual([...own].sort());

    const [, , plain] = await t.db.$transaction([
      noSort(),
      t.db.$executeRawUnsafe(`SET LOCAL hnsw.iterative_scan = off`),
      t.db.$queryRaw<{ id: string }[]>(nearestSql(nearest)),
    ]);
    expect(plain.filter((row) => own.includes(row.id)).length).toBeLessThan(3);
  });

  it("keeps one copy of every vector in SearchVector: embedded, edited and embedded again, deleted, a call's pieces replaced", async () => {
    const user = await createTestUser(t.db);
    const copies = () =>
      t.db.$queryRaw<{ type: string; rowId: string; seq: number; startSeconds: number | null }[]>`
        SELECT "type", "rowId", "seq", "startSeconds" FROM "SearchVector" WHERE "userId" = ${user.id} ORDER BY "type", "rowId", "seq"`;
    const [message] = await addMessages(user.id, ["The invoice for March is attached"]);
    const task = await t.db.task.create({ data: { userId: user.id, title: "Pay the March invoice" } });
    await embedPending({ db: t.db, embedder: local }, user.id);
    expect(await copies()).toEqual([
      { type: "message", rowId: message, seq: 0, startSeconds: null },
      { type: "task", rowId: task.id, seq: 0, startSeconds: null },
    ]);
    const same = async (type: string, rowId: string, table: Prisma.Sql) => {
      const [row] = await t.db.$queryRaw<{ same: boolean }[]>`
        SELECT v."embedding" = s."embedding" AS same FROM "SearchVector" v JOIN ${table} s ON s."id" = v."rowId" WHERE v."type" = ${type} AND v."rowId" = ${rowId}`;
      return row?.same;
    };

    // Edited, then embedded again: the copy follows the new vector; an edit the vector does not read changes nothing.
    await t.db.task.update({ where: { id: task.id }, data: { title: "Pay the April invoice" } });
    await embedPending({ db: t.db, embedder: local }, user.id);
    expect(await same("task", task.id, Prisma.sql`"Task"`)).toBe(true);
    await t.db.task.update({ where: { id: task.id }, data: { status: "done" } });
    expect(await copies()).toHaveLength(2);

    // Deleted: its copy goes with it.
    await t.db.message.delete({ where: { id: message } });
    expect((await copies()).map((row) => row.type)).toEqual(["task"]);

    // A call and its pieces, then a new transcript: the pieces' copies are replaced, seconds included.
    const segments = (words: string) =>
      Array.from({ length: 10 }, (_, i) => ({ speaker: i % 2, start: i * 20, end: i * 20 + 19, text: `${words} part ${i} of the conversation, long enough to fill a piece of the transcript on its own.` }));
    const call = await t.db.call.create({
      data: {
        userId: user.id,
        direction: "inbound",
        status: "completed",
        fromNumber: "+13125550177",
        toNumber: "+14155550100",
        counterpartNumber: "+13125550177",
        transcriptText: segments("Roofing estimate").map((segment) => segment.text).join(" "),
        transcriptSegments: segments("Roofing estimate"),
      },
    });
    expect(await embedCall({ db: t.db, embedder: local }, call.id)).toBe(true);
    const pieces = await t.db.$queryRaw<{ seq: number; startSeconds: number }[]>`
      SELECT "seq", "startSeconds" FROM "CallChunk" WHERE "callId" = ${call.id} ORDER BY "seq"`;
    expect(pieces.length).toBeGreaterThan(1);
    const ofCall = async () => (await copies()).filter((row) => row.rowId === call.id);
    expect(await ofCall()).toEqual([
      { type: "call", rowId: call.id, seq: 0, startSeconds: null },
      ...pieces.map((piece) => ({ type: "piece", rowId: call.id, seq: piece.seq, startSeconds: piece.startSeconds })),
    ]);
    await t.db.call.update({ where: { id: call.id }, data: { transcriptSegments: segments("Gutter repair").slice(0, 3), transcriptText: "Gutter repair" } });
    expect(await embedCall({ db: t.db, embedder: local }, call.id)).toBe(true);
    const after = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "CallChunk" WHERE "callId" = ${call.id}`;
    expect((await ofCall()).filter((row) => row.type === "piece")).toHaveLength(after[0]!.n);

    // The call deleted: its vector and its pieces' copies go (the pieces by cascade).
    await t.db.call.delete({ where: { id: call.id } });
    expect(await ofCall()).toEqual([]);
  });

  it("copies the vectors written before SearchVector existed, once, at worker start", async () => {
    const user = await createTestUser(t.db);
    // As before the migration: vectors written with no trigger to copy them.
    await t.db.$executeRawUnsafe(`ALTER TABLE "Message" DISABLE TRIGGER "Message_search_vector"`);
    try {
      await addMessages(user.id, ["Old message one about the lease", "Old message two about the deposit"], "old");
    } finally {
      await t.db.$executeRawUnsafe(`ALTER TABLE "Message" ENABLE TRIGGER "Message_search_vector"`);
    }
    const count = async () =>
      (await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "SearchVector" WHERE "userId" = ${user.id}`)[0]!.n;
    expect(await count()).toBe(0);
    expect(await copyMissingSearchVectors(t.db)).toBeGreaterThanOrEqual(2);
    expect(await count()).toBe(2);
    expect(await copyMissingSearchVectors(t.db)).toBe(0);
  });
});
