import type { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import type { NotificationType } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import type { listNotificationsInput } from "./schemas";
import { createdAtCursor, olderThan } from "~/server/pagination";

/** The bell: list, unread count, mark read; and keyed notices that follow a changing state. */

type Queryable = Pick<Db, "notification">;

export const notificationSelect = {
  id: true,
  type: true,
  title: true,
  body: true,
  link: true,
  readAt: true,
  createdAt: true,
} as const satisfies Prisma.NotificationSelect;

export type NotificationItem = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

/** Newest first; `nextCursor` is null on the last page. */
export async function listNotifications({ db }: { db: Db }, userId: string, input: z.output<typeof listNotificationsInput>) {
  const after = input.cursor ? createdAtCursor.decode(input.cursor) : null;
  const rows = await db.notification.findMany({
    where: {
      userId,
      ...(input.unreadOnly ? { readAt: null } : {}),
      ...(after ? olderThan(after) : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: notificationSelect,
  });
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? createdAtCursor.encode([last.createdAt, last.id]) : null };
}

export async function countUnreadNotifications({ db }: { db: Db }, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Marks the user's own notifications read (others' ids are silently not touched). */
export async function markNotificationsRead(deps: { db: Db; now: () => Date }, userId: string, { ids }: { ids: string[] }) {
  const { db } = deps;
  const now = deps.now();
  const result = await db.notification.updateMany({ where: { userId, id: { in: ids }, readAt: null }, data: { readAt: now } });
  return { updated: result.count };
}

export async function markAllNotificationsRead(deps: { db: Db; now: () => Date }, userId: string) {
  const { db } = deps;
  const now = deps.now();
  const result = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return { updated: result.count };
}

export interface KeyedNotice {
  userId: string;
  /** One notice per key: "call:<id>", "message:<id>". */
  dedupeKey: string;
  type: NotificationType;
  title: string;
  body?: string | null;
  link?: string | null;
}

/**
 * Creates the notice for a key, or rewrites it when what it says changed (a missed call that
 * turns out to be a voicemail), marking it unread again. Identical notices are left alone, so
 * re-processing an event never notifies twice.
 */
export async function upsertKeyedNotification(db: Queryable, notice: KeyedNotice): Promise<void> {
  const where = { userId_dedupeKey: { userId: notice.userId, dedupeKey: notice.dedupeKey } };
  const existing = await db.notification.findUnique({ where, select: { type: true, title: true } });
  if (!existing) {
    await db.notification.createMany({
      data: [
        {
          userId: notice.userId,
          dedupeKey: notice.dedupeKey,
          type: notice.type,
          title: notice.title,
          body: notice.body ?? null,
          link: notice.link ?? null,
        },
      ],
      skipDuplicates: true,
    });
    return;
  }
  if (existing.type === notice.type && existing.title === notice.title) return;
  await db.notification.update({
    where,
    data: { type: notice.type, title: notice.title, body: notice.body ?? null, link: notice.link ?? null, readAt: null },
  });
}

/** Withdraws a keyed notice the user has not read yet (its reason went away). */
export async function withdrawKeyedNotification(db: Queryable, userId: string, dedupeKey: string): Promise<void> {
  await db.notification.deleteMany({ where: { userId, dedupeKey, readAt: null } });
}
