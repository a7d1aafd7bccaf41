import type { SentimentLabel } from "~/generated/prisma/enums";
import type { Db } from "~/server/db";
import { addDaysIn, startOfDayIn, toWallDate } from "~/lib/zoned-time";

/** The daily volume chart and the sentiment breakdown cover this many days, today included. */
export const VOLUME_DAYS = 30;
/** The hour-of-day heatmap covers this many days, today included (enough weeks to show a habit). */
export const HEATMAP_DAYS = 90;

/**
 * Whole zone-local days: from midnight `days - 1` days before today up to midnight after today,
 * so a bucket is always a full calendar day in the user's zone (DST days are 23 or 25 hours).
 */
export function dayWindow(now: Date, timeZone: string, days: number) {
  const today = startOfDayIn(now, timeZone);
  return { from: addDaysIn(today, -(days - 1), timeZone), to: addDaysIn(today, 1, timeZone) };
}

export interface DailyVolume {
  /** Zone-local calendar day, "YYYY-MM-DD". */
  date: string;
  inbound: number;
  outbound: number;
}

/** Calls per zone-local day and direction over the last VOLUME_DAYS days, oldest first; days without calls are 0. */
export async function dailyCallVolume(db: Db, userId: string, timeZone: string, now: Date): Promise<DailyVolume[]> {
  const { from, to } = dayWindow(now, timeZone, VOLUME_DAYS);
  // Bucketed by the database in the user's zone (timestamptz AT TIME ZONE gives wall-clock
  // time there), so only (day × direction) rows come back, never the calls themselves.
  const rows = await db.$queryRaw<{ day: string; direction: "inbound" | "outbound"; count: number }[]>`
    SELECT to_char("startedAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
           "direction"::text AS direction,
           count(*)::int AS count
    FROM "Call"
    WHERE "userId" = ${userId} AND "startedAt" >= ${from} AND "startedAt" < ${to}
    GROUP BY 1, 2`;

  const byDay = new Map<string, DailyVolume>();
  for (let i = 0; i < VOLUME_DAYS; i++) {
    const date = toWallDate(addDaysIn(from, i, timeZone), timeZone);
    byDay.set(date, { date, inbound: 0, outbound: 0 });
  }
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) day[row.direction] += row.count;
  }
  return [...byDay.values()];
}

export type SentimentBreakdown = Record<SentimentLabel, number> & { total: number };

/** Analysed calls (those with a sentiment label) per label over the last VOLUME_DAYS days. */
export async function sentimentBreakdown(db: Db, userId: string, timeZone: string, now: Date): Promise<SentimentBreakdown> {
  const { from, to } = dayWindow(now, timeZone, VOLUME_DAYS);
  const groups = await db.call.groupBy({
    by: ["sentimentLabel"],
    where: { userId, sentimentLabel: { not: null }, startedAt: { gte: from, lt: to } },
    _count: { _all: true },
  });
  const breakdown: SentimentBreakdown = { positive: 0, neutral: 0, negative: 0, mixed: 0, total: 0 };
  for (const group of groups) {
    if (!group.sentimentLabel) continue;
    breakdown[group.sentimentLabel] = group._count._all;
    breakdown.total += group._count._all;
  }
  return breakdown;
}

export interface HourlyHeatmap {
  /** counts[weekday][hour]: weekday 0 = Monday … 6 = Sunday, hour 0–23, both zone-local. */
  counts: number[][];
  total: number;
  max: number;
  /** The busiest weekday and hour (the earliest one on a tie); null without calls. */
  busiest: HeatmapSlot | null;
  /** The busiest slot when it stands out (see STANDOUT_MIN_CALLS), else null: ties and a few calls are no pattern. */
  standout: HeatmapSlot | null;
}

export interface HeatmapSlot {
  weekday: number;
  hour: number;
  count: number;
}

/**
 * A weekday-hour stands out when it has strictly more calls than every other one, and at least
 * this many: two calls in one hour are a coincidence, not "your busiest hour".
 */
export const STANDOUT_MIN_CALLS = 3;

/** Calls per zone-local weekday and hour of day over the last HEATMAP_DAYS days. */
export async function hourlyHeatmap(db: Db, userId: string, timeZone: string, now: Date): Promise<HourlyHeatmap> {
  const { from, to } = dayWindow(now, timeZone, HEATMAP_DAYS);
  const rows = await db.$queryRaw<{ isodow: number; hour: number; count: number }[]>`
    SELECT extract(isodow FROM "startedAt" AT TIME ZONE ${timeZone})::int AS isodow,
           extract(hour FROM "startedAt" AT TIME ZONE ${timeZone})::int AS hour,
           count(*)::int AS count
    FROM "Call"
    WHERE "userId" = ${userId} AND "startedAt" >= ${from} AND "startedAt" < ${to}
    GROUP BY 1, 2`;

  const counts = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let total = 0;
  for (const row of rows) {
    // ISO day of week: 1 = Monday … 7 = Sunday.
    counts[row.isodow - 1]![row.hour] = row.count;
    total += row.count;
  }

  let busiest: HeatmapSlot | null = null;
  let runnerUp = 0;
  for (const [weekday, hours] of counts.entries()) {
    for (const [hour, count] of hours.entries()) {
      if (count > (busiest?.count ?? 0)) {
        runnerUp = busiest?.count ?? 0;
        busiest = { weekday, hour, count };
      } else if (count > runnerUp) {
        runnerUp = count;
      }
    }
  }
  const standout = busiest && busiest.count >= STANDOUT_MIN_CALLS && busiest.count > runnerUp ? busiest : null;
  return { counts, total, max: busiest?.count ?? 0, busiest, standout };
}
