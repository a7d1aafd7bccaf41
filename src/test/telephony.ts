import { expect } from "vitest";
import { createBoss, type Boss } from "~/server/queue/boss";
import type { GreetingVoice } from "~/server/calls/greeting-voice";
import { ingestTelnyxWebhook, type WebhookChannel } from "~/server/webhooks/ingest";
import { processWebhookEvent, type WebhookDeps } from "~/server/webhooks/process";
import { createTelnyxProvider, type TelephonyProvider } from "~/server/telephony/provider";
import type { ProcessOutcome } from "~/server/telephony/types";
import type { Db } from "~/server/db";
import type { Services } from "~/server/services";
import { createTestUser } from "./callers";
import type { TestDatabase } from "./database";
import { startFakeTelnyxApi, type FakeTelnyxApi, type RecordedRequest } from "./fakes/telnyx-api";
import { CallLeg, generateTelnyxKeyPair, signWebhook, type TelnyxEnvelope, type TelnyxKeyPair } from "./fakes/telnyx-webhooks";
import { createTestServices } from "./services";

/**
 * Telephony tests' rig: a fake Telnyx API with a real SDK client pointed at it, a key pair to
 * sign webhooks with, a pg-boss sender, and `deliver` = POST a signed webhook through the same
 * ingest function the route uses, then run its `webhooks.process` job.
 */
export interface TelephonyHarness {
  api: FakeTelnyxApi;
  telnyx: TelephonyProvider;
  keys: TelnyxKeyPair;
  sender: Boss;
  /** The test container: this database, the fake-backed Telnyx client, the sender as job queue. */
  services: Services;
  deps(overrides?: Partial<WebhookDeps>): WebhookDeps;
  /** Ingests (asserting 200) and processes one event; returns the processing outcome. */
  deliver(
    event: TelnyxEnvelope,
    options?: { channel?: WebhookChannel; telephony?: TelephonyProvider; voice?: GreetingVoice; receptionist?: WebhookDeps["receptionist"] },
  ): Promise<ProcessOutcome | null>;
  /** Ingests only; returns the stored WebhookEvent id (null for a duplicate). */
  ingest(event: TelnyxEnvelope, channel?: WebhookChannel): Promise<string | null>;
  stop(): Promise<void>;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as WebhookDeps["logger"];

export async function startTelephonyHarness(t: TestDatabase): Promise<TelephonyHarness> {
  const api = await startFakeTelnyxApi();
  const telnyx = createTelnyxProvider({ apiKey: api.apiKey, baseURL: api.baseURL, timeoutMs: 5_000, maxRetries: 0 });
  const keys = generateTelnyxKeyPair();
  const sender = createBoss(t.url, "sender");
  await sender.start();
  const services = createTestServices({ db: t.db, telephony: telnyx, jobs: async () => sender });
  const deps = (overrides: Partial<WebhookDeps> = {}): WebhookDeps => ({
    db: services.db,
    telephony: services.telephony,
    jobs: services.jobs,
    now: services.now,
    logger: silent,
    ...overrides,
  });
  const ingest = async (event: TelnyxEnvelope, channel: WebhookChannel = "voice") => {
    const result = await ingestTelnyxWebhook(
      { db: services.db, jobs: services.jobs, publicKey: keys.publicKeyBase64 },
      { ...signWebhook(keys, event), channel },
    );
    expect(result.status).toBe(200);
    if (result.body.duplicate) return null;
    const row = await t.db.webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } },
      select: { id: true },
    });
    return row.id;
  };
  return {
    api,
    telnyx,
    keys,
    sender,
    services,
    deps,
    ingest,
    async deliver(event, options = {}) {
      const channel = options.channel ?? (event.data.event_type.startsWith("message.") ? "messaging" : "voice");
      const id = (await ingest(event, channel)) ?? (await t.db.webhookEvent.findUniqueOrThrow({
        where: { provider_eventId: { provider: "telnyx", eventId: event.data.id } },
        select: { id: true },
      })).id;
      return processWebhookEvent(
        deps({
          ...(options.telephony ? { telephony: options.telephony } : {}),
          ...(options.voice ? { voice: options.voice } : {}),
          ...(options.receptionist ? { receptionist: options.receptionist } : {}),
        }),
        id,
      );
    },
    async stop() {
      await sender.stop({ graceful: false });
      await api.close();
    },
  };
}

let numberCounter = 0;

/** A user who owns a Telnyx number (unique per call), optionally with a personal phone. */
export async function createTelnyxUser(
  db: Db,
  options: { personalPhone?: string | null; connectionId?: string | null; messagingProfileId?: string | null; name?: string } = {},
) {
  const user = await createTestUser(db, { name: options.name ?? "Pat Owner" });
  numberCounter += 1;
  // 415-555-xxxx: valid US numbers; each file has its own database, so a counter is unique.
  const e164 = `+1415555${String(2000 + numberCounter).padStart(4, "0")}`;
  const number = await db.phoneNumber.create({
    data: {
      userId: user.id,
      e164,
      connectionId: options.connectionId === undefined ? "1684641123236054244" : options.connectionId,
      messagingProfileId: options.messagingProfileId === undefined ? "40017f8e-49bd-4f16-9e3d-ef103f916228" : options.messagingProfileId,
      isDefault: true,
    },
  });
  if (options.personalPhone) await db.user.update({ where: { id: user.id }, data: { personalPhone: options.personalPhone } });
  return { user, number };
}

/** The leg Telnyx creates for a dial we sent: ids from the fake's answer, our client_state echoed. */
export function dialedLeg(dial: RecordedRequest): CallLeg {
  const { data } = dial.response as { data: { call_control_id: string; call_session_id: string } };
  return new CallLeg({
    callControlId: data.call_control_id,
    callSessionId: data.call_session_id,
    from: String(dial.body.from),
    to: String(dial.body.to),
    direction: "outgoing",
    clientState: String(dial.body.client_state),
  });
}
