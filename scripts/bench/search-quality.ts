/**
 * Search relevance (issue 14, deliverable 4): how well `searchEverything` ranks, by full text
 * alone, by vectors alone, and by both fused (the product), on a generated corpus with labelled
 * queries (scripts/bench/search-quality/).
 *
 * The corpus (corpus.ts: 2,200 contacts, 500 calls with time-stamped transcripts, 5,000 texts,
 * 1,000 tasks, 300 events, 200 reminders, from a seed) is seeded for one user on the embedded
 * database, indexed with the local embedder (createLocalEmbedder), and each query of queries.json
 * (written from how the corpus was generated, see queries.ts) is run in "list" mode, limit 10,
 * with SearchDeps.methods "text", "vector" and "hybrid". Reported: NDCG@10 and recall@10 of each
 * method overall and per query kind, the hybrid's relative gain over the better single method
 * (goal ≥ 7%), the best recall@10 any ranking could reach per kind (a kind with more than 10
 * relevant items cannot reach 1), corpus and query counts, and timings. Also NDCG@10 with the
 * search filtered to the relevant items' types (`types`, the /search page's filter): it tells a
 * ranking that does not find an item from one whose hits are crowded out by other types' hits.
 * The vectors are written by the app's own embedPending / embedCall, with the HNSW indexes built
 * after the load (inserting 9,200 vectors one by one into them takes the embedded database
 * minutes).
 *
 * `npm run -s bench -- search-quality` (JSON on stdout, progress on stderr).
 * `npm run -s bench -- search-quality --write-queries` rewrites queries.json from the generator
 * (after changing the corpus or the query kinds; never from search results).
 * SEARCH_QUALITY_DETAILS=<file> also writes every query's top 10 per method there.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDb } from "../../src/server/db";
import { createLocalEmbedder } from "../../src/server/providers/local-embedder";
import { searchQueryInput } from "../../src/server/search/schemas";
import { searchEverything, type SearchDeps } from "../../src/server/search/search";
import { onEachBenchDatabase, type BenchDatabase } from "./databases";
import { generateCorpus, keysOf, type Corpus } from "./search-quality/corpus";
import { mean, ndcgAt, recallAt, relativeGain } from "./search-quality/metrics";
import { buildQueries, type LabelledQuery } from "./search-quality/queries";
import { indexCorpus, keyOfId, seedCorpus, withVectorIndexesBuiltAfter } from "./search-quality/seed";
import { percentile, round } from "./stats";

const K = 10;
const METHODS = ["text", "vector", "hybrid"] as const;
type Method = (typeof METHODS)[number];
const GOAL = 0.07;
const QUERIES_PATH = fileURLToPath(new URL("./search-quality/queries.json", import.meta.url));

export function writeQueries(corpus: Corpus = generateCorpus()): LabelledQuery[] {
  const queries = buildQueries(corpus);
  writeFileSync(QUERIES_PATH, `${JSON.stringify(queries, null, 2)}\n`);
  return queries;
}

const r3 = (value: number) => Math.round(value * 1000) / 1000;

interface Scored {
  query: LabelledQuery;
  top: Record<Method, string[]>;
  ndcg: Record<Method, number>;
  recall: Record<Method, number>;
  /** The same with the search filtered to the relevant items' types (the /search page's type filter). */
  typedNdcg: Record<Method, number>;
}

function summarize(scored: Scored[]) {
  const of = (method: Method) => ({
    ndcgAt10: r3(mean(scored.map((s) => s.ndcg[method]))),
    recallAt10: r3(mean(scored.map((s) => s.recall[method]))),
  });
  const methods = Object.fromEntries(METHODS.map((method) => [method, of(method)])) as Record<Method, { ndcgAt10: number; recallAt10: number }>;
  const better: Exclude<Method, "hybrid"> = methods.text.ndcgAt10 >= methods.vector.ndcgAt10 ? "text" : "vector";
  const gain = relativeGain(methods.hybrid.ndcgAt10, methods[better].ndcgAt10);
  const typed = Object.fromEntries(METHODS.map((method) => [method, r3(mean(scored.map((s) => s.typedNdcg[method])))]));
  return { ...methods, betterSingle: better, hybridGainNdcg: gain === null ? null : r3(gain), ndcgAt10WithinRelevantTypes: typed };
}

async function benchOn(database: BenchDatabase, queries: LabelledQuery[], corpus: Corpus): Promise<Record<string, unknown>> {
  const db = createDb(database.url, { max: 8 });
  try {
    const user = await db.user.create({
      data: { email: "quality@example.com", name: "Quality", passwordHash: "x", defaultRegion: "US", timezone: "UTC" },
    });
    console.error(`search-quality: seeding the corpus on ${database.engine}…`);
    let started = performance.now();
    await seedCorpus(db, user.id, corpus);
    const seedMs = performance.now() - started;

    console.error(`search-quality: indexing with the local embedder…`);
    const embedder = createLocalEmbedder();
    started = performance.now();
    let indexed = { rows: 0, calls: 0, chunks: 0 };
    const hnswBuildMs = await withVectorIndexesBuiltAfter(db, async () => {
      indexed = await indexCorpus(db, embedder, user.id);
    });
    const indexMs = performance.now() - started;
    await db.$executeRawUnsafe(`ANALYZE`);

    const depsOf = (methods: Method): SearchDeps => ({ db, providers: { embedder }, methods });
    const ms: Record<Method, number[]> = { text: [], vector: [], hybrid: [] };
    const scored: Scored[] = [];
    // One warm-up pass of a few queries (plans, caches), not measured.
    for (const query of queries.slice(0, 5)) {
      for (const method of METHODS) await searchEverything(depsOf(method), user.id, searchQueryInput.parse({ q: query.q, mode: "list", limit: K }));
    }
    console.error(`search-quality: ${queries.length} queries × ${METHODS.length} methods…`);
    for (const [index, query] of queries.entries()) {
      const top = {} as Record<Method, string[]>;
      const typedNdcg = {} as Record<Method, number>;
      const types = [...new Set(Object.keys(query.relevant).map((key) => key.split(":")[0]!))];
      for (const method of METHODS) {
        const t = performance.now();
        const result = await searchEverything(depsOf(method), user.id, searchQueryInput.parse({ q: query.q, mode: "list", limit: K }));
        ms[method].push(performance.now() - t);
        top[method] = result.hits.map((hit) => keyOfId(hit.type, hit.id));
        const typed = await searchEverything(depsOf(method), user.id, searchQueryInput.parse({ q: query.q, mode: "list", limit: K, types }));
        typedNdcg[method] = ndcgAt(
          typed.hits.map((hit) => keyOfId(hit.type, hit.id)),
          query.relevant,
          K,
        );
      }
      scored.push({
        query,
        top,
        ndcg: Object.fromEntries(METHODS.map((method) => [method, ndcgAt(top[method], query.relevant, K)])) as Record<Method, number>,
        recall: Object.fromEntries(METHODS.map((method) => [method, recallAt(top[method], query.relevant, K)])) as Record<Method, number>,
        typedNdcg,
      });
      if ((index + 1) % 25 === 0) console.error(`search-quality: ${index + 1}/${queries.length}`);
    }

    const details = process.env.SEARCH_QUALITY_DETAILS;
    if (details) {
      writeFileSync(
        details,
        JSON.stringify(
          scored.map((s) => ({ id: s.query.id, kind: s.query.kind, q: s.query.q, relevant: s.query.relevant, ndcg: s.ndcg, typedNdcg: s.typedNdcg, top: s.top })),
          null,
          1,
        ),
      );
    }

    const kinds = [...new Set(queries.map((query) => query.kind))];
    const byKind = Object.fromEntries(
      kinds.map((kind) => {
        const ofKind = scored.filter((s) => s.query.kind === kind);
        const ceiling = mean(ofKind.map((s) => Math.min(K, Object.keys(s.query.relevant).length) / Object.keys(s.query.relevant).length));
        return [kind, { queries: ofKind.length, ...summarize(ofKind), bestPossibleRecallAt10: r3(ceiling) }];
      }),
    );
    const overall = summarize(scored);
    const timing = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
    };
    return {
      engine: database.engine,
      server: database.server,
      corpus: {
        seed: corpus.seed,
        contacts: corpus.contacts.length,
        calls: corpus.calls.length,
        callSegments: corpus.calls.reduce((sum, call) => sum + call.segments.length, 0),
        messages: corpus.messages.length,
        tasks: corpus.tasks.length,
        events: corpus.events.length,
        reminders: corpus.reminders.length,
        rowVectors: indexed.rows,
        callVectors: indexed.calls,
        callChunks: indexed.chunks,
      },
      queries: queries.length,
      relevantPerQuery: r3(mean(queries.map((query) => Object.keys(query.relevant).length))),
      k: K,
      overall,
      goal: { hybridGainOverBetterSingle: GOAL, meets: overall.hybridGainNdcg !== null && overall.hybridGainNdcg >= GOAL },
      byKind,
      timingMs: {
        seed: Math.round(seedMs),
        index: Math.round(indexMs),
        hnswBuild: Math.round(hnswBuildMs),
        searchPerQuery: Object.fromEntries(METHODS.map((method) => [method, timing(ms[method])])),
      },
    };
  } finally {
    await db.$disconnect();
  }
}

export async function benchSearchQuality(): Promise<Record<string, unknown>> {
  const started = performance.now();
  const corpus = generateCorpus();
  if (process.argv.includes("--write-queries")) {
    const written = writeQueries(corpus);
    console.error(`search-quality: wrote ${written.length} queries to ${QUERIES_PATH}`);
  }
  const queries = JSON.parse(readFileSync(QUERIES_PATH, "utf8")) as LabelledQuery[];
  const keys = keysOf(corpus);
  const missing = queries.flatMap((query) => Object.keys(query.relevant).filter((key) => !keys.has(key)));
  if (missing.length) throw new Error(`labels name items the corpus does not have: ${missing.slice(0, 5).join(", ")}`);
  const databases = await onEachBenchDatabase((database) => benchOn(database, queries, corpus));
  return { benchmark: "search-quality", totalMs: Math.round(performance.now() - started), databases };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSearchQuality(), null, 2));
}
