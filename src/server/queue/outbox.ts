import type * as PgBoss from "pg-boss";
import type { Tx } from "~/server/db";
import { sendJob, type Boss } from "~/server/queue/boss";
import type { JobName, JobPayload } from "~/server/queue/jobs";

/**
 * pg-boss's insert run through an open Prisma transaction: the job exists if and only if the
 * transaction commits (a stored webhook always has its processing job, and never two).
 * The SQL text is pg-boss's own constant statement; only its parameters vary, and they are bound.
 */
function transactionDb(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const params = values.map((value) =>
        value === undefined ? null : value !== null && typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : value,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...params);
      return { rows };
    },
  };
}

export async function sendJobInTransaction<N extends JobName>(
  boss: Boss,
  tx: Tx,
  name: N,
  payload: JobPayload<N>,
  options: PgBoss.SendOptions = {},
): Promise<string> {
  return sendJob(boss, name, payload, { ...options, db: transactionDb(tx) });
}
