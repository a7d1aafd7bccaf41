import type { CallStatus, Direction, MessageStatus, ScoreTrend, TaskStatus } from "~/generated/prisma/client";

/**
 * Relationship score (docs/domain.md#relationship-scoring): five components of 0–100, weighted
 * recency 25%, frequency 25%, duration 15%, sentiment 20%, engagement 15%, over a 30-day
 * (recent) and a 90-day (history) window. Pure: everything it needs is in its arguments.
 */

export const SCORE_WEIGHTS = {
  recency: 0.25,
  frequency: 0.25,
  duration: 0.15,
  sentiment: 0.2,
  engagement: 0.15,
} as const;

export type ScoreComponent = keyof typeof SCORE_WEIGHTS;
export type ScoreComponents = Record<ScoreComponent, number>;

const DAY_MS = 24 * 60 * 60 * 1000;
export const RECENT_DAYS = 30;
export const HISTORY_DAYS = 90;
/** Calendar events this far ahead count as engagement (a meeting already planned together). */
export const UPCOMING_EVENT_DAYS = 30;
/** The score must move by more than this for the trend to be up or down. */
export const TREND_THRESHOLD = 5;

export interface ScoringCall {
  startedAt: Date;
  durationSeconds: number | null;
  /** -1 (negative) … 1 (positive); null until the call is analysed. */
  sentimentScore: number | null;
  status: CallStatus;
  direction: Direction;
}

export interface ScoringMessage {
  createdAt: Date;
  direction: Direction;
  deliveryStatus: MessageStatus;
}

export interface ScoringTask {
  status: TaskStatus;
  completedAt: Date | null;
}

export interface ScoreInputs {
  /** The contact's calls; those outside the 90-day window (or after `now`) are ignored. */
  calls: ScoringCall[];
  messages: ScoringMessage[];
  /** The contact's top-level tasks, any age. */
  tasks: ScoringTask[];
  /** Start times of calendar events the contact is part of. */
  events: Date[];
  /** The latest interaction before the 90-day window, which keeps recency from dropping to 0. */
  earlierInteractionAt: Date | null;
  /** The stored score, or null if the contact was never scored (its trend is then stable). */
  previous: { score: number; trend: ScoreTrend } | null;
}

export interface RelationshipScore {
  score: number;
  components: ScoreComponents;
  trend: ScoreTrend;
  /** The last interaction that counts as being in touch (a call that connected or a text). */
  lastInteractionAt: Date | null;
}

/**
 * Being in touch: a conversation or voicemail, not a missed, busy or failed attempt (those are
 * still `lastContactedAt`, which tracks every call and text).
 */
const IN_TOUCH_CALL: ReadonlySet<CallStatus> = new Set(["completed", "in_progress", "voicemail"]);
/** Texts that never left (or never arrived) say nothing about the relationship. */
const FAILED_MESSAGE: ReadonlySet<MessageStatus> = new Set(["not_sent", "sending_failed", "delivery_failed", "expired"]);
const OPEN_TASK: ReadonlySet<TaskStatus> = new Set(["todo", "in_progress"]);

export function isInTouchCall(call: Pick<ScoringCall, "status">): boolean {
  return IN_TOUCH_CALL.has(call.status);
}

export function isCountedMessage(message: Pick<ScoringMessage, "deliveryStatus">): boolean {
  return !FAILED_MESSAGE.has(message.deliveryStatus);
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));
const daysBetween = (earlier: Date, later: Date) => (later.getTime() - earlier.getTime()) / DAY_MS;

/**
 * The reference's steps (≤7 d 100, 14 d 80, 30 d 60, 60 d 40, 90 d 20, older 10, never 0) as
 * anchors joined linearly, so one more day of silence never drops the score by 20 at once.
 */
const RECENCY_ANCHORS: ReadonlyArray<readonly [days: number, score: number]> = [
  [7, 100],
  [14, 80],
  [30, 60],
  [60, 40],
  [90, 20],
  [180, 10],
];

export function recencyScore(lastInteractionAt: Date | null, now: Date): number {
  if (!lastInteractionAt) return 0;
  const days = Math.max(0, daysBetween(lastInteractionAt, now));
  let [prevDays, prevScore] = RECENCY_ANCHORS[0]!;
  if (days <= prevDays) return prevScore;
  for (const [anchorDays, anchorScore] of RECENCY_ANCHORS.slice(1)) {
    if (days <= anchorDays) {
      return prevScore + ((days - prevDays) / (anchorDays - prevDays)) * (anchorScore - prevScore);
    }
    [prevDays, prevScore] = [anchorDays, anchorScore];
  }
  return prevScore;
}

/** Start of the UTC day, so a burst of texts on one day counts once. */
const dayKey = (date: Date) => Math.floor(date.getTime() / DAY_MS);

/**
 * Interactions weighted by age: each call, and each day with texts at half a call (a thread of
 * twenty texts is one exchange, not twenty calls), is worth 15 points in the last 30 days (the
 * reference's "calls × 15": about two calls a week is 100) and 5 points in days 31–90, so a
 * steady history still counts after a quiet month.
 */
function frequencyScore(calls: ScoringCall[], messages: ScoringMessage[], now: Date): number {
  const weight = (at: Date) => (daysBetween(at, now) <= RECENT_DAYS ? 15 : 5);
  let points = 0;
  for (const call of calls) points += weight(call.startedAt);
  const textDays = new Map<number, Date>();
  for (const message of messages) {
    const key = dayKey(message.createdAt);
    const seen = textDays.get(key);
    if (!seen || message.createdAt > seen) textDays.set(key, message.createdAt);
  }
  for (const at of textDays.values()) points += weight(at) / 2;
  return clamp(points);
}

/** A five-minute conversation scores 100 (the reference's scale). */
const FULL_CALL_SECONDS = 5 * 60;

/**
 * How substantial the calls are: the mean of each connected call's length capped at five
 * minutes, so one marathon call cannot hide a run of ten-second ones. Voicemails and calls
 * without a duration are not conversations and are left out; no conversations scores 0.
 */
function durationScore(calls: ScoringCall[]): number {
  const lengths = calls
    .filter((c) => c.status === "completed" && (c.durationSeconds ?? 0) > 0)
    .map((c) => Math.min(c.durationSeconds!, FULL_CALL_SECONDS));
  if (lengths.length === 0) return 0;
  return clamp((lengths.reduce((sum, s) => sum + s, 0) / lengths.length / FULL_CALL_SECONDS) * 100);
}

/**
 * Analysed calls' sentiment (-1…1 → 0…100), the last 30 days counting twice as much as the
 * rest of the window, since how the latest calls went says most about the relationship now.
 * Conversations without analysis are neutral (50), as in the reference, so a contact is not
 * punished for the analyser being off; no conversation at all has no sentiment to give (0).
 */
function sentimentScore(calls: ScoringCall[], messages: ScoringMessage[], now: Date): number {
  if (calls.length === 0 && messages.length === 0) return 0;
  let weighted = 0;
  let weights = 0;
  for (const call of calls) {
    if (call.sentimentScore == null) continue;
    const weight = daysBetween(call.startedAt, now) <= RECENT_DAYS ? 2 : 1;
    weighted += weight * (Math.min(1, Math.max(-1, call.sentimentScore)) + 1) * 50;
    weights += weight;
  }
  return weights === 0 ? 50 : clamp(weighted / weights);
}

/**
 * Work and time shared beyond calls (the reference's "tasks and events together"): open tasks
 * 10 each and tasks completed in the window 5 each (the reference's weights), events in the
 * window or in the next 30 days 10 each, and 20 when both sides have reached out in the window
 * (a relationship only one side keeps up is weaker than a reciprocal one).
 */
function engagementScore(inputs: ScoreInputs, calls: ScoringCall[], messages: ScoringMessage[], now: Date): number {
  const since = now.getTime() - HISTORY_DAYS * DAY_MS;
  const until = now.getTime() + UPCOMING_EVENT_DAYS * DAY_MS;
  let points = 0;
  for (const task of inputs.tasks) {
    if (OPEN_TASK.has(task.status)) points += 10;
    else if (task.status === "done" && task.completedAt && task.completedAt.getTime() >= since) points += 5;
  }
  points += 10 * inputs.events.filter((at) => at.getTime() >= since && at.getTime() <= until).length;
  const directions = new Set([...calls, ...messages].map((i) => i.direction));
  if (directions.has("inbound") && directions.has("outbound")) points += 20;
  return clamp(points);
}

export function trendFrom(score: number, previous: ScoreInputs["previous"]): ScoreTrend {
  if (!previous) return "stable";
  // Rescoring without news must not reset an up/down trend to stable (jobs may run twice).
  if (score === previous.score) return previous.trend;
  if (score > previous.score + TREND_THRESHOLD) return "up";
  if (score < previous.score - TREND_THRESHOLD) return "down";
  return "stable";
}

/** The calls and texts of the 90-day window that count (in touch, not after `now`). */
export function windowInteractions(inputs: Pick<ScoreInputs, "calls" | "messages">, now: Date) {
  const inWindow = (at: Date) => at <= now && daysBetween(at, now) <= HISTORY_DAYS;
  return {
    calls: inputs.calls.filter((c) => inWindow(c.startedAt) && isInTouchCall(c)),
    messages: inputs.messages.filter((m) => inWindow(m.createdAt) && isCountedMessage(m)),
  };
}

export function lastInteraction(inputs: ScoreInputs, now: Date): Date | null {
  const { calls, messages } = windowInteractions(inputs, now);
  let last = inputs.earlierInteractionAt && inputs.earlierInteractionAt <= now ? inputs.earlierInteractionAt : null;
  for (const at of [...calls.map((c) => c.startedAt), ...messages.map((m) => m.createdAt)]) {
    if (!last || at > last) last = at;
  }
  return last;
}

export function computeRelationshipScore(inputs: ScoreInputs, now: Date): RelationshipScore {
  const { calls, messages } = windowInteractions(inputs, now);
  const lastInteractionAt = lastInteraction(inputs, now);
  // Components are rounded so that what is stored and shown adds up to the score.
  const components: ScoreComponents = {
    recency: Math.round(recencyScore(lastInteractionAt, now)),
    frequency: Math.round(frequencyScore(calls, messages, now)),
    duration: Math.round(durationScore(calls)),
    sentiment: Math.round(sentimentScore(calls, messages, now)),
    engagement: Math.round(engagementScore(inputs, calls, messages, now)),
  };
  const score = Math.round(
    (Object.keys(SCORE_WEIGHTS) as ScoreComponent[]).reduce((sum, key) => sum + components[key] * SCORE_WEIGHTS[key], 0),
  );
  return { score, components, trend: trendFrom(score, inputs.previous), lastInteractionAt };
}

/** A call at least this long is worth pointing out. */
export const LONG_CALL_SECONDS = 20 * 60;
/** This many analysed calls in a row with the same clear sentiment make a streak. */
export const STREAK_LENGTH = 3;
/** |sentimentScore| from which a call counts as clearly positive or negative. */
const CLEAR_SENTIMENT = 0.25;

export type Insight =
  /** Nothing in touch for more than 30 days (`days` null: never). */
  | { kind: "not_in_touch"; days: number | null }
  | { kind: "open_tasks"; count: number }
  /** Conversations of 20 minutes or more in the last 30 days. */
  | { kind: "long_calls"; count: number }
  /** The latest `calls` analysed calls were all clearly positive (or negative). */
  | { kind: "sentiment_streak"; sentiment: "positive" | "negative"; calls: number };

/** Insights (docs/domain.md#relationship-scoring), from the same inputs as the score. */
export function insightsFor(inputs: ScoreInputs, now: Date): Insight[] {
  const insights: Insight[] = [];
  const last = lastInteraction(inputs, now);
  const silentDays = last ? Math.floor(daysBetween(last, now)) : null;
  if (silentDays === null || silentDays > RECENT_DAYS) insights.push({ kind: "not_in_touch", days: silentDays });

  const openTasks = inputs.tasks.filter((t) => OPEN_TASK.has(t.status)).length;
  if (openTasks > 0) insights.push({ kind: "open_tasks", count: openTasks });

  const { calls } = windowInteractions(inputs, now);
  const longCalls = calls.filter(
    (c) => c.status === "completed" && (c.durationSeconds ?? 0) >= LONG_CALL_SECONDS && daysBetween(c.startedAt, now) <= RECENT_DAYS,
  ).length;
  if (longCalls > 0) insights.push({ kind: "long_calls", count: longCalls });

  const analysed = calls
    .filter((c) => c.sentimentScore != null)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    .map((c) => (c.sentimentScore! >= CLEAR_SENTIMENT ? "positive" : c.sentimentScore! <= -CLEAR_SENTIMENT ? "negative" : null));
  const streakSentiment = analysed[0];
  if (streakSentiment) {
    const streak = analysed.findIndex((s) => s !== streakSentiment);
    const length = streak === -1 ? analysed.length : streak;
    if (length >= STREAK_LENGTH) insights.push({ kind: "sentiment_streak", sentiment: streakSentiment, calls: length });
  }
  return insights;
}
