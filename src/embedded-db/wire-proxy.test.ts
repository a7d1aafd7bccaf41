/**
 * Acceptance tests of the embedded PostgreSQL server (PGlite behind the session-aware wire
 * proxy), with real clients: node-postgres, raw protocol sockets, psql and pgbench.
 */
import { spawn } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./server";

/** Runs a client program without blocking the event loop (the server lives in this process). */
function run(
  cmd: string,
  args: string[],
  opts: { input?: string; timeout?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; missing?: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeout ?? 20_000);
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, missing: true });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
  });
}

let server: EmbeddedPostgres;
const opened: (pg.Client | pg.Pool)[] = [];

function client(options: pg.ClientConfig = {}): pg.Client {
  const c = new pg.Client({ connectionString: server.url, ...options });
  c.on("error", () => {}); // asserted where it matters
  opened.push(c);
  return c;
}

async function connected(options: pg.ClientConfig = {}): Promise<pg.Client> {
  const c = client(options);
  await c.connect();
  return c;
}

/** Raw wire-protocol helpers (for what node-postgres will not send). */
function frontend(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstr = (s: string) => Buffer.from(s + "\0");
const int16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const msg = {
  parse: (sql: string, name = "") => frontend("P", Buffer.concat([cstr(name), cstr(sql), int16(0)])),
  bind: (values: string[], statement = "") =>
    frontend(
      "B",
      Buffer.concat([
        cstr(""),
        cstr(statement),
        int16(0),
        int16(values.length),
        ...values.flatMap((v) => [int32(Buffer.byteLength(v)), Buffer.from(v)]),
        int16(0),
      ]),
    ),
  execute: () => frontend("E", Buffer.concat([cstr(""), int32(0)])),
  sync: () => frontend("S", Buffer.alloc(0)),
  query: (sql: string) => frontend("Q", cstr(sql)),
};

interface RawConnection {
  socket: Socket;
  received: () => Buffer;
  waitFor: (pred: (b: Buffer) => boolean, ms?: number) => Promise<Buffer>;
  closed: Promise<void>;
}

/** Backend messages of type `type` in `b`, with their bodies. */
function backendMessages(b: Buffer, type: number): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 5 <= b.length) {
    const len = b.readInt32BE(i + 1);
    if (i + 1 + len > b.length) break;
    if (b[i] === type) out.push(b.subarray(i + 5, i + 1 + len));
    i += 1 + len;
  }
  return out;
}

/** The AuthenticationRequest (R) with the given code, if received. */
function authRequest(b: Buffer, code: number): Buffer | undefined {
  return backendMessages(b, 0x52).find((m) => m.readInt32BE(0) === code);
}

/**
 * Startup and SCRAM-SHA-256 authentication written out by hand (an independent client, not the
 * server's own scram.ts), for the raw-protocol tests; resolves once ReadyForQuery arrives.
 */
async function rawStartup(
  socket: Socket,
  waitFor: (pred: (b: Buffer) => boolean, ms?: number) => Promise<Buffer>,
  url: string,
): Promise<void> {
  const { username, password } = new URL(url);
  const params = Buffer.concat([cstr("user"), cstr(username), cstr("database"), cstr("postgres"), Buffer.from([0])]);
  socket.write(Buffer.concat([int32(params.length + 8), int32(196608), params]));
  await waitFor((b) => authRequest(b, 10) !== undefined);
  const clientNonce = randomBytes(18).toString("base64");
  const clientFirstBare = `n=*,r=${clientNonce}`;
  const first = Buffer.from(`n,,${clientFirstBare}`);
  socket.write(frontend("p", Buffer.concat([cstr("SCRAM-SHA-256"), int32(first.length), first])));
  const serverFirst = authRequest(await waitFor((b) => authRequest(b, 11) !== undefined), 11)!.subarray(4).toString();
  const attrs = Object.fromEntries(serverFirst.split(",").map((kv) => [kv[0], kv.slice(2)]));
  const salted = pbkdf2Sync(decodeURIComponent(password), Buffer.from(attrs.s!, "base64"), Number(attrs.i), 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const withoutProof = `c=biws,r=${attrs.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac("sha256", storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!)).toString("base64");
  socket.write(frontend("p", Buffer.from(`${withoutProof},p=${proof}`)));
  await waitFor(endsWithReady);
}

async function rawConnect(): Promise<RawConnection> {
  const socket = connect(server.port, "127.0.0.1");
  let data = Buffer.alloc(0);
  const listeners = new Set<() => void>();
  socket.on("data", (chunk) => {
    data = Buffer.concat([data, chunk]);
    for (const l of listeners) l();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((r) => socket.on("close", () => r()));
  const waitFor = (pred: (b: Buffer) => boolean, ms = 5000) =>
    new Promise<Buffer>((resolve, reject) => {
      const check = () => {
        if (pred(data)) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(data);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out; received ${JSON.stringify(data.toString("latin1"))}`));
      }, ms);
      listeners.add(check);
      socket.once("close", () => {
        check();
      });
      check();
    });
  await new Promise<void>((r) => socket.once("connect", () => r()));
  await rawStartup(socket, waitFor, server.url);
  data = Buffer.alloc(0);
  return { socket, received: () => data, waitFor, closed };
}

function endsWithReady(b: Buffer): boolean {
  return b.length >= 6 && b[b.length - 6] === 0x5a && b.readInt32BE(b.length - 5) === 5;
}

function errorCodes(b: Buffer): string[] {
  const codes: string[] = [];
  let i = 0;
  while (i + 5 <= b.length) {
    const len = b.readInt32BE(i + 1);
    if (b[i] === 0x45) {
      const body = b.subarray(i + 5, i + 1 + len).toString("utf8");
      const m = /\0C([0-9A-Z]{5})\0/.exec("\0" + body);
      if (m) codes.push(m[1]!);
    }
    i += 1 + len;
  }
  return codes;
}

beforeAll(async () => {
  server = await startEmbeddedPostgres({ port: 0 });
  await server.db.exec(`
    create table items (id serial primary key, k text not null, v int not null);
    create table ghosts (name text not null);
    create schema s1;
    create table s1.only_in_s1 (x int);
    insert into s1.only_in_s1 values (42);
  `);
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.end().catch(() => {})));
  await server?.stop();
});

describe("embedded PostgreSQL over the wire", () => {
  it("answers a pg.Pool of 10 running 3,000 concurrent mixed queries with 0 wrong results and 0 errors", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 10 });
    pool.on("error", () => {});
    opened.push(pool);
    let wrong = 0;
    const errors: string[] = [];
    const expectEq = (got: unknown, want: unknown) => {
      if (got !== want) wrong++;
    };
    const task = async (i: number) => {
      switch (i % 7) {
        case 0: {
          const r = await pool.query("select $1::int + $2::int as v", [i, 7]);
          return expectEq(r.rows[0].v, i + 7);
        }
        case 1: {
          const r = await pool.query("select $1::text || '-' || $2::text || '-' || $3::int as v", ["a", `b${i}`, i]);
          return expectEq(r.rows[0].v, `a-b${i}-${i}`);
        }
        case 2: {
          const r = await pool.query({ name: "double", text: "select $1::int * 2 as v", values: [i] });
          return expectEq(r.rows[0].v, i * 2);
        }
        case 3: {
          const r = await pool.query({ name: "concat3", text: "select $1::text || $2::text || $3::text as v", values: ["x", i, "z"] });
          return expectEq(r.rows[0].v, `x${i}z`);
        }
        case 4: {
          // An explicit transaction over several statements on one pooled connection.
          const c = await pool.connect();
          try {
            await c.query("BEGIN");
            const ins = await c.query("insert into items (k, v) values ($1, $2) returning id", [`k${i}`, i]);
            const id = ins.rows[0].id as number;
            await c.query("update items set v = v + $2 where id = $1", [id, 1000]);
            const r = await c.query({ name: "item-by-id", text: "select k, v from items where id = $1", values: [id] });
            expectEq(r.rows[0].k, `k${i}`);
            expectEq(r.rows[0].v, i + 1000);
            await c.query("COMMIT");
          } catch (err) {
            await c.query("ROLLBACK").catch(() => {});
            throw err;
          } finally {
            c.release();
          }
          return;
        }
        case 5: {
          const r = await pool.query("select count(*)::int as n, sum(g)::int as s from generate_series(1, $1::int) g", [i % 50 + 1]);
          const n = (i % 50) + 1;
          expectEq(r.rows[0].n, n);
          return expectEq(r.rows[0].s, (n * (n + 1)) / 2);
        }
        default: {
          const r = await pool.query(`select ${i} as v, 'literal' as w`); // no parameters
          expectEq(r.rows[0].v, i);
          return expectEq(r.rows[0].w, "literal");
        }
      }
    };
    await Promise.all(
      Array.from({ length: 3000 }, (_, i) =>
        task(i).catch((err: Error) => {
          errors.push(err.message);
        }),
      ),
    );
    expect(errors.slice(0, 5)).toEqual([]);
    expect(wrong).toBe(0);
    const committed = await pool.query("select count(*)::int as n from items where v >= 1000");
    expect(committed.rows[0].n).toBe(Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 7 === 4).length);
    await pool.end();
  });

  it("rolls back the transaction of a client that disconnects, and others proceed", async () => {
    const a = await connected();
    await a.query("BEGIN");
    await a.query("insert into ghosts values ('ghost-a')");
    const b = await connected();
    const pending = b.query("select count(*)::int as n from ghosts"); // queued behind a's transaction
    (a as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
    const started = Date.now();
    const r = await pending;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.rows[0].n).toBe(0);
    expect((await b.query("select count(*)::int as n from ghosts")).rows[0].n).toBe(0);

    // The same mid-extended-protocol: Parse/Bind/Execute of an INSERT, no Sync, then gone.
    const raw = await rawConnect();
    raw.socket.write(Buffer.concat([msg.parse("insert into ghosts values ($1)"), msg.bind(["ghost-raw"]), msg.execute()]));
    await new Promise((r) => setTimeout(r, 100));
    raw.socket.destroy();
    const r2 = await b.query("select count(*)::int as n from ghosts");
    expect(r2.rows[0].n).toBe(0);
    expect((await b.query("select 1 as one")).rows[0].one).toBe(1);
    await b.end();
    expect(server.wire.stats().rollbacks).toBeGreaterThanOrEqual(2);
  });

  it("keeps session settings per connection", async () => {
    const a = await connected();
    const b = await connected();
    const c = await connected({ application_name: "from-startup" });
    await a.query("SET application_name = 'conn-a'");
    await a.query("SET search_path = s1, public");
    await a.query("SET statement_timeout = '7s'");
    await a.query("select set_config('app.tenant', 'tenant-a', false)");

    const show = async (x: pg.Client) =>
      (
        await x.query(
          "select current_setting('application_name') as app, current_setting('search_path') as path, " +
            "current_setting('statement_timeout') as timeout, coalesce(current_setting('app.tenant', true), '') as tenant",
        )
      ).rows[0];

    expect(await show(b)).toEqual({ app: "", path: "public", timeout: "0", tenant: "" });
    expect((await show(c)).app).toBe("from-startup");
    // Traffic from the others in between, then a still has its own settings.
    await Promise.all([b.query("select 1").then(() => b.query("SET application_name = 'conn-b'")), c.query("select 2")]);
    expect(await show(a)).toEqual({ app: "conn-a", path: "s1, public", timeout: "7s", tenant: "tenant-a" });
    expect((await a.query("select x from only_in_s1")).rows[0].x).toBe(42);
    await expect(b.query("select x from only_in_s1")).rejects.toThrow(/does not exist/);
    expect((await show(b)).app).toBe("conn-b");
    expect((await show(c)).app).toBe("from-startup");

    // RESET goes back to the default for that connection only.
    await a.query("RESET application_name");
    expect((await show(a)).app).toBe("");
    expect((await show(b)).app).toBe("conn-b");
    await Promise.all([a.end(), b.end(), c.end()]);
    const d = await connected();
    expect(await show(d)).toEqual({ app: "", path: "public", timeout: "0", tenant: "" });
    await d.end();
  });

  it("isolates named prepared statements with the same name on different connections", async () => {
    const a = await connected();
    const b = await connected();
    for (let i = 0; i < 50; i++) {
      const [ra, rb] = await Promise.all([
        a.query({ name: "q", text: "select $1::int + 100 as v", values: [i] }),
        b.query({ name: "q", text: "select $1::text || $2::text as v", values: ["b", String(i)] }),
      ]);
      expect(ra.rows[0].v).toBe(i + 100);
      expect(rb.rows[0].v).toBe(`b${i}`);
    }
    const before = await b.query("select count(*)::int as n from pg_prepared_statements where from_sql = false");
    expect(before.rows[0].n).toBeGreaterThanOrEqual(2);
    await a.end();
    // a's statements are closed when it goes away; b's still work.
    await new Promise((r) => setTimeout(r, 100));
    const after = await b.query("select count(*)::int as n from pg_prepared_statements where from_sql = false");
    expect(after.rows[0].n).toBe(before.rows[0].n - 1);
    expect((await b.query({ name: "q", text: "select $1::text || $2::text as v", values: ["z", "z"] })).rows[0].v).toBe("zz");
    await b.end();
  });

  it("answers COPY FROM STDIN and session-wide features with an error, and stays usable", async () => {
    const a = await connected();
    const b = await connected();
    await expect(a.query("copy ghosts from stdin")).rejects.toMatchObject({ code: "0A000" });
    expect((await a.query("select 1 as one")).rows[0].one).toBe(1);
    expect((await b.query("select 2 as two")).rows[0].two).toBe(2);

    // Inside a transaction: the transaction is aborted like any error, ROLLBACK recovers.
    await a.query("BEGIN");
    await expect(a.query("COPY ghosts (name) FROM STDIN WITH (FORMAT csv)")).rejects.toMatchObject({ code: "0A000" });
    await expect(a.query("select 1")).rejects.toMatchObject({ code: "25P02" });
    await a.query("ROLLBACK");
    await expect(a.query("LISTEN foo")).rejects.toMatchObject({ code: "0A000" });
    await expect(a.query("PREPARE p AS select 1")).rejects.toMatchObject({ code: "0A000" });
    await expect(a.query("create temp table tt (x int)")).rejects.toMatchObject({ code: "0A000" });
    await expect(a.query({ name: "cp", text: "copy ghosts from stdin" })).rejects.toMatchObject({ code: "0A000" });
    expect((await b.query("select 3 as three")).rows[0].three).toBe(3);
    expect((await a.query("select 4 as four")).rows[0].four).toBe(4);

    // psql's \copy uses COPY ... FROM STDIN: it gets the error and the server carries on.
    const psql = await run("psql", [server.url, "-X", "-v", "ON_ERROR_STOP=1", "-c", "\\copy ghosts from stdin"], {
      input: "x\n\\.\n",
    });
    if (!psql.missing) {
      expect(psql.code).not.toBe(0);
      expect(psql.stderr).toMatch(/COPY \.\.\. FROM STDIN is not supported/);
    }
    expect((await b.query("select count(*)::int as n from ghosts")).rows[0].n).toBe(0);
    // A frontend message type PGlite cannot take: FATAL for that client only.
    const raw = await rawConnect();
    raw.socket.write(frontend("p", cstr("password")));
    await raw.closed;
    expect(errorCodes(raw.received())).toEqual(["08P01"]);
    expect((await b.query("select 5 as five")).rows[0].five).toBe(5);
    await Promise.all([a.end(), b.end()]);
  });

  it("supports simple-protocol multi-statement queries (node-postgres and psql)", async () => {
    const a = await connected();
    const results = (await a.query(
      "create table multi (x int); insert into multi values (1), (2), (3); select sum(x)::int as s from multi; select 'two' as t",
    )) as unknown as pg.QueryResult[];
    expect(results).toHaveLength(4);
    expect(results[2]!.rows[0].s).toBe(6);
    expect(results[3]!.rows[0].t).toBe("two");
    // An error mid-way stops the rest and leaves the connection usable.
    await expect(a.query("insert into multi values (4); select 1/0; insert into multi values (5)")).rejects.toMatchObject({ code: "22012" });
    expect((await a.query("select count(*)::int as n from multi")).rows[0].n).toBe(3);
    await a.end();

    const psql = await run("psql", [
      server.url,
      "-X",
      "-A",
      "-t",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      "insert into multi values (10); select sum(x) from multi; select current_setting('application_name');",
    ]);
    if (psql.missing) return; // psql absent: node-postgres covered it
    expect(psql.code).toBe(0);
    expect(psql.stdout.trim().split("\n").slice(-2)).toEqual(["16", "psql"]);
  });

  it("answers a waiting client's Parse+Sync (PQprepare) inside another's transaction without touching it", async () => {
    const owner = await connected();
    await owner.query("BEGIN");
    await owner.query("insert into ghosts values ('kept')");
    const raw = await rawConnect();
    raw.socket.write(Buffer.concat([msg.parse("select $1::int * 3", "triple"), msg.sync()]));
    const ok = await raw.waitFor(endsWithReady, 2000);
    expect(ok[0]).toBe(0x31); // ParseComplete
    expect(ok[ok.length - 1]).toBe(0x49); // ReadyForQuery 'I'
    const before = raw.received().length;
    raw.socket.write(Buffer.concat([msg.parse("select from nowhere_at_all", "broken"), msg.sync()]));
    const failed = await raw.waitFor((b) => b.length > before && endsWithReady(b), 2000);
    expect(errorCodes(failed.subarray(before))).toEqual(["42P01"]);
    // The owner's transaction is intact and still its own.
    expect((await owner.query("select count(*)::int as n from ghosts where name = 'kept'")).rows[0].n).toBe(1);
    await owner.query("COMMIT");
    // The side-prepared statement works once the client gets its turn.
    const at = raw.received().length;
    raw.socket.write(Buffer.concat([msg.bind(["14"], "triple"), msg.execute(), msg.sync()]));
    const result = await raw.waitFor((b) => b.length > at && endsWithReady(b), 2000);
    expect(result.subarray(at).toString("latin1")).toContain("42");
    raw.socket.destroy();
    await owner.query("delete from ghosts");
    await owner.end();
    expect(server.wire.stats().sidePrepares).toBeGreaterThanOrEqual(2);
  });

  it("frames large messages arriving in many chunks", async () => {
    const a = await connected();
    const big = "x".repeat(8 * 1024 * 1024);
    const r = await a.query("select length($1::text) as n, md5($1::text) = md5(repeat('x', $2::int)) as same", [big, big.length]);
    expect(r.rows[0]).toEqual({ n: big.length, same: true });
    const back = await a.query("select repeat('y', 3000000) as s");
    expect(back.rows[0].s.length).toBe(3_000_000);
    await a.end();
  });

  it("makes in-process db.query wait for a client's open transaction", async () => {
    const a = await connected();
    await a.query("BEGIN");
    await a.query("insert into ghosts values ('committed-later')");
    let seen: number | null = null;
    const inProcess = server.db
      .query<{ n: number }>("select count(*)::int as n from ghosts where name = 'committed-later'")
      .then((r) => (seen = r.rows[0]!.n));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toBeNull(); // not inside a's transaction
    await a.query("COMMIT");
    await inProcess;
    expect(seen).toBe(1);
    await a.query("delete from ghosts");
    await a.end();
  });

  it("handles psql's SSLRequest and a CancelRequest without disturbing anyone", async () => {
    const socket = connect(server.port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const reply = new Promise<Buffer>((r) => socket.once("data", r));
    socket.write(Buffer.concat([int32(8), int32(80877103)]));
    expect((await reply).toString()).toBe("N");
    socket.destroy();
    const cancel = connect(server.port, "127.0.0.1");
    await new Promise<void>((r) => cancel.once("connect", () => r()));
    cancel.write(Buffer.concat([int32(16), int32(80877102), int32(1), int32(2)]));
    await new Promise<void>((r) => cancel.once("close", () => r()));
    const a = await connected();
    expect((await a.query("select 1 as one")).rows[0].one).toBe(1);
    await a.end();
  });

  it("runs pgbench -M prepared with 8 clients and no failed transactions", async (ctx) => {
    const version = await run("pgbench", ["--version"]);
    if (version.missing) {
      ctx.skip("pgbench is not on PATH: install the PostgreSQL client tools to run this test");
      return;
    }
    // Server-side data generation (-I dtGvp): the default client-side step uses COPY FROM STDIN,
    // which the embedded server answers with an error (see the COPY test above).
    const init = await run("pgbench", ["-i", "-s", "1", "-I", "dtGvp", server.url], { timeout: 30_000 });
    expect(init.code, init.stderr).toBe(0);
    const bench = await run("pgbench", ["-M", "prepared", "-c", "8", "-j", "2", "-t", "50", server.url], {
      timeout: 30_000,
    });
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stdout).toMatch(/number of transactions actually processed: 400\/400/);
    const failed = /number of failed transactions: (\d+)/.exec(bench.stdout);
    expect(failed?.[1]).toBe("0");
    const a = await connected();
    expect((await a.query("select count(*)::int as n from pgbench_history")).rows[0].n).toBe(400);
    await a.end();
  }, 60_000);
});

describe("persistence", () => {
  it("keeps data in dataDir across a stop and a restart", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "sb-pglite-"));
    try {
      const first = await startEmbeddedPostgres({ port: 0, dataDir: join(dir, "data") });
      const a = new pg.Client({ connectionString: first.url });
      await a.connect();
      await a.query("create table kept (x int); insert into kept values (7)");
      await a.end();
      await first.stop();
      const second = await startEmbeddedPostgres({ port: 0, dataDir: join(dir, "data") });
      const b = new pg.Client({ connectionString: second.url });
      await b.connect();
      expect((await b.query("select x from kept")).rows).toEqual([{ x: 7 }]);
      await b.end();
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the port and EMBEDDED_DB_PORT when the port is taken", async () => {
    await expect(startEmbeddedPostgres({ port: server.port })).rejects.toThrow(
      new RegExp(`port ${server.port}.*EMBEDDED_DB_PORT`),
    );
  });
});

describe("timeouts", () => {
  let strict: EmbeddedPostgres;
  beforeAll(async () => {
    strict = await startEmbeddedPostgres({ port: 0, idleInTransactionTimeoutMs: 400, stalledMessageTimeoutMs: 400 });
    await strict.db.exec("create table t (x int)");
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("disconnects a client idle in a transaction (25P03), rolls it back and releases the others", async () => {
    const stuck = new pg.Client({ connectionString: strict.url });
    const stuckError = new Promise<Error & { code?: string }>((r) => stuck.on("error", r));
    await stuck.connect();
    await stuck.query("BEGIN");
    await stuck.query("insert into t values (1)");
    const other = new pg.Client({ connectionString: strict.url });
    other.on("error", () => {});
    await other.connect();
    const started = Date.now();
    const r = await other.query("select count(*)::int as n from t");
    expect(r.rows[0].n).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await stuckError).code).toBe("25P03");
    expect(strict.wire.stats().timeouts).toBeGreaterThanOrEqual(1);
    await other.end();
    await stuck.end().catch(() => {});
  });

  it("disconnects a client stalled mid-extended-protocol and releases the others", async () => {
    const socket = connect(strict.port, "127.0.0.1");
    let data = Buffer.alloc(0);
    socket.on("data", (c) => (data = Buffer.concat([data, c])));
    socket.on("error", () => {});
    const closed = new Promise<void>((r) => socket.on("close", () => r()));
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const waitFor = async (pred: (b: Buffer) => boolean) => {
      while (!pred(data)) await new Promise((r) => setTimeout(r, 5));
      return data;
    };
    await rawStartup(socket, waitFor, strict.url);
    socket.write(Buffer.concat([msg.parse("insert into t values ($1)"), msg.bind(["9"]), msg.execute()])); // no Sync
    await new Promise((r) => setTimeout(r, 50));
    const other = new pg.Client({ connectionString: strict.url });
    other.on("error", () => {});
    await other.connect();
    expect((await other.query("select count(*)::int as n from t")).rows[0].n).toBe(0);
    await closed;
    expect(errorCodes(data)).toContain("08P01");
    await other.end();
  });
});
