import type { Prisma } from "~/generated/prisma/client";
import type { Db, Tx } from "~/server/db";
import { findContactByE164 } from "~/server/contacts/phone";
import { regionOf } from "~/server/contacts/normalize";
import { upsertKeyedNotification } from "~/server/notifications/inbox";
import { messagePayloadSchema, parseDate, type MessagePayload } from "~/server/telephony/envelope";
import { contactName, displayNumber, normalizeNumber, touchContact } from "~/server/contacts/counterpart";
import type { ProcessOutcome, StoredWebhook } from "~/server/telephony/types";
import { fromTelnyxStatus, nextStatus } from "./status";
import { truncate } from "~/lib/format";
import type { TouchDeps } from "~/server/reminders/keep-in-touch";

export interface MediaPart {
  url: string;
  contentType: string | null;
  size: number | null;
}

function mediaOf(p: MessagePayload): MediaPart[] | null {
  const parts = (p.media ?? [])
    .filter((m) => !!m.url)
    .map((m) => ({ url: m.url!, contentType: m.content_type ?? null, size: m.size ?? null }));
  return parts.length ? parts : null;
}

function errorText(p: MessagePayload): string | null {
  const errors = (p.errors ?? []).map((e) => [e.code, e.detail || e.title].filter(Boolean).join(": ")).filter(Boolean);
  return errors.length ? errors.join("; ") : null;
}

async function ownerOf(tx: Tx, numbers: (string | null | undefined)[]) {
  for (const raw of numbers) {
    if (!raw) continue;
    const number = await tx.phoneNumber.findUnique({ where: { e164: normalizeNumber(raw, "US") }, select: { id: true, userId: true, e164: true } });
    if (number) return number;
  }
  return null;
}

function preview(text: string, media: MediaPart[] | null): string {
  const body = text.replace(/\s+/g, " ").trim();
  if (body) return truncate(body, 140);
  return media ? `${media.length === 1 ? "A picture or file" : `${media.length} pictures or files`}` : "(empty message)";
}

async function receive({ db, ...deps }: MessageEventDeps, webhook: StoredWebhook, p: MessagePayload): Promise<ProcessOutcome> {
  const from = p.from?.phone_number;
  const recipients = (p.to ?? []).map((t) => t.phone_number);
  if (!p.id || !from || !recipients.length) return { status: "ignored", reason: "message without id, from or to" };
  const occurredAt = webhook.occurredAt ?? webhook.receivedAt;

  return db.$transaction(async (tx) => {
    const number = await ownerOf(tx, recipients);
    if (!number) return { status: "ignored" as const, reason: `no user owns ${recipients.filter(Boolean).join(", ")}` };
    const region = await regionOf(tx, number.userId);
    const counterpart = normalizeNumber(from, region);
    const contact = await findContactByE164(tx, number.userId, counterpart);
    const media = mediaOf(p);
    const text = p.text ?? "";
    const receivedAt = parseDate(p.received_at) ?? occurredAt;
    const rows = await tx.message.createManyAndReturn({
      data: [
        {
          userId: number.userId,
          direction: "inbound",
          fromNumber: from,
          toNumber: number.e164,
          counterpartNumber: counterpart,
          contactId: contact?.id ?? null,
          phoneNumberId: number.id,
          body: text,
          media: media ? (media as unknown as Prisma.InputJsonValue) : undefined,
          telnyxMessageId: p.id,
          deliveryStatus: "received",
          receivedAt,
          createdAt: receivedAt,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const row = rows[0];
    // Already stored (the same message under another event id): nothing more to do.
    if (!row) return { status: "processed" as const, userId: number.userId };
    await touchContact(deps, tx, number.userId, contact?.id ?? null, receivedAt);
    const who = contactName(contact) ?? displayNumber(counterpart, region);
    await upsertKeyedNotification(tx, {
      userId: number.userId,
      dedupeKey: `message:${row.id}`,
      type: "new_message",
      title: `New text from ${who}`,
      body: preview(text, media),
      link: contact ? `/messages?contact=${contact.id}` : `/messages?number=${encodeURIComponent(counterpart)}`,
    });
    return { status: "processed" as const, userId: number.userId };
  });
}

async function deliveryUpdate({ db, ...deps }: MessageEventDeps, webhook: StoredWebhook, p: MessagePayload): Promise<ProcessOutcome> {
  if (!p.id) return { status: "ignored", reason: "message event without a message id" };
  if (p.direction && p.direction !== "outbound") return { status: "ignored", reason: `delivery status of a ${p.direction} message` };
  const incoming = fromTelnyxStatus(p.to?.[0]?.status);
  const sentAt = parseDate(p.sent_at);
  const completedAt = parseDate(p.completed_at);
  const error = errorText(p);
  const occurredAt = webhook.occurredAt ?? webhook.receivedAt;

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`telnyx-message:${p.id}`}))`;
    const existing = await tx.message.findUnique({
      where: { telnyxMessageId: p.id! },
      select: { id: true, userId: true, deliveryStatus: true, sentAt: true, deliveredAt: true, errorDetail: true },
    });
    if (existing) {
      const status = nextStatus(existing.deliveryStatus, incoming);
      const changed = status !== existing.deliveryStatus;
      await tx.message.update({
        where: { id: existing.id },
        data: {
          deliveryStatus: status,
          sentAt: existing.sentAt ?? sentAt,
          ...(changed && status === "delivered" ? { deliveredAt: completedAt ?? occurredAt } : {}),
          ...(changed && error ? { errorDetail: error } : {}),
        },
      });
      return { status: "processed" as const, userId: existing.userId };
    }
    // Sent from outside Switchboard (or our send has not recorded its id yet: it merges then).
    const from = p.from?.phone_number;
    const to = p.to?.[0]?.phone_number;
    if (!from || !to) return { status: "ignored" as const, reason: "message event without from or to" };
    const number = await ownerOf(tx, [from]);
    if (!number) return { status: "ignored" as const, reason: `no user owns ${from}` };
    const region = await regionOf(tx, number.userId);
    const counterpart = normalizeNumber(to, region);
    const contact = await findContactByE164(tx, number.userId, counterpart);
    const media = mediaOf(p);
    const status = nextStatus("queued", incoming);
    await tx.message.create({
      data: {
        userId: number.userId,
        direction: "outbound",
        fromNumber: number.e164,
        toNumber: to,
        counterpartNumber: counterpart,
        contactId: contact?.id ?? null,
        phoneNumberId: number.id,
        body: p.text ?? "",
        media: media ? (media as unknown as Prisma.InputJsonValue) : undefined,
        telnyxMessageId: p.id!,
        deliveryStatus: status,
        sentAt: sentAt ?? occurredAt,
        deliveredAt: status === "delivered" ? (completedAt ?? occurredAt) : null,
        errorDetail: error,
        createdAt: sentAt ?? occurredAt,
      },
    });
    await touchContact(deps, tx, number.userId, contact?.id ?? null, sentAt ?? occurredAt);
    return { status: "processed" as const, userId: number.userId };
  });
}

/** What applying a message event needs: the job queue moves a keep-in-touch reminder (touchContact). */
export type MessageEventDeps = { db: Db } & TouchDeps;

/** `webhooks.process` for `message.*` events. */
export async function processMessageWebhook(deps: MessageEventDeps, webhook: StoredWebhook): Promise<ProcessOutcome> {
  const parsed = messagePayloadSchema.safeParse(webhook.payload ?? {});
  if (!parsed.success) return { status: "ignored", reason: "malformed message payload" };
  switch (webhook.eventType) {
    case "message.received":
      return receive(deps, webhook, parsed.data);
    case "message.sent":
    case "message.finalized":
      return deliveryUpdate(deps, webhook, parsed.data);
    default:
      return { status: "ignored", reason: `event type not handled: ${webhook.eventType}` };
  }
}
