import type { Logger } from "~/server/logger";
import { createBoss, type Boss } from "./boss";

/** A pg-boss handle that only sends jobs (web processes, scripts): started, with errors logged. */
export async function createJobSender(connectionString: string, logger: Pick<Logger, "error">): Promise<Boss> {
  const boss = createBoss(connectionString, "sender");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss sender error"));
  await boss.start();
  return boss;
}
