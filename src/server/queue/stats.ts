import type { Db } from "~/server/db";
import { BOSS_SCHEMA } from "./boss";

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface QueueCounts {
  queue: string;
  counts: Record<JobState, number>;
}

const emptyCounts = (): Record<JobState, number> => ({
  created: 0,
  retry: 0,
  active: 0,
  completed: 0,
  cancelled: 0,
  failed: 0,
});

/** Job counts per queue and state, read straight from pg-boss's table (one grouped query). */
export async function queueCounts(db: Db): Promise<QueueCounts[]> {
  // The schema name is a constant of ours, never user input; $queryRawUnsafe is needed only
  // because identifiers cannot be bound as parameters.
  const rows = await db.$queryRawUnsafe<{ name: string; state: JobState; count: bigint }[]>(
    `SELECT q.name, j.state::text AS state, count(j.id) AS count
       FROM ${BOSS_SCHEMA}.queue q
       LEFT JOIN ${BOSS_SCHEMA}.job j ON j.name = q.name
      GROUP BY q.name, j.state
      ORDER BY q.name`,
  );
  const byQueue = new Map<string, Record<JobState, number>>();
  for (const row of rows) {
    const counts = byQueue.get(row.name) ?? emptyCounts();
    if (row.state) counts[row.state] = Number(row.count);
    byQueue.set(row.name, counts);
  }
  return [...byQueue].map(([queue, counts]) => ({ queue, counts }));
}
