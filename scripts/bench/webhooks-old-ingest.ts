/**
 * The webhook ingest as it was before 522b5c0, kept here only so `npm run bench -- webhooks` can
 * measure it beside today's: verify, parse, then ONE interactive Prisma transaction holding a
 * pooled connection for BEGIN, the event insert, pg-boss's job insert (through the transaction,
 * sendJobInTransaction) and COMMIT. Copied from `git show 90f4e0b~3:src/server/webhooks/ingest.ts`;
 * only the refusal paths the benchmark never takes (no key, bad key, oversized body) are shortened
 * to plain answers, and rejections are not counted.
 */
import type { Db } from "../../src/server/db";
import type { Boss } from "../../src/server/queue/boss";
import { sendJobInTransaction } from "../../src/server/queue/outbox";
import { envelopeSchema, isHandledEventType, parseDate, TELNYX_PROVIDER } from "../../src/server/telephony/envelope";
import { cachedPublicKey, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyTelnyxSignature } from "../../src/server/telephony/signature";
import type { IngestRequest, IngestResult } from "../../src/server/webhooks/ingest";

export interface OldIngestDeps {
  db: Db;
  jobs: () => Promise<Boss>;
  publicKey: string;
}

function header(headers: IngestRequest["headers"], name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  }
  return null;
}

export async function oldIngestTelnyxWebhook(deps: OldIngestDeps, request: IngestRequest): Promise<IngestResult> {
  const now = new Date();
  const rawBody = typeof request.rawBody === "string" ? Buffer.from(request.rawBody, "utf8") : request.rawBody;
  const check = verifyTelnyxSignature({
    publicKey: cachedPublicKey(deps.publicKey),
    rawBody,
    signature: header(request.headers, SIGNATURE_HEADER),
    timestamp: header(request.headers, TIMESTAMP_HEADER),
    now,
  });
  if (!check.ok) return { status: 401, body: { error: check.message } };

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(rawBody).toString("utf8"));
  } catch {
    return { status: 400, body: { error: "Body is not JSON." } };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: "Not a Telnyx event envelope." } };
  const { id: eventId, event_type: eventType, occurred_at } = parsed.data.data;
  const handled = isHandledEventType(eventType);

  try {
    const boss = handled ? await deps.jobs() : null;
    const stored = await deps.db.$transaction(async (tx) => {
      const rows = await tx.webhookEvent.createManyAndReturn({
        data: [
          {
            provider: TELNYX_PROVIDER,
            eventId,
            eventType,
            payload: json as object,
            occurredAt: parseDate(occurred_at),
            receivedAt: now,
            ...(handled ? {} : { status: "ignored" as const, processedAt: now, error: `event type not handled: ${eventType}` }),
          },
        ],
        skipDuplicates: true,
        select: { id: true },
      });
      const row = rows[0];
      if (!row) return null;
      if (boss) await sendJobInTransaction(boss, tx, "webhooks.process", { webhookEventId: row.id });
      return row;
    });
    if (!stored) return { status: 200, body: { ok: true, duplicate: true } };
    return { status: 200, body: { ok: true, ...(handled ? {} : { ignored: true }) } };
  } catch {
    return { status: 503, body: { error: "Could not store the event; retry later." } };
  }
}
