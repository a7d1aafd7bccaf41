import { createHash } from "node:crypto";
import type { Boss } from "~/server/queue/boss";
import { parseJobPayload } from "~/server/queue/jobs";

/**
 * The `webhooks.process` job's id is derived from the stored event's id: queueing an event
 * twice (a retried delivery, a web process that died between storing and answering) inserts
 * nothing the second time, while that job is still kept.
 */
export function webhookJobId(webhookEventId: string): string {
  const hex = createHash("sha256").update(`webhooks.process:${webhookEventId}`).digest("hex");
  // A version-4-shaped UUID (pg-boss ids are uuid); the bits are the hash's.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Queues processing of a stored webhook; `delaySeconds` when this process handles it first. */
export async function queueWebhookProcessing(boss: Boss, webhookEventId: string, options: { delaySeconds?: number } = {}): Promise<void> {
  const data = parseJobPayload("webhooks.process", { webhookEventId });
  // pg-boss answers null when the id exists already: the event is queued, which is the point.
  await boss.send("webhooks.process", data, {
    id: webhookJobId(webhookEventId),
    ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
  });
}
