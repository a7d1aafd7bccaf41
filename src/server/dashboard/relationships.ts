import type { Db } from "~/server/db";

/** How many people each relationship card lists. */
export const RELATIONSHIP_LIST_SIZE = 5;
/** Someone last contacted longer ago than this is drifting away (the "not in touch for > 30 days" insight, docs/domain.md#relationship-scoring). */
export const DRIFTING_AFTER_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

const contactFields = {
  id: true,
  firstName: true,
  lastName: true,
  company: true,
  relationshipScore: true,
  scoreTrend: true,
  lastContactedAt: true,
} as const;

/**
 * The people you are closest to: highest relationship score first. A score of 0 means nothing
 * has been scored yet (a new contact), which says nothing about closeness, so those are left out.
 */
export function topContacts(db: Db, userId: string) {
  return db.contact.findMany({
    where: { userId, relationshipScore: { gt: 0 } },
    // The most recently contacted first among equal scores, then a stable order.
    orderBy: [{ relationshipScore: "desc" }, { lastContactedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    take: RELATIONSHIP_LIST_SIZE,
    select: contactFields,
  });
}

/**
 * People you are drifting away from: last contacted more than DRIFTING_AFTER_DAYS ago, the
 * strongest relationships first because those are the ones worth saving. Contacts never
 * contacted were never close, so they are not drifting.
 */
export async function contactsToReconnect(db: Db, userId: string, now: Date) {
  // More than 30 whole days (31 or more), as the contact page's "not in touch" insight counts,
  // so the two never disagree about someone last contacted 30.5 days ago.
  const cutoff = new Date(now.getTime() - (DRIFTING_AFTER_DAYS + 1) * DAY_MS);
  const contacts = await db.contact.findMany({
    where: { userId, lastContactedAt: { lte: cutoff } },
    // Among equal scores, the longest silence first.
    orderBy: [{ relationshipScore: "desc" }, { lastContactedAt: "asc" }, { id: "asc" }],
    take: RELATIONSHIP_LIST_SIZE,
    select: { ...contactFields, phones: true },
  });
  return contacts.map((contact) => ({
    ...contact,
    // Whole days, counted on the server so the page renders the same text everywhere; the
    // filter above guarantees lastContactedAt is set.
    daysSinceContact: Math.floor((now.getTime() - contact.lastContactedAt!.getTime()) / DAY_MS),
  }));
}
