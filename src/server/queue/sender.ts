import type { Logger } from "~/server/logger";
import { createBoss, type Boss } from "./boss";
import { setAsideLegacyQueueSchema } from "./upgrade";

/** A pg-boss handle that only sends jobs (web processes, scripts): started, with errors logged. */
export async function createJobSender(connectionString: string, logger: Pick<Logger, "error">): Promise<Boss> {
  // A pg-boss 10 schema would stop pg-boss 12 from starting; the worker carries its jobs over.
  await setAsideLegacyQueueSchema(connectionString);
  const boss = createBoss(connectionString, "sender");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss sender error"));
  await boss.start();
  return boss;
}
