import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { Direction, MessageStatus } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { fieldError, notFound } from "~/server/errors";
import { createdAtCursor, olderThan } from "~/server/pagination";
import { findContactByE164 } from "~/server/contacts/phone";
import { regionOf, toE164 } from "~/server/contacts/normalize";
import type { listThreadsInput, markReadInput, threadInput } from "./schemas";

/** A message as clients see it. */
export const messageSelect = {
  id: true,
  direction: true,
  fromNumber: true,
  toNumber: true,
  counterpartNumber: true,
  contactId: true,
  body: true,
  media: true,
  deliveryStatus: true,
  errorDetail: true,
  sentAt: true,
  receivedAt: true,
  deliveredAt: true,
  readAt: true,
  createdAt: true,
} as const satisfies Prisma.MessageSelect;

export type MessageItem = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export interface ThreadSummary {
  /** "contact:<id>" or "number:<e164>". */
  key: string;
  contact: { id: string; firstName: string; lastName: string | null } | null;
  /** The number of the last message (a contact's thread may span several). */
  counterpartNumber: string;
  lastMessage: { id: string; direction: Direction; body: string; deliveryStatus: MessageStatus; hasMedia: boolean; createdAt: Date };
  unreadCount: number;
  messageCount: number;
}

interface ThreadRow {
  thread_key: string;
  id: string;
  thread_contact: string | null;
  counterpartNumber: string;
  direction: Direction;
  body: string;
  deliveryStatus: MessageStatus;
  has_media: boolean;
  createdAt: Date;
  total: number;
  unread: number;
  firstName: string | null;
  lastName: string | null;
  thread_count: bigint;
}

/**
 * One row per conversation, newest first: a contact's messages (including older ones from their
 * numbers that were stored before the contact existed) or one unknown number's.
 */
export async function listThreads({ db }: { db: Db }, userId: string, input: z.output<typeof listThreadsInput>) {
  const offset = (input.page - 1) * input.pageSize;
  const rows = await db.$queryRaw<ThreadRow[]>`
    WITH keyed AS (
      SELECT m."id", m."direction", m."body", m."deliveryStatus", m."createdAt", m."readAt", m."counterpartNumber",
             (m."media" IS NOT NULL AND jsonb_typeof(m."media") = 'array' AND jsonb_array_length(m."media") > 0) AS has_media,
             COALESCE(m."contactId", owner."id") AS thread_contact,
             COALESCE('contact:' || COALESCE(m."contactId", owner."id"), 'number:' || m."counterpartNumber") AS thread_key
        FROM "Message" m
        LEFT JOIN LATERAL (
          SELECT c."id" FROM "Contact" c
           WHERE m."contactId" IS NULL AND c."userId" = m."userId" AND c."phones" @> ARRAY[m."counterpartNumber"]
           ORDER BY c."createdAt" ASC LIMIT 1
        ) owner ON true
       WHERE m."userId" = ${userId}
    ),
    latest AS (
      SELECT DISTINCT ON (thread_key) * FROM keyed ORDER BY thread_key, "createdAt" DESC, "id" DESC
    ),
    counts AS (
      SELECT thread_key, count(*)::int AS total,
             (count(*) FILTER (WHERE "direction" = 'inbound' AND "readAt" IS NULL))::int AS unread
        FROM keyed GROUP BY thread_key
    )
    SELECT l.thread_key, l."id", l.thread_contact, l."counterpartNumber", l."direction", l."body", l."deliveryStatus",
           l.has_media, l."createdAt", c.total, c.unread, ct."firstName", ct."lastName",
           count(*) OVER () AS thread_count
      FROM latest l
      JOIN counts c USING (thread_key)
      LEFT JOIN "Contact" ct ON ct."id" = l.thread_contact
     ORDER BY l."createdAt" DESC, l."id" DESC
     LIMIT ${input.pageSize} OFFSET ${offset}`;

  let total = rows[0] ? Number(rows[0].thread_count) : 0;
  if (!rows.length && offset > 0) {
    // Past the end: still report how many threads there are.
    const [{ n }] = await db.$queryRaw<[{ n: bigint }]>`
      SELECT count(DISTINCT COALESCE('contact:' || COALESCE(m."contactId", owner."id"), 'number:' || m."counterpartNumber")) AS n
        FROM "Message" m
        LEFT JOIN LATERAL (
          SELECT c."id" FROM "Contact" c
           WHERE m."contactId" IS NULL AND c."userId" = m."userId" AND c."phones" @> ARRAY[m."counterpartNumber"]
           ORDER BY c."createdAt" ASC LIMIT 1
        ) owner ON true
       WHERE m."userId" = ${userId}`;
    total = Number(n);
  }
  const items: ThreadSummary[] = rows.map((r) => ({
    key: r.thread_key,
    contact: r.thread_contact ? { id: r.thread_contact, firstName: r.firstName ?? "", lastName: r.lastName } : null,
    counterpartNumber: r.counterpartNumber,
    lastMessage: {
      id: r.id,
      direction: r.direction,
      body: r.body,
      deliveryStatus: r.deliveryStatus,
      hasMedia: r.has_media,
      createdAt: r.createdAt,
    },
    unreadCount: r.unread,
    messageCount: r.total,
  }));
  return { items, total, page: input.page, pageSize: input.pageSize };
}

type ThreadSelector = { contactId?: string | undefined; number?: string | undefined };

/** The where-clause of a thread, and who it is with. */
async function resolveThread(db: Db, userId: string, selector: ThreadSelector) {
  let contact: { id: string; firstName: string; lastName: string | null; phones: string[] } | null = null;
  let number: string | null = null;
  if (selector.contactId) {
    contact = await db.contact.findFirst({
      where: { id: selector.contactId, userId },
      select: { id: true, firstName: true, lastName: true, phones: true },
    });
    if (!contact) throw notFound("Contact");
  } else if (selector.number) {
    const region = await regionOf(db, userId);
    number = toE164(selector.number, region) ?? selector.number.trim();
    if (!number) throw fieldError("number", "Enter a number.");
    const match = await findContactByE164(db, userId, number);
    if (match) contact = { id: match.id, firstName: match.firstName, lastName: match.lastName, phones: match.phones };
  }
  const where: Prisma.MessageWhereInput = contact
    ? {
        userId,
        OR: [{ contactId: contact.id }, ...(contact.phones.length ? [{ contactId: null, counterpartNumber: { in: contact.phones } }] : [])],
      }
    : { userId, contactId: null, counterpartNumber: number ?? "" };
  return { contact, number, where };
}

/**
 * A conversation, newest first, `limit` at a time (`nextCursor` continues with older ones;
 * null at the beginning of the conversation).
 */
export async function getThread({ db }: { db: Db }, userId: string, input: z.output<typeof threadInput>) {
  const { contact, number, where } = await resolveThread(db, userId, input);
  const before = input.cursor ? createdAtCursor.decode(input.cursor) : null;
  const rows = await db.message.findMany({
    where: before ? { AND: [where, olderThan(before)] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: messageSelect,
  });
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    contact: contact ? { id: contact.id, firstName: contact.firstName, lastName: contact.lastName, phones: contact.phones } : null,
    counterpartNumber: number ?? contact?.phones[0] ?? null,
    items,
    nextCursor: rows.length > input.limit && last ? createdAtCursor.encode([last.createdAt, last.id]) : null,
  };
}

/**
 * Marks inbound messages read: a whole thread, or the given ones (the user's only). Their "new
 * text" notifications are read with them: the user has seen the messages they announce.
 */
export async function markMessagesRead(deps: { db: Db; now: () => Date }, userId: string, input: z.output<typeof markReadInput>) {
  const { db } = deps;
  const now = deps.now();
  const where: Prisma.MessageWhereInput = input.ids
    ? { userId, id: { in: input.ids } }
    : (await resolveThread(db, userId, input)).where;
  const unread = { AND: [where, { direction: "inbound" as const, readAt: null }] };
  return db.$transaction(async (tx) => {
    const ids = (await tx.message.findMany({ where: unread, select: { id: true } })).map((m) => m.id);
    if (!ids.length) return { updated: 0 };
    const result = await tx.message.updateMany({ where: { userId, id: { in: ids }, readAt: null }, data: { readAt: now } });
    await tx.notification.updateMany({
      where: { userId, readAt: null, dedupeKey: { in: ids.map((id) => `message:${id}`) } },
      data: { readAt: now },
    });
    return { updated: result.count };
  });
}
