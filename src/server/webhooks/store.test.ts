import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBoss, type Boss } from "~/server/queue/boss";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { webhookJobId } from "./queue";
import { eventAndJobStatement, storeEventWithJob, storeIgnoredEvent, UnexpectedJobStatementError, type NewWebhookEvent } from "./store";

let t: TestDatabase;
let sender: Boss;

beforeAll(async () => {
  t = await startTestDatabase();
  sender = createBoss(t.url, "sender");
  await sender.start();
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.stop();
});

let n = 0;
const event = (eventType = "call.initiated"): NewWebhookEvent => ({
  provider: "telnyx",
  eventId: `store-test-${++n}`,
  eventType,
  payload: { data: { id: `store-test-${n}`, event_type: eventType, payload: { text: "it's \"quoted\" $1 and ${x}" } } },
  occurredAt: new Date("2026-12-01T10:00:00.123Z"),
  receivedAt: new Date("2026-12-01T10:00:01.456Z"),
});

async function jobOf(webhookEventId: string) {
  return t.db.$queryRaw<{ id: string; data: unknown; retry_limit: number; heartbeat_seconds: number | null; delayed: boolean }[]>`
    SELECT id::text, data, retry_limit, heartbeat_seconds, start_after > now() + interval '5 seconds' AS delayed
      FROM pgboss.job WHERE name = 'webhooks.process' AND data->>'webhookEventId' = ${webhookEventId}`;
}

describe("storeEventWithJob", () => {
  // pg-boss writes its insert as `WITH ins AS (INSERT ...) ...` on a queue that sends NOTIFY (ours
  // do), and as a plain INSERT on one that does not: both go through the one-statement store.
  it.each([
    ["a queue that sends NOTIFY", true],
    ["a queue that does not", false],
  ])("stores the event and its job in one statement on %s, each exactly once", async (_what, notify) => {
    await sender.updateQueue("webhooks.process", { notify });
    // A fresh sender: pg-boss caches a queue's settings.
    const fresh = createBoss(t.url, "sender");
    await fresh.start();
    const boss = () => fresh;
    try {
      await storesOnce(boss);
    } finally {
      await fresh.stop({ graceful: false });
      await sender.updateQueue("webhooks.process", { notify: true });
    }
  });

  async function storesOnce(boss: () => Boss) {
    const e = event();
    const id = await storeEventWithJob(boss(), e);
    expect(id).toMatch(/^c[0-9a-z]{24}$/);
    const row = await t.db.webhookEvent.findUniqueOrThrow({ where: { id: id! } });
    expect(row).toMatchObject({ eventId: e.eventId, eventType: "call.initiated", status: "received", attempts: 0, userId: null });
    expect(row.payload).toEqual(e.payload);
    expect(row.occurredAt).toEqual(e.occurredAt);
    expect(row.receivedAt).toEqual(e.receivedAt);
    // The queue's policy reached the job, as with boss.send.
    const queue = await sender.getQueue("webhooks.process");
    expect(await jobOf(id!)).toEqual([
      { id: webhookJobId(id!), data: { webhookEventId: id }, retry_limit: queue!.retryLimit, heartbeat_seconds: queue!.heartbeatSeconds, delayed: false },
    ]);

    // A re-delivery stores nothing and queues nothing.
    expect(await storeEventWithJob(boss(), { ...e, receivedAt: new Date() })).toBeNull();
    expect(await t.db.webhookEvent.count({ where: { eventId: e.eventId } })).toBe(1);
    expect(await jobOf(id!)).toHaveLength(1);
  }

  it("delays the job when asked (the event is being processed inline)", async () => {
    const id = await storeEventWithJob(sender, event(), { delaySeconds: 10 });
    expect((await jobOf(id!))[0]?.delayed).toBe(true);
  });

  it("stores concurrent deliveries of one event once, with one job", async () => {
    const e = event("call.hangup");
    const ids = await Promise.all(Array.from({ length: 6 }, () => storeEventWithJob(sender, e)));
    const stored = ids.filter((id) => id !== null);
    expect(stored).toHaveLength(1);
    expect(await jobOf(stored[0]!)).toHaveLength(1);
  });

  it("stores an event no handler takes as ignored, without a job, once", async () => {
    const e = event("fax.received");
    const id = await storeIgnoredEvent(t.db, e);
    expect(await t.db.webhookEvent.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
      status: "ignored",
      error: "event type not handled: fax.received",
      processedAt: e.receivedAt,
    });
    expect(await jobOf(id!)).toEqual([]);
    expect(await storeIgnoredEvent(t.db, e)).toBeNull();
  });
});

describe("eventAndJobStatement", () => {
  it("refuses a pg-boss statement that no longer reads its jobs from $1 (caught here, not in production)", () => {
    expect(() => eventAndJobStatement("INSERT INTO pgboss.job SELECT * FROM json_to_recordset($2::json)")).toThrow(UnexpectedJobStatementError);
    expect(() => eventAndJobStatement("SELECT $1::text::json")).toThrow(UnexpectedJobStatementError);
  });
});
