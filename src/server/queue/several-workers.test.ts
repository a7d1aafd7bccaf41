import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { killOneWorkerMidJob } from "~/test/worker-fleet";

/**
 * Three real worker processes on one database; one is SIGKILLed while it analyses calls. The
 * other two keep running, and the dead worker's jobs finish on them, each exactly once, within
 * a minute of the kill (pg-boss's job heartbeat, its supervisor and retryHeartbeatLostJobsNow,
 * all at production settings).
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase();
});
afterAll(async () => {
  await t?.stop();
});

// Three workers compile and start at once on a loaded 2-core machine (over a minute seen), then
// up to a minute of recovery: the budget is generous, the recovery itself is asserted below.
it("finishes a killed worker's jobs on the other workers exactly once within 60 s", { timeout: 420_000 }, async () => {
  const result = await killOneWorkerMidJob({ url: t.url, db: t.db, workers: 3, calls: 12, concurrency: 2 });
  const context = () => JSON.stringify({ ...result, output: result.output.slice(-4000) }, null, 2);

  const orphans = result.outcomes.filter((o) => o.orphaned);
  expect(orphans.length, context()).toBeGreaterThan(0);
  expect(result.outcomes, context()).toHaveLength(12);
  for (const call of result.outcomes) {
    // Exactly once: one stored analysis with its one task, and one provider request per attempt
    // (the killed attempt is the orphans' first).
    expect(call, context()).toMatchObject({ actionItems: 1, tasks: 1, attempts: call.orphaned ? 2 : 1, requests: call.orphaned ? 2 : 1 });
    if (call.orphaned) expect(call.analyzedAfterKillMs, context()).toBeGreaterThan(0);
  }
  expect(result.recoveryMs, context()).toBeLessThanOrEqual(60_000);
  // The other two kept running throughout: alive, beating, and taking jobs after the kill.
  expect(result.survivors, context()).toHaveLength(2);
  for (const survivor of result.survivors) {
    expect(survivor, context()).toMatchObject({ alive: true, beatAfterKill: true });
    expect(survivor.requestsAfterKill, context()).toBeGreaterThan(0);
  }
});
