import { contactDisplayName } from "~/lib/contact-name";
import type { PhoneFormat } from "~/lib/format";

/** Display helpers for texts: delivery status wording and thread selection from the URL. */

export type MessageStatus =
  | "received"
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "delivery_unconfirmed"
  | "delivery_failed"
  | "sending_failed"
  | "expired"
  | "not_sent";

export const MESSAGE_STATUS: Record<MessageStatus, { label: string; tone: "muted" | "success" | "warning" | "error" }> = {
  received: { label: "Received", tone: "muted" },
  queued: { label: "Queued", tone: "muted" },
  sending: { label: "Sending…", tone: "muted" },
  sent: { label: "Sent", tone: "muted" },
  delivered: { label: "Delivered", tone: "success" },
  delivery_unconfirmed: { label: "Sent (delivery not confirmed)", tone: "muted" },
  delivery_failed: { label: "Not delivered", tone: "error" },
  sending_failed: { label: "Failed to send", tone: "error" },
  expired: { label: "Expired", tone: "error" },
  not_sent: { label: "Not sent", tone: "warning" },
};

/**
 * What to say under an outbound bubble: "Delivered", or the reason it did not go out
 * ("Not sent: TELNYX_API_KEY not set").
 */
export function deliveryText(message: { deliveryStatus: string; errorDetail: string | null }): {
  text: string;
  tone: "muted" | "success" | "warning" | "error";
} {
  const meta = MESSAGE_STATUS[message.deliveryStatus as MessageStatus] ?? { label: message.deliveryStatus, tone: "muted" as const };
  const detail = message.errorDetail?.trim();
  if (!detail) return { text: meta.label, tone: meta.tone };
  // The local provider's reason already starts with "not sent:"; say it once.
  if (/^not sent\b/i.test(detail)) return { text: detail.charAt(0).toUpperCase() + detail.slice(1), tone: meta.tone };
  return { text: `${meta.label}: ${detail}`, tone: meta.tone };
}

export type ThreadSelection = { contactId: string; number?: undefined } | { number: string; contactId?: undefined };

/** The thread named by `?contact=<id>` or `?number=<e164>`, if any. */
export function selectionFromParams(params: { get(name: string): string | null }): ThreadSelection | null {
  const contactId = params.get("contact")?.trim();
  if (contactId && contactId.length <= 64) return { contactId };
  // A hand-typed "?number=+1415…" arrives as " 1415…" ("+" means space in a query string).
  const raw = params.get("number");
  const number = raw && /^ \d/.test(raw) ? `+${raw.trim()}` : raw?.trim();
  if (number && number.length <= 50) return { number };
  return null;
}

export function threadHref(selection: ThreadSelection) {
  return selection.contactId !== undefined
    ? `/messages?contact=${encodeURIComponent(selection.contactId)}`
    : `/messages?number=${encodeURIComponent(selection.number)}`;
}

export function sameSelection(a: ThreadSelection | null, b: ThreadSelection | null) {
  if (!a || !b) return false;
  if (a.contactId !== undefined || b.contactId !== undefined) return a.contactId === b.contactId;
  const digits = (n: string) => n.replace(/[^\d+]/g, "");
  return digits(a.number) === digits(b.number);
}

export function threadName(
  thread: { contact: { firstName: string; lastName: string | null } | null; counterpartNumber: string | null },
  phone: PhoneFormat,
) {
  if (thread.contact) return contactDisplayName(thread.contact);
  return phone(thread.counterpartNumber) || "Unknown number";
}
