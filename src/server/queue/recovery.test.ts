import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { BOSS_SCHEMA, createBoss, installQueues, sendJob, type Boss } from "./boss";
import { HEARTBEAT_TIMEOUT_MESSAGE, recoverOrphanedJobs, retryHeartbeatLostJobsNow } from "./recovery";

let t: TestDatabase;
let boss: Boss;
beforeAll(async () => {
  t = await startTestDatabase();
  boss = createBoss(t.url, "sender");
  await boss.start();
  await installQueues(boss);
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.stop();
});

async function activeJob(name: "contact.rescore" | "call.analyze" = "contact.rescore"): Promise<string> {
  const id =
    name === "call.analyze"
      ? await sendJob(boss, name, { userId: "u1", callId: `call-${Math.random()}` })
      : await sendJob(boss, name, { userId: "u1", contactId: `c-${Math.random()}` });
  const [job] = await boss.fetch(name);
  expect(job?.id).toBe(id);
  return id;
}

async function stateOf(id: string) {
  const [row] = await t.db.$queryRawUnsafe<{ state: string; ready: boolean }[]>(
    `SELECT state::text AS state, start_after <= now() AS ready FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`,
    id,
  );
  return row;
}

const heartbeat = (id: string, pid: number, beatAt: Date) =>
  t.db.workerHeartbeat.create({ data: { id, pid, hostname: hostname(), startedAt: beatAt, beatAt } });

describe("recoverOrphanedJobs", () => {
  it("leaves active jobs alone while another worker is alive", async () => {
    const id = await activeJob();
    await heartbeat("alive", process.pid, new Date());
    expect(await recoverOrphanedJobs(t.db, boss, { selfId: "me", staleAfterSeconds: 60 })).toBe(0);
    expect((await stateOf(id))?.state).toBe("active");
    await t.db.workerHeartbeat.deleteMany({});
    await t.db.$executeRawUnsafe(`DELETE FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`, id);
  });

  it("retries at once the jobs of a worker whose heartbeat went stale or whose process is gone", async () => {
    const id = await activeJob();
    await heartbeat("stale", process.pid, new Date(Date.now() - 10 * 60_000));
    // A pid far above any real one on this host: that process does not exist.
    await heartbeat("gone", 2 ** 22 + 17, new Date());
    expect(await recoverOrphanedJobs(t.db, boss, { selfId: "me", staleAfterSeconds: 60 })).toBe(1);
    expect(await stateOf(id)).toEqual({ state: "retry", ready: true });
    // The dead workers' rows are removed, so health does not count them.
    expect(await t.db.workerHeartbeat.count()).toBe(0);
  });
});

describe("retryHeartbeatLostJobsNow", () => {
  it("makes due at once the retry of a job pg-boss failed for a lost heartbeat, and only that one", async () => {
    // Both are running; the first one's worker dies (its job heartbeat goes stale), the second
    // one's handler fails on its own (a provider outage): pg-boss retries both with backoff.
    const lost = await activeJob("call.analyze");
    const failed = await activeJob("call.analyze");
    await t.db.$executeRawUnsafe(`UPDATE ${BOSS_SCHEMA}.job SET heartbeat_on = now() - interval '5 minutes' WHERE id = $1::uuid`, lost);
    await boss.fail("call.analyze", failed, new Error("provider outage"));
    // The supervisor pass every worker's pg-boss runs on its timer, here on demand.
    await boss.supervise("call.analyze");
    const [row] = await t.db.$queryRawUnsafe<{ message: string }[]>(
      `SELECT output -> 'value' ->> 'message' AS message FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`,
      lost,
    );
    expect(row?.message).toBe(HEARTBEAT_TIMEOUT_MESSAGE);
    expect(await stateOf(lost)).toEqual({ state: "retry", ready: false });
    expect(await stateOf(failed)).toEqual({ state: "retry", ready: false });

    expect(await retryHeartbeatLostJobsNow(t.db)).toBe(1);
    expect(await stateOf(lost)).toEqual({ state: "retry", ready: true });
    expect(await stateOf(failed)).toEqual({ state: "retry", ready: false });
    // Another worker's tick right after finds nothing left to do.
    expect(await retryHeartbeatLostJobsNow(t.db)).toBe(0);
    const [next] = await boss.fetch("call.analyze");
    expect(next?.id).toBe(lost);
  });
});
