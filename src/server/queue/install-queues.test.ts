import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { BOSS_SCHEMA, createBoss, installQueues, type Boss } from "./boss";
import { deadLetterQueue, jobNames } from "./jobs";

// Several processes install the queues at the same moment when a deploy starts: the migrate
// step before every web and worker unit on each host (deploy/), and every worker (startWorker).
// pg-boss 10 created a queue with DDL that deadlocked against another process creating one at
// the same time; pg-boss 12 takes an advisory lock for it. This holds that contract.
let t: TestDatabase;
const bosses: Boss[] = [];
beforeAll(async () => {
  t = await startTestDatabase();
  // The template comes with the queues installed: start from a database that has none, as a
  // fresh deploy (or a release adding queues) does.
  await t.db.$executeRawUnsafe(`DROP SCHEMA ${BOSS_SCHEMA} CASCADE`);
  const first = createBoss(t.url, "sender");
  bosses.push(first);
  await first.start(); // creates pg-boss's own schema (pg-boss serializes that itself)
  for (let i = 0; i < 3; i++) bosses.push(createBoss(t.url, "sender"));
  await Promise.all(bosses.slice(1).map((boss) => boss.start()));
});
afterAll(async () => {
  await Promise.all(bosses.map((boss) => boss.stop({ graceful: false })));
  await t?.stop();
});

describe("installQueues", () => {
  it("lets several processes install the queues at once, creating each queue once", async () => {
    const results = await Promise.allSettled(bosses.map((boss) => installQueues(boss)));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);

    const queues = await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM ${BOSS_SCHEMA}.queue ORDER BY name`);
    const expected = jobNames.flatMap((name) => [name, deadLetterQueue(name)]).sort();
    expect(queues.map((queue) => queue.name)).toEqual(expected);
  });
});
