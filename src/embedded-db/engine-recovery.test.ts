/**
 * The embedded server survives its engine: when PGlite hangs (past the watchdog), or breaks
 * (answers a round without ReadyForQuery), every connection gets a clear error, PGlite restarts
 * on the same data directory and serves again with every acknowledged commit, and the app's pg
 * pools (Prisma's adapter-pg, pg-boss) reconnect by themselves.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from "vitest";
import { createDb } from "~/server/db";
import { createBoss } from "~/server/queue/boss";
import { jobNames } from "~/server/queue/jobs";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./server";
import type { WireLogger } from "./wire-proxy";

type PgError = Error & { code?: string; detail?: string };

let root: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "sb-engine-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function recordingLogger(): WireLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (obj: unknown, msg?: string) => lines.push(`${msg ?? ""} ${JSON.stringify(obj)}`);
  return { lines, info: push, warn: push, error: push, debug() {} };
}

async function start(opts: Parameters<typeof startEmbeddedPostgres>[0]): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ port: 0, ...opts });
  cleanups.push(() => server.stop());
  return server;
}

async function client(server: EmbeddedPostgres): Promise<pg.Client & { errors: PgError[] }> {
  const c = Object.assign(new pg.Client({ connectionString: server.url }), { errors: [] as PgError[] });
  c.on("error", (err: PgError) => c.errors.push(err));
  cleanups.push(() => c.end());
  await c.connect();
  return c;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Commits through the wire: autocommit inserts and one explicit transaction. Returns the count. */
async function commitLedger(c: pg.Client): Promise<number> {
  await c.query("create table ledger (id serial primary key, note text not null)");
  for (let i = 0; i < 30; i++) await c.query("insert into ledger (note) values ($1)", [`auto ${i}`]);
  await c.query("begin");
  for (let i = 0; i < 10; i++) await c.query("insert into ledger (note) values ($1)", [`tx ${i}`]);
  await c.query("commit");
  return 40;
}

describe("an engine that hangs", () => {
  it(
    "gets every connection FATAL 57P01, restarts on the same data directory with every acknowledged commit, and Prisma and pg-boss reconnect by themselves",
    async () => {
      const logger = recordingLogger();
      const server = await start({
        dataDir: join(root, "hang"),
        // The migrated schema and pg-boss queues, as every test database.
        loadDataDir: new Blob([readFileSync(inject("databaseTemplate"))]),
        statementTimeoutMs: 4000,
        logger,
      });
      const a = await client(server);
      const acknowledged = await commitLedger(a);

      const prisma = createDb(server.url, { max: 2 });
      cleanups.push(() => prisma.$disconnect());
      const usersBefore = await prisma.user.count();
      const boss = createBoss(server.url, "worker");
      const bossErrors: Error[] = [];
      boss.on("error", (err) => bossErrors.push(err));
      await boss.start();
      cleanups.push(() => boss.stop({ graceful: false }));
      const queue = jobNames[0]!;
      const before = await boss.send(queue, {});
      expect(before).toBeTruthy();

      // An open transaction with uncommitted rows, which then runs a statement that never ends.
      const hung = await client(server);
      const idle = await client(server);
      await hung.query("begin");
      await hung.query("insert into ledger (note) values ('never committed')");
      const started = Date.now();
      const error = await hung.query("do $$ begin loop end loop; end $$").then(
        () => null,
        (err: PgError) => err,
      );
      expect(error?.code).toBe("57P01");
      expect(error?.message).toMatch(/embedded database engine failed; it is restarting/);
      expect(error?.detail).toMatch(/watchdog \(EMBEDDED_DB_STATEMENT_TIMEOUT_MS\)/);
      expect(Date.now() - started).toBeLessThan(4000 + 10_000);
      // Idle connections are told too (node-postgres reports it as an error event).
      await until("the idle connection's error", () => idle.errors.length > 0, 10_000);
      expect(idle.errors[0]?.code).toBe("57P01");

      await until("the engine to restart", () => server.db.state === "up");
      const fresh = await client(server);
      const { rows } = await fresh.query<{ n: number; lost: number }>(
        "select count(*)::int as n, count(*) filter (where note = 'never committed')::int as lost from ledger",
      );
      expect(rows[0]).toEqual({ n: acknowledged, lost: 0 });

      // The pools dropped their dead connections and open new ones, with no help.
      expect(await prisma.user.count()).toBe(usersBefore);
      const after = await boss.send(queue, {});
      expect(after).toBeTruthy();
      expect((await boss.getJobById(queue, before!))?.id).toBe(before);

      expect(server.wire.stats().engineFailures).toBe(1);
      expect(await server.db.stats()).toMatchObject({ state: "up", failures: 1, restarts: 1 });
      expect(logger.lines.some((l) => l.includes("the PGlite engine failed") && l.includes("watchdog"))).toBe(true);
      expect(logger.lines.some((l) => l.includes("PGlite restarted on the same data directory"))).toBe(true);
    },
    300_000,
  );
});

describe("an engine that breaks without hanging", () => {
  it("is caught by its missing ReadyForQuery, not the watchdog; in memory it cannot recover, so new connections get 57P03", async () => {
    const server = await start({ statementTimeoutMs: 0 });
    const a = await client(server);
    const other = await client(server);
    // Unbounded SQL recursion overflows the WASM stack: PGlite then answers nothing, ever.
    await a.query("create function down(n int) returns int as $$ select down(n + 1) $$ language sql");
    const error = await a.query("select down(1)").then(
      () => null,
      (err: PgError) => err,
    );
    expect(error?.code).toBe("57P01");
    expect(error?.message).toMatch(/it ran in memory and cannot be recovered/);
    expect(error?.detail).toMatch(/PGlite (stopped answering|failed|panicked)/);
    await until("the other connection's error", () => other.errors.length > 0, 10_000);
    expect(other.errors[0]?.code).toBe("57P01");
    expect(server.db.state).toBe("failed");

    const late = new pg.Client({ connectionString: server.url });
    const refused = await late.connect().then(
      () => null,
      (err: PgError) => err,
    );
    expect(refused?.code).toBe("57P03");
    expect(refused?.message).toMatch(/could not be restarted/);
    await expect(server.db.query("select 1")).rejects.toThrow(/embedded database engine failed/);
  }, 120_000);
});

describe("the pg_trgm `%` repro that hung the server (issue 11)", () => {
  /** Builds the repro's table and asks its query (and nine like it); resolves with the error that ended it, if any. */
  async function drive(c: pg.Client): Promise<PgError | null> {
    try {
      await c.query("create extension if not exists pg_trgm");
      await c.query("create table t (id serial primary key, name text not null)");
      await c.query("insert into t (name) select 'name ' || i from generate_series(1, 20000) i");
      await c.query("create index t_name_trgm on t using gin (name gin_trgm_ops)");
      await c.query("select count(*) from t where name % 'name 1a2b3c'");
      for (let i = 2; i <= 10; i++) await c.query("select count(*) from t where name % $1", [`name ${i}a2b3c`]);
      return null;
    } catch (err) {
      return err as PgError;
    }
  }

  it(
    "drives the repro on a few fresh servers: when PGlite hangs or breaks, 57P01, a restart and every acknowledged commit kept; when not, nothing lost",
    async () => {
      // It hung 3 times in 4 fresh servers when reported; on the engine thread here it hangs or
      // breaks less often (1 in 2 to 6 servers, and once not in 20). The suite has a time budget,
      // so this tries a few fresh servers: when PGlite breaks, the server must recover with every
      // acknowledged commit; when it does not, the server must still have them and answer.
      // Recovery itself is always covered by the two deterministic tests above.
      const deadline = Date.now() + 180_000;
      let last: { server: EmbeddedPostgres; acknowledged: number } | null = null;
      for (let attempt = 1; attempt <= 4 && Date.now() < deadline; attempt++) {
        const logger = recordingLogger();
        // The watchdog must let the 20,000-row index build (1-3 s) through on a loaded machine.
        const server = await start({ dataDir: join(root, `trgm-${attempt}`), statementTimeoutMs: 15_000, logger });
        const c = await client(server);
        const acknowledged = await commitLedger(c);
        const failure = await drive(c);
        if (failure === null) {
          if (last) await last.server.stop();
          last = { server, acknowledged };
          continue;
        }
        expect(failure.code).toBe("57P01");
        expect(failure.detail).toMatch(/watchdog|PGlite (stopped answering|failed|panicked)/);
        await until("the engine to restart", () => server.db.state === "up");
        const fresh = await client(server);
        expect((await fresh.query("select count(*)::int as n from ledger")).rows[0].n).toBe(acknowledged);
        expect((await fresh.query("select 6 * 7 as answer")).rows[0].answer).toBe(42);
        expect(logger.lines.some((l) => l.includes("PGlite restarted on the same data directory"))).toBe(true);
        return;
      }
      // PGlite took the repro in its stride this time: nothing was lost and the server answers.
      expect(last).not.toBeNull();
      const fresh = await client(last!.server);
      expect((await fresh.query("select count(*)::int as n from ledger")).rows[0].n).toBe(last!.acknowledged);
      expect((await fresh.query("select 6 * 7 as answer")).rows[0].answer).toBe(42);
      expect(last!.server.db.state).toBe("up");
    },
    300_000,
  );
});
