import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import type { Boss } from "~/server/queue/boss";
import type { StoredWebhook } from "~/server/telephony/types";
import { envelopeSchema, isHandledEventType, parseDate, TELNYX_PROVIDER } from "~/server/telephony/envelope";
import { queueWebhookProcessing } from "./queue";
import { storeEventWithJob, storeIgnoredEvent } from "./store";
import {
  cachedPublicKey,
  InvalidPublicKeyError,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyTelnyxSignature,
  type RejectionReason,
} from "~/server/telephony/signature";

/** Telnyx events are a few KB; anything this large is not one of them. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type WebhookChannel = "voice" | "messaging";

export interface IngestDeps {
  db: Db;
  /** The pg-boss sender (the processing job is inserted in the same transaction as the event). */
  jobs: () => Promise<Boss>;
  /** TELNYX_PUBLIC_KEY (base64); without it every webhook is refused. */
  publicKey: string | null | undefined;
  now?: () => Date;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /**
   * Processing call events in this process right after they are stored (see webhooks/inline.ts):
   * `claim` returns a release function, or null when this process is busy; the job is then
   * queued `fallbackSeconds` later and only runs if this process died before finishing.
   */
  inline?: { claim(): (() => void) | null; fallbackSeconds: number };
}

export interface IngestRequest {
  rawBody: Uint8Array | string;
  headers: Headers | Record<string, string | string[] | undefined>;
  channel: WebhookChannel;
}

export interface IngestResult {
  status: 200 | 400 | 401 | 413 | 503;
  body: Record<string, unknown>;
  /** A stored call event this process claimed to process now (release the claim when done). */
  inline?: { webhookEventId: string; webhook: StoredWebhook; release(): void };
}

function header(headers: IngestRequest["headers"], name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  }
  return null;
}

/** One counter row per provider and reason: a refused request stores nothing else. */
export async function countRejection(db: Db, reason: RejectionReason, at: Date, provider = TELNYX_PROVIDER): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "WebhookRejection" ("provider", "reason", "count", "firstAt", "lastAt")
    VALUES (${provider}, ${reason}, 1, ${at}, ${at})
    ON CONFLICT ("provider", "reason")
    DO UPDATE SET "count" = "WebhookRejection"."count" + 1, "lastAt" = GREATEST("WebhookRejection"."lastAt", EXCLUDED."lastAt")`;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll("\u0000", ""), withoutNul(v)]));
  }
  return value;
}

/** A re-delivered event whose first delivery was stored but never queued gets its job now. */
async function requeueIfUnprocessed(db: Db, boss: Boss, eventId: string): Promise<void> {
  const stored = await db.webhookEvent.findUnique({
    where: { provider_eventId: { provider: TELNYX_PROVIDER, eventId } },
    select: { id: true, status: true },
  });
  if (stored?.status === "received") await queueWebhookProcessing(boss, stored.id);
}

/**
 * The whole of POST /api/webhooks/telnyx/{voice,messaging}: verify, store raw (idempotent on
 * data.id), queue processing (idempotent on the stored row), answer. Never waits for processing.
 */
export async function ingestTelnyxWebhook(deps: IngestDeps, request: IngestRequest): Promise<IngestResult> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.logger;
  const rawBody = typeof request.rawBody === "string" ? Buffer.from(request.rawBody, "utf8") : request.rawBody;

  const reject = async (reason: RejectionReason, message: string, status: 401 | 413 = 401): Promise<IngestResult> => {
    log?.warn({ channel: request.channel, reason }, `Telnyx webhook refused: ${message}`);
    try {
      await countRejection(deps.db, reason, now);
    } catch (error) {
      log?.error({ err: error }, "could not count a refused webhook");
    }
    return { status, body: { error: message } };
  };

  if (rawBody.byteLength > MAX_WEBHOOK_BYTES) return reject("too_large", "Body too large.", 413);

  if (!deps.publicKey) {
    log?.error(
      { channel: request.channel },
      "TELNYX_PUBLIC_KEY is not configured: refusing a Telnyx webhook (unsigned webhooks are never accepted; set it from Mission Control > Keys & Credentials > Public Key)",
    );
    try {
      await countRejection(deps.db, "not_configured", now);
    } catch (error) {
      log?.error({ err: error }, "could not count a refused webhook");
    }
    return { status: 401, body: { error: "Webhook signing key not configured." } };
  }
  let key;
  try {
    key = cachedPublicKey(deps.publicKey);
  } catch (error) {
    const message = error instanceof InvalidPublicKeyError ? error.message : "TELNYX_PUBLIC_KEY is not a valid Ed25519 key.";
    log?.error({ channel: request.channel }, `${message} Refusing a Telnyx webhook.`);
    try {
      await countRejection(deps.db, "not_configured", now);
    } catch (countError) {
      log?.error({ err: countError }, "could not count a refused webhook");
    }
    return { status: 401, body: { error: "Webhook signing key not configured." } };
  }

  const check = verifyTelnyxSignature({
    publicKey: key,
    rawBody,
    signature: header(request.headers, SIGNATURE_HEADER),
    timestamp: header(request.headers, TIMESTAMP_HEADER),
    now,
  });
  if (!check.ok) return reject(check.reason, check.message);

  let json: unknown;
  try {
    const text = Buffer.from(rawBody).toString("utf8");
    json = JSON.parse(text);
    // PostgreSQL's jsonb cannot hold U+0000; drop it rather than refuse the event forever.
    if (text.includes("\\u0000")) json = withoutNul(json);
  } catch {
    return { status: 400, body: { error: "Body is not JSON." } };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: "Not a Telnyx event envelope (data.id and data.event_type are required)." } };
  const { id: eventId, event_type: eventType, occurred_at } = parsed.data.data;
  const handled = isHandledEventType(eventType);

  // One statement stores the event row (unique on its Telnyx id) and its job (see store.ts).
  // The 200 is sent only after it commits; a re-delivery of an event stored by an older version
  // (event and job were two statements then) gets its job on the duplicate path.
  let release: (() => void) | null = null;
  try {
    const event = { provider: TELNYX_PROVIDER, eventId, eventType, payload: json, occurredAt: parseDate(occurred_at), receivedAt: now };
    if (!handled) {
      const stored = await storeIgnoredEvent(deps.db, event);
      return { status: 200, body: stored ? { ok: true, ignored: true } : { ok: true, duplicate: true } };
    }
    const boss = await deps.jobs();
    // Call events are what a caller waits on (answer, greet, forward): process them here, now.
    release = eventType.startsWith("call.") ? (deps.inline?.claim() ?? null) : null;
    const id = await storeEventWithJob(boss, event, release ? { delaySeconds: deps.inline!.fallbackSeconds } : {});
    if (!id) {
      release?.();
      release = null;
      await requeueIfUnprocessed(deps.db, boss, eventId);
      return { status: 200, body: { ok: true, duplicate: true } };
    }
    const claimed = release;
    release = null;
    if (!claimed) return { status: 200, body: { ok: true } };
    const webhook = { id, eventType, occurredAt: event.occurredAt, receivedAt: now, payload: parsed.data.data.payload ?? {} };
    return { status: 200, body: { ok: true }, inline: { webhookEventId: id, webhook, release: claimed } };
  } catch (error) {
    release?.();
    // Telnyx retries on a non-2xx answer; a stored event then takes the duplicate path.
    log?.error({ err: error, eventId, eventType }, "could not store a Telnyx webhook");
    return { status: 503, body: { error: "Could not store the event; retry later." } };
  }
}
