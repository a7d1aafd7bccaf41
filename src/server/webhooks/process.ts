import type { EarlyAnswer } from "~/server/calls/answer-first";
import { processCallWebhook, type CallEventDeps } from "~/server/calls/events";
import type { Db } from "~/server/db";
import type { Logger } from "~/server/logger";
import { processMessageWebhook } from "~/server/messages/events";
import type { Services } from "~/server/services";
import type { ProcessOutcome, StoredWebhook } from "~/server/telephony/types";

/**
 * The webhook dispatcher, above the domains: a stored event goes to the domain that handles its
 * type (calls, messages); the domains never import this module.
 */

/** What processing a stored webhook needs (tests pass fakes). */
export interface WebhookDeps extends CallEventDeps {
  logger: Pick<Logger, "info" | "warn" | "error">;
}

/** What processing a webhook takes from the container. */
export type WebhookServices = Pick<Services, "db" | "telephony" | "jobs" | "voice" | "now"> & {
  /** Without it (tests of other things) the receptionist is off. */
  config?: Pick<Services["config"], "liveProviders" | "voiceStreamUrl">;
};

/** The container's pieces as processing's dependencies, logging to `logger`. */
export function webhookDeps(services: WebhookServices, logger: WebhookDeps["logger"]): WebhookDeps {
  return {
    db: services.db,
    telephony: services.telephony,
    jobs: services.jobs,
    voice: services.voice,
    now: services.now,
    receptionist: services.config ? { keys: services.config.liveProviders, streamUrl: services.config.voiceStreamUrl } : null,
    logger,
  };
}

/**
 * The `webhooks.process` job: applies one stored WebhookEvent. Idempotent: an event already
 * processed or ignored is left alone; a retried one re-applies harmlessly (unique timeline rows,
 * commands recorded as intents and de-duplicated by command_id).
 */
export async function processWebhookEvent(
  deps: WebhookDeps,
  webhookEventId: string,
  options: { answered?: EarlyAnswer | null } = {},
): Promise<ProcessOutcome | null> {
  const { db } = deps;
  const row = await db.webhookEvent.findUnique({ where: { id: webhookEventId } });
  if (!row) return null;
  if (row.status === "processed") return { status: "processed", ...(row.userId ? { userId: row.userId } : {}) };
  if (row.status === "ignored") return { status: "ignored", reason: row.error ?? "ignored" };

  await db.webhookEvent.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
  const envelope = row.payload as { data?: { payload?: unknown } } | null;
  const webhook: StoredWebhook = {
    id: row.id,
    eventType: row.eventType,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    payload: envelope?.data?.payload ?? {},
  };
  try {
    const outcome: ProcessOutcome = row.eventType.startsWith("call.")
      ? await processCallWebhook(deps, webhook, options.answered)
      : row.eventType.startsWith("message.")
        ? await processMessageWebhook(deps, webhook)
        : { status: "ignored", reason: `event type not handled: ${row.eventType}` };
    await db.webhookEvent.update({
      where: { id: row.id },
      data: {
        status: outcome.status,
        processedAt: deps.now(),
        error: outcome.status === "ignored" ? outcome.reason : null,
        ...(outcome.userId ? { userId: outcome.userId } : {}),
      },
    });
    if (outcome.status === "ignored") deps.logger.info({ webhookEventId: row.id, eventType: row.eventType, reason: outcome.reason }, "webhook ignored");
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.webhookEvent.update({ where: { id: row.id }, data: { error: message.slice(0, 2000) } }).catch(() => undefined);
    throw error;
  }
}

/** Dead letter of `webhooks.process`: the event stays stored, marked failed with its last error. */
export async function markWebhookFailed(db: Db, webhookEventId: string, now = new Date()): Promise<void> {
  await db.webhookEvent.updateMany({
    where: { id: webhookEventId, status: "received" },
    data: { status: "failed", processedAt: now },
  });
}
