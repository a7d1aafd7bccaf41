/**
 * Playwright's web server for the end-to-end tests (playwright.config.ts `webServer.command`):
 * a fresh embedded database in EMBEDDED_DB_DIR (wiped first), migrated, with the demo account the
 * specs sign in as, seeded explicitly here because `npm start` never creates it; then `npm start`
 * (the production build) on that DATABASE_URL. With E2E_FAKE_TELNYX_PORT, the fake Telnyx REST API
 * (src/test/fakes/telnyx-api.ts) listens there for the app's TELNYX_API_KEY, with its control
 * routes for the specs. SIGTERM/SIGINT stop the app, then the database and the fake.
 *
 * It runs under `npm run test:e2e` and under a bare `npx playwright test` alike.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
process.chdir(root);

const { env } = await import("~/env");
const { startEmbeddedPostgres } = await import("~/embedded-db/server");
const { migrate } = await import("~/server/db/migrator");
const { createDb } = await import("~/server/db");
const { createBoss, installQueues } = await import("~/server/queue/boss");
const { createServices } = await import("~/server/services");
const { seedDemo } = await import("../prisma/seed");
const { startFakeTelnyxApi } = await import("~/test/fakes/telnyx-api");

const log = (message: string) => console.log(`[e2e] ${message}`);

// The database and the recordings the seed stores: nothing from an earlier run.
const dataDir = resolve(root, env.EMBEDDED_DB_DIR);
rmSync(dataDir, { recursive: true, force: true });
rmSync(resolve(root, env.RECORDINGS_DIR), { recursive: true, force: true });

const database = await startEmbeddedPostgres({
  dataDir,
  port: env.EMBEDDED_DB_PORT,
  statementTimeoutMs: env.EMBEDDED_DB_STATEMENT_TIMEOUT_MS,
});
log(`embedded PostgreSQL at ${database.displayUrl}`);

const fakeTelnyxPort = Number(process.env.E2E_FAKE_TELNYX_PORT ?? 0);
const fakeTelnyx = fakeTelnyxPort
  ? await startFakeTelnyxApi({ port: fakeTelnyxPort, apiKey: env.TELNYX_API_KEY, control: true })
  : null;
if (fakeTelnyx) log(`fake Telnyx API at ${fakeTelnyx.baseURL}`);

async function prepare() {
  await migrate({ connectionString: database.url });
  const boss = createBoss(database.url, "sender");
  await boss.start();
  await installQueues(boss);
  const db = createDb(database.url, { max: 1 });
  try {
    const { storage } = createServices(env, { db, jobs: async () => boss });
    const demo = await seedDemo(db, { email: env.DEMO_EMAIL, password: env.DEMO_PASSWORD, storage, boss });
    if (!demo) throw new Error("the fresh e2e database already had users");
    log(`demo account ${demo.email}`);
  } finally {
    await db.$disconnect();
    await boss.stop({ graceful: false });
  }
}

try {
  await prepare();
} catch (error) {
  console.error("[e2e] could not prepare the database:", error);
  await database.stop();
  await fakeTelnyx?.close();
  process.exit(1);
}

// `npm start` without its own embedded database: DATABASE_URL points at this one.
const app = spawn(process.execPath, ["--import", "tsx", resolve(root, "scripts", "run.ts"), "start"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: database.url },
  stdio: "inherit",
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null && app.signalCode === null) {
    const exited = new Promise((done) => app.once("exit", done));
    app.kill("SIGTERM");
    await exited;
  }
  await database.stop();
  await fakeTelnyx?.close();
  process.exit(code);
}
app.once("exit", (code) => void stop(code ?? 1));
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
