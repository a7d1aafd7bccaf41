import pLimit, { type LimitFunction } from "p-limit";
import { answerCallFirst } from "~/server/calls/events";
import type { Logger } from "~/server/logger";
import type { StoredWebhook } from "~/server/telephony/types";
import { processWebhookEvent, webhookDeps, type WebhookServices } from "./process";

/**
 * Call events processed by the web process that stored them, right after storing: the answer,
 * greeting or forward command reaches Telnyx without waiting for a worker to poll the queue.
 * The event's job is still queued, `FALLBACK_SECONDS` later, so a web process that dies halfway
 * leaves the work to the worker; processing is idempotent, so the worker finding the event done
 * costs one read. Past `INLINE_MAX_AT_ONCE` claimed events, the worker takes them at once.
 *
 * A new inbound call is answered first (one read and the command), then the event waits its turn
 * to be applied, `INLINE_PROCESSING_AT_ONCE` at a time. Applying holds a pooled connection for a
 * transaction of a dozen statements; with every claimed event applying at once, the pool's queue
 * was in front of the next caller's answer: `npm run bench -- call-control` (10 calls at once)
 * measured its one read waiting 94 ms for a connection (p50 answer 127 ms on PostgreSQL, 263 ms
 * embedded). Held until the event is done, a claim outlives its answer; with 16 claims, 21-26 of
 * 100 calls went to the worker and were answered up to a poll later.
 */
export const INLINE_MAX_AT_ONCE = 64;
/** Below the web process's pool (10), which also serves the UI and the answers. */
export const INLINE_PROCESSING_AT_ONCE = 8;
export const INLINE_FALLBACK_SECONDS = 10;

export interface InlineSlots {
  claim(): (() => void) | null;
  fallbackSeconds: number;
  /** Runs an event's processing when one of the few processing turns is free. */
  processing: LimitFunction;
}

export function createInlineSlots(
  max = INLINE_MAX_AT_ONCE,
  fallbackSeconds = INLINE_FALLBACK_SECONDS,
  processingAtOnce = INLINE_PROCESSING_AT_ONCE,
): InlineSlots {
  let used = 0;
  return {
    fallbackSeconds,
    processing: pLimit(processingAtOnce),
    claim() {
      if (used >= max) return null;
      used += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        used -= 1;
      };
    },
  };
}

/**
 * Processes one claimed event; failures are left to its queued job (logged, never thrown). A new
 * inbound call is answered first, from the event in hand, before the stored row is even read.
 */
export async function processInline(
  services: WebhookServices,
  logger: Pick<Logger, "info" | "warn" | "error">,
  claimed: { webhookEventId: string; webhook: StoredWebhook; release(): void },
  processing: LimitFunction,
): Promise<void> {
  const deps = webhookDeps(services, logger);
  try {
    // undefined: the check failed, and processing makes it again.
    const answered = await answerCallFirst(deps, claimed.webhook).catch((error: unknown) => {
      logger.warn({ err: error, webhookEventId: claimed.webhookEventId }, "answering a new call first failed; processing the event answers it");
      return undefined;
    });
    await processing(() => processWebhookEvent(deps, claimed.webhookEventId, { answered }));
  } catch (error) {
    logger.warn(
      { err: error, webhookEventId: claimed.webhookEventId },
      `processing a call event right away failed; its queued job retries it in ${INLINE_FALLBACK_SECONDS} s`,
    );
  } finally {
    claimed.release();
  }
}
