import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { BOSS_SCHEMA, createBoss, installQueues, sendJob, type Boss } from "./boss";
import { recoverOrphanedJobs } from "./recovery";

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

async function activeJob(): Promise<string> {
  const id = await sendJob(boss, "contact.rescore", { userId: "u1", contactId: `c-${Math.random()}` });
  const [job] = await boss.fetch("contact.rescore");
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
