/**
 * `npm run db:server`: the embedded PostgreSQL (PGlite + pgvector + pg_trgm) on its own.
 *   EMBEDDED_DB_PORT  port on 127.0.0.1 (default 54329)
 *   EMBEDDED_DB_DIR   data directory (default .data/pglite, created if absent)
 *   EMBEDDED_DB_FSYNC on: commits wait for the disk (default off)
 *   EMBEDDED_DB_STATEMENT_TIMEOUT_MS  watchdog: a statement running longer means PGlite hangs, and
 *                     it is restarted on the same data directory (default 60000; 0 = never)
 *   LOG_LEVEL         pino level for the proxy's logs on stderr (default info)
 * Prints `Embedded PostgreSQL ready: <url with the password as ***>` and where the password is
 * (user `switchboard`, password in `embedded-db-password` beside the data directory); stops
 * cleanly on SIGINT/SIGTERM. Another process on the same data directory: one line naming it, exit 1.
 */
// .env / .env.local first, so EMBEDDED_DB_PORT / EMBEDDED_DB_DIR there count.
import "../src/load-env";
import { resolve } from "node:path";
import pino from "pino";
import {
  DataDirLockedError,
  EmbeddedPortInUseError,
  startEmbeddedPostgres,
} from "../src/embedded-db/server";
import { serveOnlineBackups } from "../src/embedded-db/backup-endpoint";

// Validated like every entry point: a malformed value is one message naming the variable.
const env = await import("../src/env").then(
  (module) => module.env,
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
const logger = pino({ level: env.LOG_LEVEL, base: { service: "db" } }, pino.destination(2));
const dataDir = resolve(env.EMBEDDED_DB_DIR);
const port = env.EMBEDDED_DB_PORT;

let server;
try {
  server = await startEmbeddedPostgres({
    dataDir,
    port,
    host: "127.0.0.1",
    logger,
    fsync: env.EMBEDDED_DB_FSYNC,
    statementTimeoutMs: env.EMBEDDED_DB_STATEMENT_TIMEOUT_MS,
  });
} catch (err) {
  if (err instanceof EmbeddedPortInUseError || err instanceof DataDirLockedError) {
    console.error(err.message);
  } else {
    console.error("Could not start the embedded PostgreSQL:", err);
  }
  process.exit(1);
}
const running = server;
// npm run db:backup asks this process for a consistent copy while it runs (src/embedded-db/backup-endpoint.ts).
const backups = await serveOnlineBackups(dataDir, () => running.db.dumpDataDir("none"), logger).catch((err: unknown) => {
  logger.warn({ err }, "online backups unavailable: npm run db:backup needs this server stopped");
  return null;
});

logger.info(
  { dataDir, port: running.port, fsync: env.EMBEDDED_DB_FSYNC, statementTimeoutMs: env.EMBEDDED_DB_STATEMENT_TIMEOUT_MS },
  "embedded PostgreSQL started",
);
// The password is never printed: it is in the file, readable by this user only.
console.log(`Embedded PostgreSQL ready: ${running.displayUrl} (password in ${running.passwordFile})`);
console.log(
  `  DATABASE_URL="postgresql://switchboard:$(cat '${running.passwordFile}')@127.0.0.1:${running.port}/postgres"`,
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting without a clean stop");
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, "stopping the embedded PostgreSQL");
  try {
    await backups?.close();
    await running.stop();
    logger.info("embedded PostgreSQL stopped");
    process.exit(0);
  } catch (err) {
    logger.error({ err }, "embedded PostgreSQL did not stop cleanly");
    process.exit(1);
  }
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
