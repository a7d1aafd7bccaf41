import type { Db } from "~/server/db";
import {
  HISTORY_DAYS,
  UPCOMING_EVENT_DAYS,
  computeRelationshipScore,
  insightsFor,
  type Insight,
  type RelationshipScore,
  type ScoreInputs,
} from "./score";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ContactRef {
  userId: string;
  contactId: string;
}

/** Statuses that mean being in touch (see `isInTouchCall`), for the query before the window. */
const IN_TOUCH_STATUSES = ["completed", "in_progress", "voicemail"] as const;
const FAILED_MESSAGE_STATUSES = ["not_sent", "sending_failed", "delivery_failed", "expired"] as const;

/**
 * Everything the score of one contact depends on, read with the user's id on every query so
 * another user's calls, texts, tasks or events can never count. Null when the contact does not
 * exist for this user (deleted, or someone else's).
 */
export async function loadScoreInputs(db: Db, { userId, contactId }: ContactRef, now: Date): Promise<ScoreInputs | null> {
  const contact = await db.contact.findFirst({
    where: { id: contactId, userId },
    select: { relationshipScore: true, scoreTrend: true, scoreUpdatedAt: true },
  });
  if (!contact) return null;

  const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
  const eventsUntil = new Date(now.getTime() + UPCOMING_EVENT_DAYS * DAY_MS);
  const [calls, messages, tasks, events, earlierCall, earlierMessage] = await Promise.all([
    db.call.findMany({
      where: { userId, contactId, startedAt: { gte: since, lte: now } },
      select: { startedAt: true, durationSeconds: true, sentimentScore: true, status: true, direction: true },
    }),
    db.message.findMany({
      where: { userId, contactId, createdAt: { gte: since, lte: now } },
      select: { createdAt: true, direction: true, deliveryStatus: true },
    }),
    // Top-level tasks only: a task split into subtasks is one piece of shared work.
    db.task.findMany({ where: { userId, contactId, parentId: null }, select: { status: true, completedAt: true } }),
    db.calendarEvent.findMany({
      where: { userId, startsAt: { gte: since, lte: eventsUntil }, contacts: { some: { contactId } } },
      select: { startsAt: true },
    }),
    db.call.findFirst({
      where: { userId, contactId, startedAt: { lt: since }, status: { in: [...IN_TOUCH_STATUSES] } },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true },
    }),
    db.message.findFirst({
      where: { userId, contactId, createdAt: { lt: since }, deliveryStatus: { notIn: [...FAILED_MESSAGE_STATUSES] } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
  ]);
  const earlier = [earlierCall?.startedAt, earlierMessage?.createdAt].filter((d): d is Date => !!d);
  return {
    calls,
    messages,
    tasks,
    events: events.map((e) => e.startsAt),
    earlierInteractionAt: earlier.length ? new Date(Math.max(...earlier.map((d) => d.getTime()))) : null,
    // A contact never scored has no previous score to compare with (its stored 0 is a default).
    previous: contact.scoreUpdatedAt ? { score: contact.relationshipScore, trend: contact.scoreTrend } : null,
  };
}

/**
 * Recomputes and stores one contact's relationship score, trend and components (the
 * `contact.rescore` job and anything else that changed the contact's history call this).
 * Idempotent: running it again with nothing new stores the same values. `lastContactedAt` is
 * left alone: the call and message code keeps it (every call and text, attempts included).
 * Returns null, and changes nothing, when the contact no longer exists for this user.
 */
export async function rescoreContact(db: Db, ref: ContactRef, now: Date = new Date()): Promise<RelationshipScore | null> {
  const inputs = await loadScoreInputs(db, ref, now);
  if (!inputs) return null;
  const result = computeRelationshipScore(inputs, now);
  // updateMany with the user's id: a contact deleted meanwhile is simply not updated.
  const { count } = await db.contact.updateMany({
    where: { id: ref.contactId, userId: ref.userId },
    data: {
      relationshipScore: result.score,
      scoreTrend: result.trend,
      scoreComponents: result.components,
      scoreUpdatedAt: now,
    },
  });
  return count === 0 ? null : result;
}

/** Insights for one contact (not in touch > 30 days, open tasks, long calls, sentiment streaks; docs/domain.md#relationship-scoring). */
export async function contactInsights(db: Db, ref: ContactRef, now: Date = new Date()): Promise<Insight[] | null> {
  const inputs = await loadScoreInputs(db, ref, now);
  return inputs ? insightsFor(inputs, now) : null;
}
