/**
 * Embedded database benchmark: simple parameterized selects per second, side by side in one run,
 *  - in process: `db.query('select $1::int + 1', [i])` on the PGlite instance itself;
 *  - through the wire proxy with one pg.Client;
 *  - through the wire proxy with a pg.Pool of 10 (10 queries in flight).
 * Reports the proxy/in-process ratios. Then the cost of EMBEDDED_DB_FSYNC=on: 2,000
 * (BENCH_EMBEDDED_DB_COMMITS) single-row INSERT commits through the wire proxy with one
 * pg.Client, on an on-disk data directory under .data/, with fsync off and on, side by side
 * (with what one write + fsync costs on that disk, for reading the difference).
 * Run alone: `tsx scripts/bench/embedded-db.ts`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { round } from "./stats";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";

const DURATION_MS = Number(process.env.BENCH_EMBEDDED_DB_MS ?? 3000);
const COMMITS = Number(process.env.BENCH_EMBEDDED_DB_COMMITS ?? 2000);
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
      durableCommits: await benchCommits(),
    };
  } finally {
    await client.end().catch(() => {});
    await pool.end().catch(() => {});
    await server.stop();
  }
}

/**
 * COMMITS autocommit INSERTs through the proxy, on disk, with fsync off and on. Both servers run
 * at once and take turns in rounds, so load from other processes weighs on both alike.
 */
async function benchCommits(): Promise<Record<string, unknown>> {
  // On the project's disk (not a tmpfs /tmp, where fsync costs nothing).
  const root = join(process.cwd(), ".data", `bench-embedded-db-${process.pid}`);
  mkdirSync(root, { recursive: true });
  const open = async (fsync: boolean) => {
    const server = await startEmbeddedPostgres({ port: 0, dataDir: join(root, fsync ? "fsync-on" : "fsync-off"), fsync });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("create table bench_commits (id serial primary key, v text not null)");
    for (let i = 0; i < 50; i++) await client.query("insert into bench_commits (v) values ($1)", ["warm-up"]);
    return { server, client, ms: 0 };
  };
  const cases: Awaited<ReturnType<typeof open>>[] = [];
  try {
    cases.push(await open(false), await open(true));
    const rounds = 4;
    const perRound = Math.ceil(COMMITS / rounds);
    for (let r = 0; r < rounds; r++) {
      for (const c of cases) {
        const started = performance.now();
        for (let i = 0; i < perRound; i++) await c.client.query("insert into bench_commits (v) values ($1)", [`row ${i}`]);
        c.ms += performance.now() - started;
      }
    }
    const total = perRound * rounds;
    for (const c of cases) {
      const { rows } = await c.client.query<{ n: number }>("select count(*)::int as n from bench_commits");
      if (rows[0]?.n !== total + 50) throw new Error(`expected ${total + 50} rows, found ${rows[0]?.n}`);
    }
    const result = (c: (typeof cases)[number]) => ({
      commitsPerSecond: Math.round(total / (c.ms / 1000)),
      msPerCommit: round(c.ms / total, 3),
    });
    const [off, on] = [result(cases[0]!), result(cases[1]!)];
    return {
      commits: total,
      statement: "insert into bench_commits (v) values ($1) (autocommit, one pg.Client each)",
      fsyncOff: off,
      fsyncOn: on,
      slowdownOnVsOff: round(on.msPerCommit / off.msPerCommit),
      // What one fsync costs on this disk: the floor of fsync on's extra cost per commit.
      diskWriteFsyncMs: round(probeFsync(root), 3),
    };
  } finally {
    for (const c of cases) {
      await c.client.end().catch(() => {});
      await c.server.stop();
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/** Mean time of an 8 KiB write + fsync in `dir`. */
function probeFsync(dir: string): number {
  const file = join(dir, "fsync-probe");
  const fd = openSync(file, "w");
  const block = Buffer.alloc(8192, 1);
  const started = performance.now();
  for (let i = 0; i < 200; i++) {
    writeSync(fd, block);
    fsyncSync(fd);
  }
  const ms = (performance.now() - started) / 200;
  closeSync(fd);
  return ms;
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
