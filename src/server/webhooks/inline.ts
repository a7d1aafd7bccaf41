import type { Logger } from "~/server/logger";
import { processWebhookEvent, webhookDeps, type WebhookServices } from "./process";

/**
 * Call events processed by the web process that stored them, right after storing: the answer,
 * greeting or forward command reaches Telnyx without waiting for a worker to poll the queue.
 * The event's job is still queued, `FALLBACK_SECONDS` later, so a web process that dies halfway
 * leaves the work to the worker; processing is idempotent, so the worker finding the event done
 * costs one read. A few at a time per process: past that, events go to the worker at once.
 */
// 16, not 8: a slot is held until the event is done, a few statements past its answer command,
// so 10 calls ringing at once overlap their successors; with 8, `npm run bench -- call-control`
// (10 at once) sent 25-31 of 100 calls to the worker, each answered up to a poll later (p99 3.9 s
// embedded, 1.2 s PostgreSQL); with 16, none (1.8 s, 1.0 s on a loaded 2-core machine). Inline
// events wait for a pooled connection like any request; the worker takes the rest.
export const INLINE_MAX_AT_ONCE = 16;
export const INLINE_FALLBACK_SECONDS = 10;

export interface InlineSlots {
  claim(): (() => void) | null;
  fallbackSeconds: number;
}

export function createInlineSlots(max = INLINE_MAX_AT_ONCE, fallbackSeconds = INLINE_FALLBACK_SECONDS): InlineSlots {
  let used = 0;
  return {
    fallbackSeconds,
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

/** Processes one claimed event; failures are left to its queued job (logged, never thrown). */
export async function processInline(
  services: WebhookServices,
  logger: Pick<Logger, "info" | "warn" | "error">,
  claimed: { webhookEventId: string; release(): void },
): Promise<void> {
  try {
    await processWebhookEvent(webhookDeps(services, logger), claimed.webhookEventId);
  } catch (error) {
    logger.warn(
      { err: error, webhookEventId: claimed.webhookEventId },
      `processing a call event right away failed; its queued job retries it in ${INLINE_FALLBACK_SECONDS} s`,
    );
  } finally {
    claimed.release();
  }
}
