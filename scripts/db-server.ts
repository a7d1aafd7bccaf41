/**
 * `npm run db:server`: the embedded PostgreSQL (PGlite + pgvector + pg_trgm) on its own.
 *   EMBEDDED_DB_PORT  port on 127.0.0.1 (default 54329)
 *   EMBEDDED_DB_DIR   data directory (default .data/pglite, created if absent)
 *   LOG_LEVEL         pino level for the proxy's logs on stderr (default info)
 * Prints `Embedded PostgreSQL ready: <url>` on stdout; stops cleanly on SIGINT/SIGTERM.
 */
// .env / .env.local first, so EMBEDDED_DB_PORT / EMBEDDED_DB_DIR there count.
import "../src/load-env";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import pino from "pino";
import { EmbeddedPortInUseError, startEmbeddedPostgres } from "../src/server/db/embedded/server";

const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { service: "db" } }, pino.destination(2));

const rawPort = process.env.EMBEDDED_DB_PORT ?? "54329";
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`EMBEDDED_DB_PORT must be a port number, got "${rawPort}"`);
  process.exit(1);
}
const dataDir = resolve(process.env.EMBEDDED_DB_DIR ?? ".data/pglite");
mkdirSync(dataDir, { recursive: true });

let server;
try {
  server = await startEmbeddedPostgres({ dataDir, port, host: "127.0.0.1", logger });
} catch (err) {
  if (err instanceof EmbeddedPortInUseError) {
    console.error(err.message);
  } else {
    console.error("Could not start the embedded PostgreSQL:", err);
  }
  process.exit(1);
}
const running = server;

logger.info({ dataDir, port: running.port }, "embedded PostgreSQL started");
console.log(`Embedded PostgreSQL ready: ${running.url}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting without a clean stop");
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, "stopping the embedded PostgreSQL");
  try {
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
