import { requireDatabaseUrl } from "~/env";
import { logger as rootLogger, type Logger } from "~/server/logger";
import { createBoss, type Boss } from "./boss";

/** A pg-boss handle that only sends jobs (web processes, scripts): started, with errors logged. */
export async function createJobSender(connectionString: string, logger: Pick<Logger, "error">): Promise<Boss> {
  const boss = createBoss(connectionString, "sender");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss sender error"));
  await boss.start();
  return boss;
}

const globalForQueue = globalThis as unknown as { switchboardSender?: Promise<Boss> };

/** The web process's pg-boss handle for sending jobs, started on first use. */
export function getJobSender(): Promise<Boss> {
  globalForQueue.switchboardSender ??= createJobSender(requireDatabaseUrl(), rootLogger).catch((error: unknown) => {
    globalForQueue.switchboardSender = undefined;
    throw error;
  });
  return globalForQueue.switchboardSender;
}
