/**
 * Recovery benchmark: three real worker processes on one database, one SIGKILLed while it
 * analyses calls (src/test/worker-fleet.ts, the rig of the several-workers test). Reports the
 * seconds from the kill until its orphaned jobs completed on the other workers (goal ≤ 60 s),
 * and until every call was done, with an exactly-once check. Production settings throughout
 * (job heartbeat, supervisor interval, WORKER_HEARTBEAT_SECONDS). Runs on the embedded database
 * and, when BENCH_DATABASE_URL is set, on a fresh database on that server, side by side.
 * Run alone: `npm run bench -- recovery`.
 */
import { pathToFileURL } from "node:url";
import { createDb } from "../../src/server/db";
import { killOneWorkerMidJob } from "../../src/test/worker-fleet";
import { onEachBenchDatabase } from "./databases";
import { round } from "./stats";

const CALLS = Number(process.env.BENCH_RECOVERY_CALLS ?? 12);
const GOAL_SECONDS = 60;

export async function benchRecovery(): Promise<Record<string, unknown>> {
  const runs = await onEachBenchDatabase(async (database) => {
    const db = createDb(database.url, { max: 4 });
    try {
      console.error(`  recovery on ${database.engine}…`);
      const result = await killOneWorkerMidJob({
        url: database.url,
        db,
        workers: 3,
        calls: CALLS,
        progress: (message) => console.error(`    ${message}`),
      });
      const orphans = result.outcomes.filter((o) => o.orphaned);
      const recoverySeconds = round(result.recoveryMs / 1000, 1);
      return {
        engine: database.engine,
        server: database.server,
        orphanedJobs: orphans.length,
        recoverySeconds,
        allCallsDoneSeconds: round(result.allDoneMs / 1000, 1),
        goalMet: recoverySeconds <= GOAL_SECONDS,
        killedSecondsAfterSending: round(result.killedAfterMs / 1000, 1),
        survivors: result.survivors,
        check: {
          exactlyOnce: result.outcomes.every(
            (o) => o.tasks === 1 && o.actionItems === 1 && o.attempts === (o.orphaned ? 2 : 1) && o.requests === o.attempts,
          ),
          tasks: result.outcomes.reduce((sum, o) => sum + o.tasks, 0),
          actionItems: result.outcomes.reduce((sum, o) => sum + o.actionItems, 0),
        },
      };
    } finally {
      await db.$disconnect();
    }
  });
  return {
    benchmark: "recovery",
    setup: { workers: 3, calls: CALLS, workerConcurrency: 2, killed: "one worker, SIGKILL, with its analyses in flight" },
    goalSeconds: GOAL_SECONDS,
    runs,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchRecovery(), null, 2));
}
