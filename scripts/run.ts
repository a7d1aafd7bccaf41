/**
 * `npm run dev` / `npm start`: one command that brings up everything Switchboard needs.
 * Embedded database (unless DATABASE_URL) -> migrations -> job queues -> demo account on first
 * run (dev only) -> Next.js and the worker, with prefixed logs. Ctrl-C stops all of it cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { DemoAccount } from "../prisma/seed";

const mode = process.argv[2] === "start" ? "start" : "dev";
const root = resolve(import.meta.dirname, "..");
process.chdir(root);
if (mode === "start") (process.env as Record<string, string>).NODE_ENV = "production";

function fail(message: string): never {
  console.error(`\n[switchboard] ${message}\n`);
  process.exit(1);
}

// .env / .env.local after NODE_ENV is settled (it picks .env.production* or .env.development*)
// and before ~/env, which validates process.env on import.
const { envDir, loadedEnvFiles } = await import("../src/load-env");

// ~/env validates on import; load it here so a bad value is one clear message, not a stack.
const env = await import("~/env").then(
  (module) => module.env,
  (error: unknown) => fail(error instanceof Error && error.name === "EnvError" ? error.message : String(error)),
);

function portFree(port: number, host?: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
      .once("error", () => done(false))
      .once("listening", () => probe.close(() => done(true)));
    probe.listen(port, host);
  });
}

// Plain `[name]` prefixes; JSON log lines are pretty-printed in dev.
const { prettyFactory } = await import("pino-pretty");
const pretty = mode === "dev" ? prettyFactory({ colorize: process.stdout.isTTY, ignore: "pid,hostname,service", translateTime: "HH:MM:ss" }) : null;
function print(prefix: string, line: string) {
  // Terminal control sequences on their own (Next.js shows/hides the cursor) print nothing.
  if (line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").trim() === "") return;
  let text = line;
  if (pretty && line.startsWith("{")) {
    try {
      text = pretty(JSON.parse(line)).trimEnd();
    } catch {
      // not JSON after all; print as is
    }
  }
  process.stdout.write(`${prefix} ${text}\n`);
}
const log = (message: string) => print("[switchboard]", message);
if (loadedEnvFiles.length) log(`environment from ${loadedEnvFiles.join(", ")} in ${envDir}`);

if (!(await portFree(env.PORT))) {
  fail(`Port ${env.PORT} is already in use. Stop whatever is using it or set PORT to another port.`);
}
if (!(await portFree(env.VOICE_PORT))) {
  fail(`Port ${env.VOICE_PORT} (the voice process) is already in use. Stop whatever is using it or set VOICE_PORT to another port.`);
}
if (mode === "start" && !existsSync(join(root, ".next", "BUILD_ID"))) {
  fail("No production build found. Run `npm run build` first, then `npm start`.");
}

// A stable session secret for self-hosters who did not set one: kept next to the data.
if (!env.NEXTAUTH_SECRET) {
  const secretFile = join(root, ".data", "nextauth-secret");
  if (!existsSync(secretFile)) {
    mkdirSync(dirname(secretFile), { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("base64"), { mode: 0o600 });
    log(`NEXTAUTH_SECRET not set: generated one in ${secretFile}`);
  }
  process.env.NEXTAUTH_SECRET = readFileSync(secretFile, "utf8").trim();
}
if (mode === "start" && !env.NEXTAUTH_URL) {
  // Cookies get the Secure flag only when the public URL is https (src/server/auth/config.ts).
  log(
    `WARNING: NEXTAUTH_URL is not set, so session cookies are NOT Secure and sign-in links use http://localhost:${env.PORT}. ` +
      "Set NEXTAUTH_URL=https://your.host before exposing Switchboard to the internet.",
  );
}
process.env.NEXTAUTH_URL ??= `http://localhost:${env.PORT}`;

let stopDatabase: (() => Promise<void>) | undefined;
if (!env.DATABASE_URL) {
  const { DataDirLockedError, EmbeddedPortInUseError, startEmbeddedPostgres } = await import("~/embedded-db/server");
  const dataDir = resolve(root, env.EMBEDDED_DB_DIR);
  // Locks the data directory first: another Switchboard on it is named in one line, before
  // either process touches a file. Then the port, then PGlite.
  // Its warnings and errors (a hung or crashed engine being restarted) print as [db] lines.
  const { default: pino } = await import("pino");
  const dbLogger = pino({ level: env.LOG_LEVEL, base: { service: "db" } }, { write: (line: string) => print("[db]", line.trimEnd()) });
  const server = await startEmbeddedPostgres({
    dataDir,
    port: env.EMBEDDED_DB_PORT,
    host: "127.0.0.1",
    fsync: env.EMBEDDED_DB_FSYNC,
    statementTimeoutMs: env.EMBEDDED_DB_STATEMENT_TIMEOUT_MS,
    logger: dbLogger,
  }).catch((error: unknown) =>
    fail(
      error instanceof DataDirLockedError || error instanceof EmbeddedPortInUseError
        ? error.message
        : `Could not start the embedded database: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  stopDatabase = server.stop;
  // npm run db:backup asks this process for a consistent copy while it runs (src/embedded-db/backup-endpoint.ts).
  const { serveOnlineBackups } = await import("~/embedded-db/backup-endpoint");
  const backups = await serveOnlineBackups(dataDir, () => server.db.dumpDataDir("none")).catch((error: unknown) => {
    log(`online backups unavailable (npm run db:backup needs Switchboard stopped): ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  stopDatabase = async () => {
    await backups?.close();
    await server.stop();
  };
  // The app and the worker get the password inside DATABASE_URL; the log shows it as ***.
  process.env.DATABASE_URL = server.url;
  log(
    `embedded PostgreSQL (PGlite + pgvector) at ${server.displayUrl}, data in ${dataDir}` +
      (env.EMBEDDED_DB_FSYNC ? " (fsync on)" : ""),
  );
} else {
  log("using DATABASE_URL; the embedded database is not started");
}
const databaseUrl = process.env.DATABASE_URL!;

const children = new Set<ChildProcess>();
let shuttingDown = false;

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  log("stopping…");
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 35_000).unref();
        }),
    ),
  );
  await stopDatabase?.();
  log("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
process.on("SIGTERM", () => void shutdown(0));

try {
  const { migrate } = await import("~/server/db/migrator");
  const { applied } = await migrate({ connectionString: databaseUrl });
  log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

  const { createBoss } = await import("~/server/queue/boss");
  const { startQueues } = await import("~/server/queue/upgrade");
  const boss = createBoss(databaseUrl, "sender");
  const carried = await startQueues(boss, databaseUrl);
  if (carried !== null) log(`upgraded the job queues from pg-boss 10: ${carried} waiting job(s) carried over`);

  // The demo account (a known email, its password in the log) is for trying Switchboard on your
  // machine: `npm run dev` only. Under `npm start` the first sign-up becomes the owner instead;
  // `npm run db:seed` still creates the demo account on purpose.
  let demo: DemoAccount | null = null;
  if (mode === "dev") {
    const { createDb } = await import("~/server/db");
    const { createServices } = await import("~/server/services");
    const { seedDemo } = await import("../prisma/seed");
    const db = createDb(databaseUrl, { max: 1 });
    const { storage } = createServices(env, { db, jobs: async () => boss });
    demo = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD, storage, boss });
    await db.$disconnect();
  } else if (!env.OWNER_EMAIL) {
    // An instance without an owner belongs to whoever signs up first: say so while it is true.
    const { createDb } = await import("~/server/db");
    const db = createDb(databaseUrl, { max: 1 });
    const users = await db.user.count();
    await db.$disconnect();
    if (users === 0) {
      log(
        `WARNING: no account exists yet, so the first person to open ${process.env.NEXTAUTH_URL}/sign-up becomes the owner. ` +
          "Sign up now, or set OWNER_EMAIL to the only email allowed to create the first account.",
      );
    }
  }
  await boss.stop({ graceful: false });
  if (demo) {
    log("──────────────────────────────────────────────");
    log(`demo account created (shown only this once):`);
    log(`  email:    ${demo.email}`);
    log(`  password: ${demo.password}`);
    log("──────────────────────────────────────────────");
  }
} catch (error) {
  console.error(error);
  await stopDatabase?.();
  fail(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
}

function run(name: string, command: string, args: string[]) {
  const child = spawn(command, args, {
    // Own process group: a terminal's Ctrl-C reaches only this script, which then stops each
    // child once (a second signal would make the worker skip its graceful shutdown).
    detached: true,
    cwd: root,
    env: { ...process.env, SWITCHBOARD_PROCESS: name, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const prefix = `[${name}]`;
  createInterface({ input: child.stdout! }).on("line", (line) => print(prefix, line));
  createInterface({ input: child.stderr! }).on("line", (line) => print(prefix, line));
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!shuttingDown) {
      log(`${name} exited (${signal ?? code}); stopping the rest`);
      void shutdown(code ?? 1);
    }
  });
}

// Next.js behind our own HTTP server (server/web.ts), which stamps each request with its socket
// address: `next dev` / `next start` would pass a client-chosen X-Forwarded-For through.
run("web", process.execPath, ["--import", "tsx", join(root, "server", "web.ts"), mode]);
run("worker", process.execPath, ["--import", "tsx", join(root, "worker", "index.ts")]);
// Telnyx media streams for the voice agent (VOICE_PORT, behind the reverse proxy's /voice/stream).
run("voice", process.execPath, ["--import", "tsx", join(root, "voice", "index.ts")]);
log(`Switchboard is starting at http://localhost:${env.PORT}`);
// `next dev` compiles each page on its first request: the main ones are compiled now, in the background.
if (mode === "dev") {
  const { warmUpDevServer } = await import("./dev-warm-up");
  void warmUpDevServer({
    origin: `http://localhost:${env.PORT}`,
    databaseUrl,
    secret: process.env.NEXTAUTH_SECRET!,
    https: process.env.NEXTAUTH_URL.startsWith("https://"),
    log,
  });
}
