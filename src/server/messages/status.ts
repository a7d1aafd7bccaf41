import type { MessageStatus } from "~/generated/prisma/enums";

/**
 * Delivery status of a message only moves forward: queued → sending → sent → a final state.
 * Once final (delivered, failed, expired, unconfirmed, not sent) it never changes again, so a
 * late or repeated webhook cannot regress it.
 */

const FINAL = new Set<MessageStatus>([
  "delivered",
  "delivery_failed",
  "delivery_unconfirmed",
  "sending_failed",
  "expired",
  "not_sent",
  "received",
]);

const RANK: Partial<Record<MessageStatus, number>> = { queued: 1, sending: 2, sent: 3 };

const TELNYX_STATUSES: Record<string, MessageStatus> = {
  queued: "queued",
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  delivery_failed: "delivery_failed",
  delivery_unconfirmed: "delivery_unconfirmed",
  sending_failed: "sending_failed",
  expired: "expired",
};

export function isFinalStatus(status: MessageStatus): boolean {
  return FINAL.has(status);
}

/** Telnyx's recipient status, or null when it is not a delivery status we track. */
export function fromTelnyxStatus(status: string | null | undefined): MessageStatus | null {
  return (status && TELNYX_STATUSES[status]) || null;
}

export function nextStatus(current: MessageStatus, incoming: MessageStatus | null): MessageStatus {
  if (!incoming || isFinalStatus(current)) return current;
  if (isFinalStatus(incoming)) return incoming;
  return (RANK[incoming] ?? 0) > (RANK[current] ?? 0) ? incoming : current;
}
