/**
 * The embedded server requires its password (SCRAM-SHA-256, user `switchboard`), answers a
 * wrong user or password exactly like PostgreSQL (FATAL 28P01), never logs the password, and
 * keeps its files owner-only.
 */
import { spawn } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordFileFor } from "./credentials";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./server";
import type { WireLogger } from "./wire-proxy";

function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

async function connectError(connectionString: string): Promise<Error & { code?: string }> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  const err = await client.connect().then(
    () => null,
    (e: unknown) => e as Error & { code?: string },
  );
  await client.end().catch(() => {});
  if (!err) throw new Error("connected, but it should have been refused");
  return err;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; missing?: boolean }>((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", () => resolve({ code: null, stdout, stderr, missing: true }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("password authentication", () => {
  let server: EmbeddedPostgres;
  const logged: string[] = [];
  const capture = (level: string) => (obj: unknown, msg?: string) => {
    logged.push(`${level} ${msg ?? ""} ${JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`);
  };
  const logger: WireLogger = { info: capture("info"), warn: capture("warn"), error: capture("error"), debug: capture("debug") };
  const password = "a-test-password-ZQ3xv7Kc9";

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ port: 0, password, logger });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("hands out a URL with user switchboard and the password, and accepts it", async () => {
    const url = new URL(server.url);
    expect(url.username).toBe("switchboard");
    expect(url.password).toBe(password);
    expect(server.displayUrl).toBe(server.url.replace(password, "***"));
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    expect((await client.query("select 41 + 1 as n")).rows).toEqual([{ n: 42 }]);
    await client.end();
  });

  it("refuses a wrong password with FATAL 28P01, like PostgreSQL", async () => {
    const err = await connectError(withCredentials(server.url, "switchboard", "not-the-password"));
    expect(err.code).toBe("28P01");
    expect(err.message).toBe('password authentication failed for user "switchboard"');
  });

  it("refuses another user name, even with the right password, the same way", async () => {
    for (const user of ["postgres", "anyone"]) {
      const err = await connectError(withCredentials(server.url, user, password));
      expect(err.code).toBe("28P01");
      expect(err.message).toBe(`password authentication failed for user "${user}"`);
    }
  });

  it("refuses psql without a password and with a wrong one; psql with the password reads", async () => {
    const port = String(server.port);
    const base = ["-X", "-w", "-h", "127.0.0.1", "-p", port, "-U", "switchboard", "-d", "postgres", "-tAc", "select 7"];
    const noPassword = await run("psql", base, { PGPASSWORD: "" });
    if (noPassword.missing) return; // psql absent: node-postgres covered it
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.stderr).toMatch(/no password supplied/);
    const wrong = await run("psql", base, { PGPASSWORD: "guess" });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed for user "switchboard"/);
    const anyone = await run("psql", [...base.slice(0, 6), "-U", "anyone", ...base.slice(8)], { PGPASSWORD: password });
    expect(anyone.stderr).toMatch(/password authentication failed for user "anyone"/);
    const right = await run("psql", base, { PGPASSWORD: password });
    expect(right.stderr).toBe("");
    expect(right.stdout.trim()).toBe("7");
  });

  it("runs nothing for a client that skips authentication", async () => {
    const socket = connect(server.port, "127.0.0.1");
    let data = Buffer.alloc(0);
    socket.on("data", (c: Buffer) => (data = Buffer.concat([data, c])));
    socket.on("error", () => {});
    const closed = new Promise<void>((r) => socket.on("close", () => r()));
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const params = Buffer.from("user\0switchboard\0\0");
    const head = Buffer.alloc(8);
    head.writeInt32BE(params.length + 8, 0);
    head.writeInt32BE(196608, 4);
    const sql = Buffer.from("select 'leaked' as x\0");
    const query = Buffer.alloc(5);
    query.write("Q", 0, "latin1");
    query.writeInt32BE(sql.length + 4, 1);
    // A Query right after the startup packet, instead of the SASL response.
    socket.write(Buffer.concat([head, params, query, sql]));
    await closed;
    expect(data.includes(Buffer.from("leaked"))).toBe(false);
    expect(data.toString("latin1")).toContain("SCRAM-SHA-256");
    expect(data.toString("latin1")).toContain("08P01");
    expect(data.includes(Buffer.from([0x5a, 0, 0, 0, 5]))).toBe(false); // never ReadyForQuery
  });

  it("never writes the password (or a wrong one tried) to its logs", async () => {
    const tried = "wrong-guess-Hk2Lp9";
    await connectError(withCredentials(server.url, "switchboard", tried));
    await connectError(withCredentials(server.url, "anyone", password));
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("select 1");
    await client.end();
    await new Promise((r) => setTimeout(r, 50));
    const text = logged.join("\n");
    expect(text).toMatch(/password authentication failed/); // the failures are logged…
    expect(text).toMatch(/client connected/);
    expect(text).not.toContain(password); // …without any password
    expect(text).not.toContain(tried);
  });
});

describe("on-disk files", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "sb-auth-"));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function looseModes(dir: string): string[] {
    const found: string[] = [];
    const walk = (path: string) => {
      const stat = lstatSync(path);
      const mode = stat.mode & 0o777;
      if (stat.isDirectory()) {
        if (mode !== 0o700) found.push(`${mode.toString(8)} ${path}`);
        for (const name of readdirSync(path)) walk(join(path, name));
      } else if (mode !== 0o600) {
        found.push(`${mode.toString(8)} ${path}`);
      }
    };
    walk(dir);
    return found;
  }

  it("generates the password once into embedded-db-password (0600) beside the data directory, and keeps data files 0600 and folders 0700", async () => {
    const dataDir = join(root, "data", "pglite");
    const file = passwordFileFor(dataDir);
    expect(file).toBe(join(root, "data", "embedded-db-password"));

    const first = await startEmbeddedPostgres({ port: 0, dataDir });
    let password: string;
    try {
      password = readFileSync(file, "utf8").trim();
      expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(first.passwordFile).toBe(file);
      expect(new URL(first.url).password).toBe(password);
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query("create table kept (x int); insert into kept values (1)");
      await client.end();
      expect(looseModes(dataDir)).toEqual([]);
      expect(statSync(`${dataDir}.lock`).mode & 0o777).toBe(0o600);
    } finally {
      await first.stop();
    }

    // An install from before owner-only modes: world-readable files and folders, a loose password file.
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, "base"), 0o777);
    chmodSync(join(dataDir, "PG_VERSION"), 0o666);
    chmodSync(join(dataDir, "postgresql.conf"), 0o644);
    chmodSync(file, 0o644);
    writeFileSync(join(dataDir, "left-over-by-hand"), "x", { mode: 0o666 });
    chmodSync(join(dataDir, "left-over-by-hand"), 0o666);
    expect(looseModes(dataDir).length).toBeGreaterThanOrEqual(4);

    const second = await startEmbeddedPostgres({ port: 0, dataDir });
    try {
      expect(new URL(second.url).password).toBe(password); // reused, not regenerated
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(looseModes(dataDir)).toEqual([]);
      // Files PGlite creates while running are owner-only too.
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      await client.query("create table later (x int); insert into later values (2); checkpoint");
      await client.end();
      expect(looseModes(dataDir)).toEqual([]);
      const wrong = await connectError(withCredentials(second.url, "switchboard", "stale-password"));
      expect(wrong.code).toBe("28P01");
    } finally {
      await second.stop();
    }
    expect(dirname(file)).toBe(dirname(dataDir));
  }, 180_000);
});
