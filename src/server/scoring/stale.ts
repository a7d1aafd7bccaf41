import type { Db } from "~/server/db";
import { rescoreContact } from "./rescore";

/** A computed score older than this is recomputed: recency decays by the day. */
export const STALE_AFTER_MS = 20 * 60 * 60 * 1000;
/** Contacts per run; an hourly run refreshes ~48,000 a day. */
export const STALE_BATCH = 2_000;

/**
 * Recomputes the oldest computed scores. A score only moves on its own with time (recency, the
 * 30/90-day windows), so without this a contact you stopped calling would keep a high score.
 * Seeded or imported scores that were never computed (scoreUpdatedAt null) are left alone until
 * a conversation or Recalculate computes them.
 */
export async function rescoreStaleContacts(db: Db, now: Date = new Date(), limit = STALE_BATCH): Promise<number> {
  const stale = await db.contact.findMany({
    where: { scoreUpdatedAt: { lt: new Date(now.getTime() - STALE_AFTER_MS) } },
    orderBy: { scoreUpdatedAt: "asc" },
    take: limit,
    select: { id: true, userId: true },
  });
  for (const contact of stale) await rescoreContact(db, { userId: contact.userId, contactId: contact.id }, now);
  return stale.length;
}
