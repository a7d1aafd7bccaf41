import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";
import { vectorLiteral } from "~/server/pipeline/embed";
import { createLocalEmbedder } from "~/server/providers/local-embedder";
import type { Embedder } from "~/server/providers/types";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { listCalls } from "../calls/calls";
import { listCallsInput } from "../calls/schemas";

/** calls.list with `q`: hybrid search (meaning + words, fused by rank) over the user's calls. */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

const local = createLocalEmbedder();

async function addCall(userId: string, transcript: string, summary: string, options: { embed?: boolean; direction?: "inbound" | "outbound" } = {}) {
  const call = await t.db.call.create({
    data: {
      userId,
      direction: options.direction ?? "inbound",
      status: "completed",
      fromNumber: "+13125550100",
      toNumber: "+14155550100",
      counterpartNumber: "+13125550100",
      transcriptText: transcript,
      summary,
    },
  });
  if (options.embed !== false) {
    const [vector] = await local.embed([`${summary}\n\n${transcript}`], { inputType: "document" });
    await t.db.$executeRaw`UPDATE "Call" SET embedding = ${vectorLiteral(vector!)}::halfvec, "embeddingModel" = ${local.model} WHERE id = ${call.id}`;
  }
  return call;
}

const search = (userId: string, q: string, extra: Record<string, unknown> = {}, embedder: Embedder = local) =>
  listCalls({ db: t.db, providers: { embedder } }, userId, listCallsInput.parse({ q, ...extra }));

describe("call search", () => {
  it("ranks the call about the subject first, with the matching words highlighted", async () => {
    const user = await createTestUser(t.db);
    const renewal = await addCall(user.id, "We would like to renew the contract for another year. I'll send the renewal paperwork by Friday.", "Contract renewal for next year.");
    await addCall(user.id, "The materials are late again and the crew is waiting. We need a firm delivery date.", "Delivery delays on the renovation.");
    await addCall(user.id, "Happy birthday! Are we still on for dinner on Saturday?", "Dinner plans.");

    const result = await search(user.id, "contract renewal");
    expect(result.items[0]?.id).toBe(renewal.id);
    // Nearest is not related: the birthday call is not a match, by words or by meaning.
    expect(result.items.map((c) => c.summary)).not.toContain("Dinner plans.");
    expect(result.items[0]?.snippet).toContain(`${HIGHLIGHT_START}renew`);
    expect(result.items[0]?.snippet).toContain(HIGHLIGHT_END);
    expect(result.total).toBe(result.items.length);
  });

  it("finds a call by words even when it has no embedding, and when the embedder is down", async () => {
    const user = await createTestUser(t.db);
    const plain = await addCall(user.id, "Please reschedule the plumber for Tuesday morning.", "Plumber visit moved.", { embed: false });
    expect((await search(user.id, "plumber")).items.map((c) => c.id)).toEqual([plain.id]);
    const down: Embedder = { model: local.model, relatedAbove: local.relatedAbove, embed: () => Promise.reject(new Error("voyage: 503")) };
    expect((await search(user.id, "plumber", {}, down)).items.map((c) => c.id)).toEqual([plain.id]);
  });

  it("keeps the filters, pages the ranking, and never returns another user's calls", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const inbound = await addCall(user.id, "Invoice number 42 is overdue, please pay the invoice.", "Overdue invoice.");
    const outbound = await addCall(user.id, "I am calling about the invoice you sent yesterday.", "Question about an invoice.", { direction: "outbound" });
    await addCall(other.id, "Another invoice for someone else entirely.", "Invoice.");

    const all = await search(user.id, "invoice");
    expect(all.items.map((c) => c.id).sort()).toEqual([inbound.id, outbound.id].sort());
    expect((await search(user.id, "invoice", { direction: "outbound" })).items.map((c) => c.id)).toEqual([outbound.id]);
    const first = await search(user.id, "invoice", { pageSize: 1 });
    const second = await search(user.id, "invoice", { pageSize: 1, page: 2 });
    expect(first.total).toBe(2);
    expect([first.items[0]?.id, second.items[0]?.id].sort()).toEqual([inbound.id, outbound.id].sort());

    // Through tRPC (with the environment's embedder: the local one, no VOYAGE_API_KEY in tests).
    const api = await callerFor(t.db, other);
    expect((await api.calls.list({ q: "overdue invoice" })).items.every((c) => c.id !== inbound.id)).toBe(true);
    await expect(api.calls.list({ q: "x".repeat(201) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
