import PgBoss10 from "pg-boss-10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOSS_SCHEMA, createBoss, type Boss } from "~/server/queue/boss";
import { deadLetterQueue } from "~/server/queue/jobs";
import { LEGACY_SCHEMA, startQueues } from "~/server/queue/upgrade";
import { startEmptyTestDatabase } from "~/test/database";
import { adminQueryRows, type EmptyTestDatabase } from "~/test/server-database";

/**
 * A database whose queues were written by pg-boss 10 (every install before the move to pg-boss
 * 12) keeps the work it had waiting: the app starts on it and carries the jobs over.
 */
let t: EmptyTestDatabase;
let boss: Boss | undefined;

beforeAll(async () => {
  t = await startEmptyTestDatabase();
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.stop();
});

const schemaExists = async (name: string) =>
  (await adminQueryRows<{ found: boolean }>(t.url, `SELECT to_regnamespace($1) IS NOT NULL AS found`, [name]))[0]!.found;

describe("upgrading the job queues from pg-boss 10", () => {
  it("carries waiting, retrying, interrupted and dead-lettered jobs over with their ids, and drops the old schema", async () => {
    // What pg-boss 10 left in a database: its own schema version 24.
    const old = new PgBoss10({ connectionString: t.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
    await old.start();
    const name = "recording.fetch";
    const dead = deadLetterQueue(name);
    await old.createQueue(dead, { name: dead });
    await old.createQueue(name, { name, policy: "standard", retryLimit: 3, retryDelay: 30, deadLetter: dead });
    const done = await old.send(name, { callId: "done", userId: "u1" });
    const retrying = await old.send(name, { callId: "retrying", userId: "u1" });
    const failing = await old.send(name, { callId: "failing", userId: "u1" }, { retryLimit: 0 });
    const interrupted = await old.send(name, { callId: "interrupted", userId: "u1" });
    const waiting = await old.send(name, { callId: "waiting", userId: "u1" }, { startAfter: 3600 });
    expect((await old.fetch(name, { batchSize: 10 })).map((j) => j.id).sort()).toEqual([done, retrying, failing, interrupted].sort());
    await old.complete(name, done!);
    await old.fail(name, retrying!, { message: "Telnyx answered 503" });
    await old.fail(name, failing!, { message: "Telnyx answered 503" });
    // `interrupted` stays active: its worker was stopped for the upgrade mid-job.
    const [version10] = await adminQueryRows<{ version: number }>(t.url, `SELECT version FROM ${BOSS_SCHEMA}.version`);
    expect(Number(version10!.version)).toBe(24);
    await old.stop({ graceful: false, wait: true });

    boss = createBoss(t.url, "sender");
    expect(await startQueues(boss, t.url)).toBe(4);
    expect(await schemaExists(LEGACY_SCHEMA)).toBe(false);

    const jobs = await adminQueryRows<{ id: string; name: string; state: string; callId: string; retry_limit: number }>(
      t.url,
      `SELECT id::text, name, state::text, data->>'callId' AS "callId", retry_limit FROM ${BOSS_SCHEMA}.job ORDER BY data->>'callId'`,
    );
    expect(jobs).toEqual([
      { id: expect.any(String), name: dead, state: "created", callId: "failing", retry_limit: expect.any(Number) },
      { id: interrupted, name, state: "created", callId: "interrupted", retry_limit: 2 },
      { id: retrying, name, state: "created", callId: "retrying", retry_limit: 2 },
      { id: waiting, name, state: "created", callId: "waiting", retry_limit: 3 },
    ]);

    // pg-boss 12 works them: the ones due now at once, the delayed one keeps its time.
    await adminQueryRows(t.url, `UPDATE ${BOSS_SCHEMA}.job SET start_after = now() WHERE id = $1::uuid`, [retrying]);
    const due = await boss.fetch(name, { batchSize: 10 });
    expect(due.map((j) => j.id).sort()).toEqual([interrupted, retrying].sort());
    expect(due.find((j) => j.id === retrying)?.data).toEqual({ callId: "retrying", userId: "u1" });
    const [deadLetter] = await boss.fetch(dead);
    expect(deadLetter?.data).toEqual({ callId: "failing", userId: "u1" });

    // Starting again is a no-op, and the queues carry this release's policy (job heartbeats).
    const again = createBoss(t.url, "sender");
    try {
      expect(await startQueues(again, t.url)).toBeNull();
    } finally {
      await again.stop({ graceful: false });
    }
    expect((await boss.getQueue(name))?.heartbeatSeconds).toBeGreaterThan(0);
  });
});
