import { requireDatabaseUrl } from "~/env";
import { logger } from "~/server/logger";
import { createBoss, type Boss } from "./boss";

const globalForQueue = globalThis as unknown as { switchboardSender?: Promise<Boss> };

/** The web process's pg-boss handle for sending jobs, started on first use. */
export function getJobSender(): Promise<Boss> {
  globalForQueue.switchboardSender ??= (async () => {
    const boss = createBoss(requireDatabaseUrl(), "sender");
    boss.on("error", (error) => logger.error({ err: error }, "pg-boss sender error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    globalForQueue.switchboardSender = undefined;
    throw error;
  });
  return globalForQueue.switchboardSender;
}
