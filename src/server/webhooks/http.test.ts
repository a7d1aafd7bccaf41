import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBoss, type Boss } from "~/server/queue/boss";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { envelope, generateTelnyxKeyPair, signWebhook } from "~/test/fakes/telnyx-webhooks";
import { countedUpload, streamedPost, UPLOAD_CHUNK } from "~/test/uploads";
import { handleTelnyxWebhookRequest, type WebhookRouteDeps } from "./http";
import { MAX_WEBHOOK_BYTES } from "./ingest";

let t: TestDatabase;
let sender: Boss;
const keys = generateTelnyxKeyPair();

beforeAll(async () => {
  t = await startTestDatabase();
  sender = createBoss(t.url, "sender");
  await sender.start();
});
afterAll(async () => {
  await sender?.stop({ graceful: false });
  await t?.stop();
});

const deps = (): WebhookRouteDeps => ({ db: t.db, jobs: async () => sender, publicKey: keys.publicKeyBase64 });
const url = "http://localhost/api/webhooks/telnyx/voice";

describe("POST /api/webhooks/telnyx/*", () => {
  it("refuses a chunked 5 MB body with 413 after reading at most the cap and one chunk", async () => {
    const upload = countedUpload(5 * 1024 * 1024);
    const response = await handleTelnyxWebhookRequest(streamedPost(url, upload.stream, { "content-type": "application/json" }), "voice", deps());
    expect(response.status).toBe(413);
    expect(upload.pulled()).toBeLessThanOrEqual(MAX_WEBHOOK_BYTES + UPLOAD_CHUNK);
    const counted = await t.db.webhookRejection.findFirst({ where: { reason: "too_large" } });
    expect(counted?.count).toBe(1);
    expect(await t.db.webhookEvent.count()).toBe(0);
  });

  it("refuses a body declared too large without reading it", async () => {
    const upload = countedUpload(300 * 1024 * 1024);
    const response = await handleTelnyxWebhookRequest(
      streamedPost(url, upload.stream, { "content-length": String(300 * 1024 * 1024) }),
      "voice",
      deps(),
    );
    expect(response.status).toBe(413);
    expect(upload.pulled()).toBe(0);
  });

  it("stores a signed event read through the capped reader", async () => {
    const event = envelope("call.initiated", { call_control_id: "v3:http", call_leg_id: "leg", call_session_id: "s", from: "+13125550100", to: "+14155550134", direction: "incoming", state: "parked" }, new Date());
    const signed = signWebhook(keys, event);
    const response = await handleTelnyxWebhookRequest(streamedPost(url, signed.rawBody, signed.headers), "voice", deps());
    expect(response.status).toBe(200);
    expect(await t.db.webhookEvent.count({ where: { eventId: event.data.id } })).toBe(1);
  });
});
