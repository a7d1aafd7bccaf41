import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createLocalEmbedder, embedText } from "~/server/providers/local-embedder";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { embedPending } from "./embeddings/embed";
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
    const nearest: NearestQuery = { table: Prisma.sql`"Message"`, userId: owner.id, vector: embedText(QUERY), embedder: local, limit: 10 };
    const noSort = () => t.db.$executeRawUnsafe(`SET LOCAL enable_sort = off`);
    const [, plan] = await t.db.$transaction([noSort(), t.db.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${nearestSql(nearest)}`]);
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("Message_embedding_hnsw_idx");

    const [, , , , iterative] = await t.db.$transaction([noSort(), ...nearestSteps(t.db, nearest)]);
    expect(iterative.map((row) => row.id).slice(0, 3).sort()).toEqual([...own].sort());

    const [, , plain] = await t.db.$transaction([
      noSort(),
      t.db.$executeRawUnsafe(`SET LOCAL hnsw.iterative_scan = off`),
      t.db.$queryRaw<{ id: string }[]>(nearestSql(nearest)),
    ]);
    expect(plain.filter((row) => own.includes(row.id)).length).toBeLessThan(3);
  });
});
