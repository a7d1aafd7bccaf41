import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fieldErrorsOf, trpcErrorOf } from "~/test/errors";
import { BOSS_SCHEMA, createBoss, installQueues, sendJob, type Boss } from "./boss";
import type { JobName, JobPayload } from "./jobs";

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

type User = Awaited<ReturnType<typeof createTestUser>>;
const api = (user: User) => callerFor(t.db, user, async () => boss);

let priority = 0;

/**
 * A job that fails its only attempt as in the worker: fetched (active), then failed with the
 * thrown error, which dead-letters it. No worker runs here, so the dead letter stays. Each job
 * gets a higher priority than the last, so the fetch takes it and not a job of another test.
 */
async function failJob<N extends JobName>(name: N, payload: JobPayload<N>, message = "provider outage"): Promise<string> {
  const id = await sendJob(boss, name, payload, { retryLimit: 0, priority: ++priority });
  const [job] = await boss.fetch(name);
  expect(job?.id).toBe(id);
  await boss.fail(name, id, new Error(message));
  return id;
}

async function jobRow(id: string) {
  const [row] = await t.db.$queryRawUnsafe<{ name: string; state: string; data: unknown }[]>(
    `SELECT name, state::text AS state, data FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`,
    id,
  );
  return row;
}

async function deadLetters(name: JobName, userId: string) {
  return t.db.$queryRawUnsafe<{ id: string; state: string; data: unknown }[]>(
    `SELECT id::text, state::text AS state, data FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND data->>'userId' = $2`,
    `${name}.dead`,
    userId,
  );
}

/** What pg-boss's archiving does to a failed job after a while: its dead letter is left alone. */
async function archive(id: string) {
  await t.db.$executeRawUnsafe(`DELETE FROM ${BOSS_SCHEMA}.job WHERE id = $1::uuid`, id);
}

describe("jobs.overview and jobs.failures", () => {
  it("list a failed job once, with its error and payload, and count it per state", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const id = await failJob("recording.fetch", { callId: "call_1", userId: user.id }, "Telnyx answered 503");
    await sendJob(boss, "recording.fetch", { callId: "call_2", userId: user.id });
    await failJob("recording.fetch", { callId: "call_3", userId: other.id });
    await failJob("webhooks.process", { webhookEventId: "evt_1" });

    const caller = await api(user);
    const failures = await caller.jobs.failures({});
    expect(failures).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(failures.items).toEqual([
      {
        id,
        queue: "recording.fetch",
        job: "recording.fetch",
        kind: "failed",
        state: "failed",
        data: { callId: "call_1", userId: user.id },
        retryCount: 0,
        retryLimit: 0,
        error: "Telnyx answered 503",
        failedAt: expect.any(Date),
        createdAt: expect.any(Date),
      },
    ]);

    const overview = await caller.jobs.overview();
    expect(overview.map((q) => q.job)).toContain("notifications.welcome");
    expect(overview.find((q) => q.job === "recording.fetch")).toEqual({
      job: "recording.fetch",
      counts: { created: 1, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 1 },
      deadLetter: {
        queue: "recording.fetch.dead",
        counts: { created: 1, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 },
        total: 1,
      },
      failures: 1,
    });
    // Jobs that name no user (webhooks.process) are nobody's on this page.
    expect(overview.find((q) => q.job === "webhooks.process")).toMatchObject({ failures: 0, counts: { failed: 0 } });
  });

  it("list a failed webhook job for the user its webhook was routed to, and only for them", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const webhook = await t.db.webhookEvent.create({
      data: { userId: user.id, provider: "telnyx", eventId: `evt-${user.id}`, eventType: "call.initiated", payload: {} },
    });
    const id = await failJob("webhooks.process", { webhookEventId: webhook.id }, "Telnyx answered 503");
    const mine = await (await api(user)).jobs.failures({ queue: "webhooks.process" });
    expect(mine.items.map((item) => [item.id, item.error])).toEqual([[id, "Telnyx answered 503"]]);
    expect((await (await api(other)).jobs.failures({ queue: "webhooks.process" })).items).toEqual([]);
    await expect((await api(other)).jobs.retry({ queue: "webhooks.process", id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await (await api(user)).jobs.retry({ queue: "webhooks.process", id });
    expect((await jobRow(id))?.state).toBe("retry");
  });

  it("filter by queue and page", async () => {
    const user = await createTestUser(t.db);
    const first = await failJob("notifications.welcome", { userId: user.id }, "first");
    const second = await failJob("notifications.welcome", { userId: user.id }, "second");
    await failJob("recording.fetch", { callId: "call_9", userId: user.id });
    const caller = await api(user);

    const page1 = await caller.jobs.failures({ queue: "notifications.welcome", pageSize: 1 });
    const page2 = await caller.jobs.failures({ queue: "notifications.welcome", pageSize: 1, page: 2 });
    expect(page1.total).toBe(2);
    expect([page1.items[0]?.id, page2.items[0]?.id]).toEqual([second, first]);
    expect(await caller.jobs.failures({ queue: "notifications.welcome", page: 3, pageSize: 1 })).toMatchObject({ items: [], total: 2 });
    // The dead-letter queue alone lists only unpaired dead letters: none while the failed jobs are stored.
    expect((await caller.jobs.failures({ queue: "notifications.welcome.dead" })).total).toBe(0);
    expect((await caller.jobs.failures({})).total).toBe(3);
  });

  it("reject an unknown queue", async () => {
    const caller = await api(await createTestUser(t.db));
    expect(await fieldErrorsOf(caller.jobs.failures({ queue: "nope" }))).toEqual({ queue: ["Unknown queue."] });
    expect(await fieldErrorsOf(caller.jobs.retryAllFailed({ queue: "pgboss.job" }))).toEqual({ queue: ["Unknown queue."] });
  });
});

describe("jobs.retry", () => {
  it("puts a failed job back in its queue (same id) and drops its dead letter", async () => {
    const user = await createTestUser(t.db);
    const id = await failJob("notifications.welcome", { userId: user.id });
    expect(await deadLetters("notifications.welcome", user.id)).toHaveLength(1);
    const caller = await api(user);

    await caller.jobs.retry({ queue: "notifications.welcome", id });
    expect((await jobRow(id))?.state).toBe("retry");
    expect(await deadLetters("notifications.welcome", user.id)).toEqual([]);
    expect((await caller.jobs.failures({})).total).toBe(0);
    expect((await caller.jobs.overview()).find((q) => q.job === "notifications.welcome")).toMatchObject({
      counts: { retry: 1, failed: 0 },
      deadLetter: { total: 0 },
      failures: 0,
    });

    // The worker gets it again; failing once more lists it again.
    const [again] = await boss.fetch("notifications.welcome");
    expect(again?.id).toBe(id);
    await boss.fail("notifications.welcome", id, new Error("still down"));
    expect((await caller.jobs.failures({})).items).toMatchObject([{ id, kind: "failed", retryCount: 1, error: "still down" }]);

    // Retrying what is no longer failed is NOT_FOUND.
    await caller.jobs.retry({ queue: "notifications.welcome", id });
    expect((await trpcErrorOf(caller.jobs.retry({ queue: "notifications.welcome", id }))).code).toBe("NOT_FOUND");
  });

  it("sends a dead letter whose failed job is gone to its queue again, once", async () => {
    const user = await createTestUser(t.db);
    const id = await failJob("recording.fetch", { callId: "call_dead", userId: user.id }, "disk full");
    await archive(id);
    const caller = await api(user);

    const [dead] = (await caller.jobs.failures({})).items;
    expect(dead).toMatchObject({
      queue: "recording.fetch.dead",
      job: "recording.fetch",
      kind: "dead",
      data: { callId: "call_dead", userId: user.id },
      error: "disk full",
    });
    await caller.jobs.retry({ queue: "recording.fetch.dead", id: dead!.id });

    expect(await jobRow(dead!.id)).toBeUndefined();
    const [resent] = await t.db.$queryRawUnsafe<{ state: string }[]>(
      `SELECT state::text AS state FROM ${BOSS_SCHEMA}.job WHERE name = 'recording.fetch' AND data = $1::jsonb`,
      JSON.stringify({ callId: "call_dead", userId: user.id }),
    );
    expect(resent).toEqual({ state: "created" });
    expect((await caller.jobs.failures({})).total).toBe(0);
    expect((await trpcErrorOf(caller.jobs.retry({ queue: "recording.fetch.dead", id: dead!.id }))).code).toBe("NOT_FOUND");
  });

  it("is NOT_FOUND for another user's job, an unknown id, or the wrong queue", async () => {
    const owner = await createTestUser(t.db);
    const intruder = await api(await createTestUser(t.db));
    const id = await failJob("notifications.welcome", { userId: owner.id });

    expect((await trpcErrorOf(intruder.jobs.retry({ queue: "notifications.welcome", id }))).code).toBe("NOT_FOUND");
    expect(await intruder.jobs.retryAllFailed({ queue: "notifications.welcome" })).toEqual({ retried: 0 });
    expect((await intruder.jobs.failures({})).total).toBe(0);
    expect((await jobRow(id))?.state).toBe("failed");

    const caller = await api(owner);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await trpcErrorOf(caller.jobs.retry({ queue: "notifications.welcome", id: unknown }))).code).toBe("NOT_FOUND");
    expect((await trpcErrorOf(caller.jobs.retry({ queue: "recording.fetch", id }))).code).toBe("NOT_FOUND");
    expect(await fieldErrorsOf(caller.jobs.retry({ queue: "notifications.welcome", id: "42" }))).toEqual({ id: ["Not a job id."] });
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const anonymous = await callerFor(t.db, null, async () => boss);
    expect((await trpcErrorOf(anonymous.jobs.failures({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("jobs.retryAllFailed", () => {
  it("retries every failed job and dead letter of the queue the user owns", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const failed = [
      await failJob("recording.fetch", { callId: "a", userId: user.id }),
      await failJob("recording.fetch", { callId: "b", userId: user.id }),
    ];
    const archived = await failJob("recording.fetch", { callId: "c", userId: user.id });
    await archive(archived);
    const notMine = await failJob("recording.fetch", { callId: "d", userId: other.id });
    const otherQueue = await failJob("notifications.welcome", { userId: user.id });
    const caller = await api(user);
    expect((await caller.jobs.failures({ queue: "recording.fetch" })).total).toBe(3);

    expect(await caller.jobs.retryAllFailed({ queue: "recording.fetch" })).toEqual({ retried: 3 });
    for (const id of failed) expect((await jobRow(id))?.state).toBe("retry");
    expect((await jobRow(notMine))?.state).toBe("failed");
    expect((await jobRow(otherQueue))?.state).toBe("failed");
    expect(await deadLetters("recording.fetch", user.id)).toEqual([]);
    expect((await caller.jobs.failures({})).items.map((f) => f.id)).toEqual([otherQueue]);
    expect(await caller.jobs.retryAllFailed({ queue: "recording.fetch" })).toEqual({ retried: 0 });
  });
});
