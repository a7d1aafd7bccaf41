/**
 * Embedded database benchmark: simple parameterized selects per second, side by side in one run
 * (the cases take turns in rounds, so load from other processes weighs on all alike),
 *  - in process: `db.query('select $1::int + 1', [i])` on a PGlite instance in this thread;
 *  - through the wire proxy with PGlite on the proxy's own thread (how it ran before engine.ts
 *    moved PGlite to a worker thread), with one pg.Client and with a pg.Pool of 10;
 *  - through the wire proxy as startEmbeddedPostgres runs it (PGlite on its engine thread), the
 *    same two clients.
 * Reports the proxy/in-process ratios and what the engine thread costs (engine thread/same thread).
 * Then how fast the server recovers from a hung engine (watchdog 1 s, on disk): from the hung
 * statement to its client's error, and from there to serving again. Then the cost of EMBEDDED_DB_FSYNC=on: 2,000
 * (BENCH_EMBEDDED_DB_COMMITS) single-row INSERT commits through the wire proxy with one
 * pg.Client, on an on-disk data directory under .data/, with fsync off and on, side by side
 * (with what one write + fsync costs on that disk, for reading the difference).
 * Run alone: `tsx scripts/bench/embedded-db.ts`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { round } from "./stats";
import { EMBEDDED_DB_USER, generatePassword } from "../../src/embedded-db/credentials";
import { openPGlite } from "../../src/embedded-db/pglite";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { serveWire, type WireEngine } from "../../src/embedded-db/wire-proxy";

const DURATION_MS = Number(process.env.BENCH_EMBEDDED_DB_MS ?? 3000);
const COMMITS = Number(process.env.BENCH_EMBEDDED_DB_COMMITS ?? 2000);
const WARMUP_MS = 500;
const ROUNDS = 3;

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

type Case = { name: string; run: (i: number) => Promise<void>; concurrency: number; done: number; ms: number };

export async function benchEmbeddedDb(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const local = await sameThreadServer();
  const clients: pg.Client[] = [];
  const pools: pg.Pool[] = [];
  try {
    const select = (q: pg.Client | pg.Pool) => (i: number) =>
      q.query<{ x: number }>("select $1::int + 1 as x", [i]).then((r) => check(r.rows[0]?.x, i));
    const viaClient = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      clients.push(client);
      await client.connect();
      return select(client);
    };
    const viaPool = (url: string) => {
      const pool = new pg.Pool({ connectionString: url, max: 10 });
      pool.on("error", () => {}); // idle clients are told when the server stops
      pools.push(pool);
      return select(pool);
    };
    const cases: Case[] = [
      {
        name: "inProcess",
        run: (i: number) => local.db.query<{ x: number }>("select $1::int + 1 as x", [i]).then((r) => check(r.rows[0]?.x, i)),
        concurrency: 1,
      },
      { name: "sameThreadClient", run: await viaClient(local.url), concurrency: 1 },
      { name: "sameThreadPool10", run: viaPool(local.url), concurrency: 10 },
      { name: "engineThreadClient", run: await viaClient(server.url), concurrency: 1 },
      { name: "engineThreadPool10", run: viaPool(server.url), concurrency: 10 },
    ].map((c) => ({ ...c, done: 0, ms: 0 }));

    // Warm up every path (JIT, pool connections), then measure in rounds.
    for (const c of cases) await measure(c.run, c.concurrency, WARMUP_MS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of cases) {
        const started = performance.now();
        const qps = await measure(c.run, c.concurrency, DURATION_MS / ROUNDS);
        const ms = performance.now() - started;
        c.done += qps * (ms / 1000);
        c.ms += ms;
      }
    }
    const qps = Object.fromEntries(cases.map((c) => [c.name, c.done / (c.ms / 1000)])) as Record<string, number>;
    const q = (name: string) => qps[name]!;
    return {
      benchmark: "embedded-db",
      query: "select $1::int + 1",
      durationMsPerCase: DURATION_MS,
      qps: Object.fromEntries(Object.entries(qps).map(([k, v]) => [k, Math.round(v)])),
      ratioClientVsInProcess: round(q("engineThreadClient") / q("inProcess")),
      ratioPool10VsInProcess: round(q("engineThreadPool10") / q("inProcess")),
      // Below 1: what moving PGlite off the proxy's thread costs (the price of surviving a hang).
      ratioEngineThreadVsSameThreadClient: round(q("engineThreadClient") / q("sameThreadClient")),
      ratioEngineThreadVsSameThreadPool10: round(q("engineThreadPool10") / q("sameThreadPool10")),
      proxy: server.wire.stats(),
      recovery: await benchRecovery(),
      durableCommits: await benchCommits(),
    };
  } finally {
    for (const client of clients) await client.end().catch(() => {});
    for (const pool of pools) await pool.end().catch(() => {});
    await server.stop();
    await local.stop();
  }
}

/** The wire proxy with PGlite on this thread, as startEmbeddedPostgres served it before engine.ts. */
async function sameThreadServer() {
  const db = await openPGlite({});
  const password = generatePassword();
  const engine: WireEngine = {
    execProtocolRaw: (bytes) => db.execProtocolRaw(bytes),
    query: (sql, params) => db.query(sql, params),
    lock: () => lockDb(db),
  };
  const wire = await serveWire(engine, { auth: { user: EMBEDDED_DB_USER, password }, port: 0 });
  return {
    db,
    url: `postgresql://${EMBEDDED_DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${wire.port}/postgres`,
    async stop() {
      await wire.close();
      await db.close();
    },
  };
}

/** PGlite's own transaction and query mutexes, as the proxy held them before engine.ts. */
function lockDb(db: PGlite): Promise<() => void> {
  return new Promise((resolve, reject) => {
    let unlock!: () => void;
    const held = new Promise<void>((r) => (unlock = r));
    const internal = db as unknown as { _runExclusiveTransaction?: <T>(fn: () => Promise<T>) => Promise<T> };
    const inner = () =>
      db.runExclusive(() => {
        resolve(unlock);
        return held;
      });
    const run = internal._runExclusiveTransaction ? internal._runExclusiveTransaction.call(db, inner) : inner();
    run.catch(reject);
  });
}

/** A statement that never ends, on disk, watchdog 1 s: when its client hears, when the server serves again. */
async function benchRecovery(): Promise<Record<string, unknown>> {
  const root = join(process.cwd(), ".data", `bench-embedded-db-recovery-${process.pid}`);
  const watchdogMs = 1000;
  const server = await startEmbeddedPostgres({ port: 0, dataDir: root, statementTimeoutMs: watchdogMs });
  try {
    const client = new pg.Client({ connectionString: server.url });
    client.on("error", () => {});
    await client.connect();
    const started = performance.now();
    const code = await client.query("do $$ begin loop end loop; end $$").then(
      () => "answered",
      (err: { code?: string }) => err.code,
    );
    const failedAt = performance.now();
    while (server.db.state !== "up") await new Promise((r) => setTimeout(r, 10));
    const upAt = performance.now();
    const again = new pg.Client({ connectionString: server.url });
    await again.connect();
    const { rows } = await again.query<{ x: number }>("select 1 as x");
    await again.end();
    if (rows[0]?.x !== 1) throw new Error("the restarted engine did not answer");
    return {
      watchdogMs,
      clientError: code,
      hungStatementToClientErrorMs: Math.round(failedAt - started),
      clientErrorToServingAgainMs: Math.round(upAt - failedAt),
    };
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
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
