import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBoss, type Boss } from "~/server/queue/boss";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { envelope, generateTelnyxKeyPair, signWebhook, type TelnyxEnvelope } from "~/test/fakes/telnyx-webhooks";
import { ingestTelnyxWebhook, type IngestDeps } from "./ingest";

let t: TestDatabase;
let sender: Boss;
const keys = generateTelnyxKeyPair();
const otherKeys = generateTelnyxKeyPair();

beforeAll(async () => {
  t = await startTestDatabase();
  sender = createBoss(t.url, "sender");
  await sender.start();
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.stop();
});

interface LogLine {
  level: string;
  message: string;
}
let logs: LogLine[] = [];
beforeEach(() => {
  logs = [];
});
const logger = {
  info: (_obj: unknown, message?: string) => void logs.push({ level: "info", message: message ?? "" }),
  warn: (_obj: unknown, message?: string) => void logs.push({ level: "warn", message: message ?? "" }),
  error: (_obj: unknown, message?: string) => void logs.push({ level: "error", message: message ?? "" }),
} as unknown as IngestDeps["logger"];

const deps = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  db: t.db,
  jobs: async () => sender,
  publicKey: keys.publicKeyBase64,
  logger,
  ...overrides,
});

const callEvent = (type = "call.initiated"): TelnyxEnvelope =>
  envelope(type, { call_control_id: "v3:abc", call_leg_id: "leg", call_session_id: "s", from: "+13125550100", to: "+14155550134", direction: "incoming", state: "parked" }, new Date());

async function processingJobs(webhookEventId?: string): Promise<number> {
  const rows = await t.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pgboss.job
     WHERE name = 'webhooks.process' AND (${webhookEventId ?? null}::text IS NULL OR data->>'webhookEventId' = ${webhookEventId ?? null})`;
  return Number(rows[0]?.n ?? 0);
}

async function storedState() {
  return {
    events: await t.db.webhookEvent.count(),
    jobs: await processingJobs(),
    calls: await t.db.call.count(),
    messages: await t.db.message.count(),
  };
}

async function rejections(reason: string): Promise<number> {
  const row = await t.db.webhookRejection.findUnique({ where: { provider_reason: { provider: "telnyx", reason } } });
  return row?.count ?? 0;
}

describe("ingestTelnyxWebhook", () => {
  it("stores a signed event raw, queues its processing job in the same transaction and answers 200", async () => {
    const event = callEvent();
    const result = await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, event), channel: "voice" });
    expect(result).toEqual({ status: 200, body: { ok: true } });
    const row = await t.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } } });
    expect(row).toMatchObject({ eventType: "call.initiated", status: "received", userId: null, attempts: 0 });
    expect(row.payload).toEqual(event);
    expect(row.occurredAt?.toISOString()).toBe(event.data.occurred_at);
    expect(await processingJobs(row.id)).toBe(1);
  });

  it("answers a duplicate delivery 200 without storing or queueing anything again", async () => {
    const event = callEvent("call.answered");
    const first = signWebhook(keys, event);
    expect((await ingestTelnyxWebhook(deps(), { ...first, channel: "voice" })).status).toBe(200);
    const before = await storedState();
    // Telnyx retries with a new timestamp (and signature) but the same data.id.
    const again = signWebhook(keys, event, Math.floor(Date.now() / 1000) - 5);
    const results = await Promise.all([
      ingestTelnyxWebhook(deps(), { ...again, channel: "voice" }),
      ingestTelnyxWebhook(deps(), { ...first, channel: "voice" }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.every((r) => r.body.duplicate === true)).toBe(true);
    expect(await storedState()).toEqual(before);
  });

  it("stores concurrent deliveries of one event exactly once", async () => {
    const event = callEvent("call.hangup");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ingestTelnyxWebhook(deps(), { ...signWebhook(keys, event), channel: "voice" })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => !r.body.duplicate)).toHaveLength(1);
    const row = await t.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } } });
    expect(await processingJobs(row.id)).toBe(1);
  });

  it.each([
    ["a signature by another key", "bad_signature", () => signWebhook(otherKeys, callEvent())],
    [
      "a tampered body",
      "bad_signature",
      () => {
        const signed = signWebhook(keys, callEvent());
        return { ...signed, rawBody: signed.rawBody.replace("+13125550100", "+13125550199") };
      },
    ],
    ["a stale timestamp (301 s old)", "stale_timestamp", () => signWebhook(keys, callEvent(), Math.floor(Date.now() / 1000) - 301)],
    ["a timestamp from the future", "stale_timestamp", () => signWebhook(keys, callEvent(), Math.floor(Date.now() / 1000) + 600)],
    [
      "no signature headers",
      "missing_signature",
      () => {
        const signed = signWebhook(keys, callEvent());
        return { rawBody: signed.rawBody, headers: { "content-type": "application/json" } };
      },
    ],
    [
      "a garbage signature",
      "malformed_signature",
      () => {
        const signed = signWebhook(keys, callEvent());
        return { ...signed, headers: { ...signed.headers, "telnyx-signature-ed25519": "!!!" } };
      },
    ],
  ])("refuses %s with 401 and stores nothing but the %s counter", async (_what, reason, build) => {
    const before = await storedState();
    const counted = await rejections(reason);
    const result = await ingestTelnyxWebhook(deps(), { ...build(), channel: "voice" });
    expect(result.status).toBe(401);
    expect(await storedState()).toEqual(before);
    expect(await rejections(reason)).toBe(counted + 1);
    expect(await t.db.webhookRejection.count({ where: { reason } })).toBe(1);
  });

  it("refuses every webhook with 401 while TELNYX_PUBLIC_KEY is not configured, and logs why", async () => {
    const before = await storedState();
    const counted = await rejections("not_configured");
    for (const publicKey of [undefined, "", "not-a-key"]) {
      const result = await ingestTelnyxWebhook(deps({ publicKey }), { ...signWebhook(keys, callEvent()), channel: "messaging" });
      expect(result.status).toBe(401);
    }
    expect(await storedState()).toEqual(before);
    expect(await rejections("not_configured")).toBe(counted + 3);
    expect(logs.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      expect.stringMatching(/TELNYX_PUBLIC_KEY is not configured/),
      expect.stringMatching(/TELNYX_PUBLIC_KEY is not configured/),
      expect.stringMatching(/TELNYX_PUBLIC_KEY must be the base64/),
    ]);
  });

  it("answers a signed body that is not JSON (or not an envelope) with 400 and stores nothing", async () => {
    const before = await storedState();
    for (const text of ["{not json", '{"data":{"payload":{}}}', "[]"]) {
      const result = await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, text), channel: "voice" });
      expect(result.status).toBe(400);
    }
    expect(await storedState()).toEqual(before);
  });

  it("stores an unknown event type as ignored, without a processing job", async () => {
    const event = envelope("fax.received", { id: "fax-1" }, new Date());
    const result = await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, event), channel: "messaging" });
    expect(result).toEqual({ status: 200, body: { ok: true, ignored: true } });
    const row = await t.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } } });
    expect(row).toMatchObject({ status: "ignored", error: "event type not handled: fax.received" });
    expect(row.processedAt).not.toBeNull();
    expect(await processingJobs(row.id)).toBe(0);
  });

  it("stores an event whose text holds U+0000 (which jsonb cannot), without it", async () => {
    const event = envelope("message.received", { id: "nul-1", text: "a\u0000b" }, new Date());
    const result = await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, event), channel: "messaging" });
    expect(result.status).toBe(200);
    const row = await t.db.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } } });
    expect((row.payload as unknown as TelnyxEnvelope).data.payload.text).toBe("ab");
  });

  it("refuses an oversized body with 413", async () => {
    const huge = JSON.stringify({ data: { id: "big", event_type: "call.initiated", payload: { pad: "x".repeat(1_100_000) } } });
    const result = await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, huge), channel: "voice" });
    expect(result.status).toBe(413);
  });

  it("stores nothing when the job cannot be queued (Telnyx retries on the 503)", async () => {
    const before = await storedState();
    const event = callEvent();
    const result = await ingestTelnyxWebhook(deps({ jobs: () => Promise.reject(new Error("queue down")) }), {
      ...signWebhook(keys, event),
      channel: "voice",
    });
    expect(result.status).toBe(503);
    expect(await storedState()).toEqual(before);
    // The retry, with the queue back, is stored normally.
    expect((await ingestTelnyxWebhook(deps(), { ...signWebhook(keys, event), channel: "voice" })).body).toEqual({ ok: true });
  });
});
