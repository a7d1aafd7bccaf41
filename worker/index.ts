// .env / .env.local first: ~/env validates process.env when it is imported.
import "../src/load-env";

// Set before the logger module loads, so every line is tagged with this process.
process.env.SWITCHBOARD_PROCESS ??= "worker";
export {};

const { env, requireDatabaseUrl } = await import("~/env").catch((error: unknown) => {
  console.error(error instanceof Error && error.name === "EnvError" ? error.message : error);
  process.exit(1);
});
const { logger } = await import("~/server/logger");
const { createServices } = await import("~/server/services");
const { startWorker } = await import("~/server/queue/worker");
const { createHandlers, onDeadLetter } = await import("./jobs");
const { reindexAfterModelChange } = await import("./jobs/search");

// The worker's one container: its database, providers, storage and telephony serve every job.
const services = createServices(env);
const { db } = services;
const worker = await startWorker({
  connectionString: requireDatabaseUrl(),
  db,
  logger,
  handlers: createHandlers(services),
  onDeadLetter,
  concurrency: env.WORKER_CONCURRENCY,
  pollingIntervalSeconds: env.NODE_ENV === "production" ? 2 : 1,
  heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
  staleAfterSeconds: env.WORKER_STALE_AFTER_SECONDS,
});
// The embedder's model may have changed since the last start (a Voyage key added or removed).
void reindexAfterModelChange(services, worker.boss, logger);

let signals = 0;
async function shutdown(signal: string) {
  signals += 1;
  if (signals > 1) {
    logger.warn({ signal }, "second signal: exiting now; unfinished jobs will be retried");
    process.exit(130);
  }
  logger.info({ signal }, "shutting down");
  try {
    await worker.stop();
    await db.$disconnect();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "shutdown failed");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
