/** A stored Telnyx webhook as the domains handle it, and what handling it came to. */

/** `userId`: the owner the event was routed to (stored on the WebhookEvent). */
export type ProcessOutcome = { status: "processed"; userId?: string } | { status: "ignored"; reason: string; userId?: string };

export interface StoredWebhook {
  id: string;
  eventType: string;
  occurredAt: Date | null;
  receivedAt: Date;
  /** `data.payload` of the envelope. */
  payload: unknown;
}
