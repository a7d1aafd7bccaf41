/**
 * Embedded database benchmark: simple parameterized selects per second, side by side in one run,
 *  - in process: `db.query('select $1::int + 1', [i])` on the PGlite instance itself;
 *  - through the wire proxy with one pg.Client;
 *  - through the wire proxy with a pg.Pool of 10 (10 queries in flight).
 * Reports the proxy/in-process ratios. Run alone: `tsx scripts/bench/embedded-db.ts`.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import { round } from "./stats";
import { startEmbeddedPostgres } from "../../src/server/db/embedded/server";

const DURATION_MS = Number(process.env.BENCH_EMBEDDED_DB_MS ?? 3000);
const WARMUP_MS = 500;

async function measure(run: (i: number) => Promise<void>, concurrency: number, ms: number): Promise<number> {
  let i = 0;
  let done = 0;
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const n = i++;
        await run(n);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

function check(got: unknown, n: number): void {
  if (got !== n + 1) throw new Error(`wrong result: ${String(got)} for ${n}`);
}

export async function benchEmbeddedDb(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const client = new pg.Client({ connectionString: server.url });
  const pool = new pg.Pool({ connectionString: server.url, max: 10 });
  pool.on("error", () => {}); // idle clients are told when the server stops
  try {
    await client.connect();
    const inProcess = (i: number) =>
      server.db.query<{ x: number }>("select $1::int + 1 as x", [i]).then((r) => check(r.rows[0]?.x, i));
    const viaClient = (i: number) =>
      client.query<{ x: number }>("select $1::int + 1 as x", [i]).then((r) => check(r.rows[0]?.x, i));
    const viaPool = (i: number) =>
      pool.query<{ x: number }>("select $1::int + 1 as x", [i]).then((r) => check(r.rows[0]?.x, i));

    // Warm up every path (JIT, pool connections), then measure each in turn.
    await measure(inProcess, 1, WARMUP_MS);
    await measure(viaClient, 1, WARMUP_MS);
    await measure(viaPool, 10, WARMUP_MS);
    const inProcessQps = await measure(inProcess, 1, DURATION_MS);
    const clientQps = await measure(viaClient, 1, DURATION_MS);
    const poolQps = await measure(viaPool, 10, DURATION_MS);
    return {
      benchmark: "embedded-db",
      query: "select $1::int + 1",
      durationMsPerCase: DURATION_MS,
      inProcessQps: Math.round(inProcessQps),
      proxyClientQps: Math.round(clientQps),
      proxyPool10Qps: Math.round(poolQps),
      ratioClientVsInProcess: round(clientQps / inProcessQps),
      ratioPool10VsInProcess: round(poolQps / inProcessQps),
      proxy: server.wire.stats(),
    };
  } finally {
    await client.end().catch(() => {});
    await pool.end().catch(() => {});
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchEmbeddedDb()
    .then((result) => {
      console.log(JSON.stringify(result, null, 2));
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
