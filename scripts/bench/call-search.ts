/**
 * Call search at 10,000 calls (BENCH_SEARCH_CALLS): p50/p95 of `calls.list` with a search (query
 * embedding, pgvector HNSW neighbours, full text, rank fusion, snippets) against the same call
 * without a search (newest first), interleaved in one run on the embedded database, plus how
 * often the best hit is about the query's topic. Embeddings are the local embedder's (no keys).
 * Run alone: `npm run bench -- call-search`.
 */
import { pathToFileURL } from "node:url";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { createDb } from "../../src/server/db";
import { benchCaller, percentile, round } from "./stats";
import { vectorLiteral } from "../../src/server/pipeline/embed";
import { embedText } from "../../src/server/providers/local-embedder";

const CALLS = Number(process.env.BENCH_SEARCH_CALLS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 60);

/** Each call is about one topic, in words that vary from call to call. */
const TOPICS = [
  { topic: "renewal", lines: ["We want to renew the contract for another year.", "Can you send the renewal paperwork?", "The renewal price looks fine."] },
  { topic: "delivery", lines: ["The delivery is late again.", "The supplier missed the shipment date.", "When will the materials arrive?"] },
  { topic: "invoice", lines: ["The invoice is overdue.", "We were billed twice on the last invoice.", "Please send a corrected invoice."] },
  { topic: "appointment", lines: ["I need to move my appointment to Thursday.", "The clinic can see you next week.", "Please confirm the appointment time."] },
  { topic: "hiring", lines: ["We are hiring two engineers.", "The candidate accepted the offer.", "Can you schedule the interview?"] },
  { topic: "dinner", lines: ["Are we still on for dinner on Saturday?", "I booked a table for six.", "Bring dessert to the dinner."] },
  { topic: "repair", lines: ["The boiler broke again.", "The plumber can come on Monday.", "The repair estimate is too high."] },
  { topic: "travel", lines: ["The flight to Stockholm is booked.", "The hotel is near the conference.", "Send me the travel itinerary."] },
];
const QUERIES = [
  { q: "contract renewal", topic: "renewal" },
  { q: "late shipment from the supplier", topic: "delivery" },
  { q: "billing problem", topic: "invoice" },
  { q: "reschedule the clinic visit", topic: "appointment" },
  { q: "job candidate interview", topic: "hiring" },
  { q: "broken boiler", topic: "repair" },
];


function transcript(n: number): { topic: string; text: string } {
  const { topic, lines } = TOPICS[n % TOPICS.length]!;
  const filler = ["Hi, thanks for calling.", "Sure, no problem.", "Okay, talk soon.", "Let me check my calendar."];
  const text = [filler[n % filler.length], lines[n % lines.length], lines[(n + 1) % lines.length], filler[(n + 2) % filler.length]].join(" ");
  return { topic, text };
}

export async function benchCallSearch(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const db = createDb(server.url, { max: 4 });
  try {
    await migrate({ connectionString: server.url });
    const [owner, other] = await Promise.all([
      db.user.create({ data: { email: "bench@example.com", name: "Bench", passwordHash: "x" } }),
      db.user.create({ data: { email: "other@example.com", name: "Other", passwordHash: "x" } }),
    ]);
    const seeded = performance.now();
    const topicOf = new Map<string, string>();
    for (const [userId, count] of [
      [owner.id, CALLS],
      [other.id, Math.round(CALLS / 10)],
    ] as const) {
      for (let start = 0; start < count; start += 500) {
        const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
          const n = start + i;
          const { topic, text } = transcript(n);
          const id = `${userId}-${n}`;
          topicOf.set(id, topic);
          return { id, text, vector: vectorLiteral(embedText(text)) };
        });
        await db.$executeRaw`
          INSERT INTO "Call" ("id", "userId", "direction", "status", "fromNumber", "toNumber", "counterpartNumber",
                              "startedAt", "transcriptText", "summary", "embedding", "embeddingModel", "updatedAt")
          SELECT r.id, ${userId}, 'inbound', 'completed', '+13125550100', '+14155550100', '+13125550100',
                 now() - (r.n || ' minutes')::interval, r.text, NULL, r.vector::halfvec, 'local:hash-ngram-v1', now()
            FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.vector)}::text[],
                        ${rows.map((_, i) => start + i)}::int[]) AS r(id, text, vector, n)`;
      }
    }
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Call"`);
    const seedMs = performance.now() - seeded;

    const api = await benchCaller(db, owner);

    const searchMs: number[] = [];
    const listMs: number[] = [];
    let topHits = 0;
    let foreign = 0;
    for (let i = 0; i < SAMPLES + 6; i++) {
      const { q, topic } = QUERIES[i % QUERIES.length]!;
      const order = i % 2 === 0 ? ["search", "list"] : ["list", "search"];
      for (const which of order) {
        const started = performance.now();
        const result = which === "search" ? await api.calls.list({ q, pageSize: 25 }) : await api.calls.list({ pageSize: 25 });
        const ms = performance.now() - started;
        if (i < 6) continue; // warm-up
        (which === "search" ? searchMs : listMs).push(ms);
        if (which === "search") {
          if (topicOf.get(result.items[0]?.id ?? "") === topic) topHits += 1;
          foreign += result.items.filter((c) => !c.id.startsWith(owner.id)).length;
        }
      }
    }
    if (foreign) throw new Error(`search returned ${foreign} calls of another user`);
    searchMs.sort((a, b) => a - b);
    listMs.sort((a, b) => a - b);
    const search = { p50: round(percentile(searchMs, 50)), p95: round(percentile(searchMs, 95)) };
    const list = { p50: round(percentile(listMs, 50)), p95: round(percentile(listMs, 95)) };
    return {
      benchmark: "call-search",
      calls: CALLS,
      samplesEach: SAMPLES,
      seedMs: Math.round(seedMs),
      searchMs: search,
      newestFirstMs: list,
      ratioP50: round(search.p50 / list.p50),
      ratioP95: round(search.p95 / list.p95),
      bestHitOnTopic: round(topHits / SAMPLES),
    };
  } finally {
    await db.$disconnect();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchCallSearch(), null, 2));
}
