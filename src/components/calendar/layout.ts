import { TZDate } from "@date-fns/tz";
import { differenceInCalendarDays } from "date-fns";

/** What the calendar views need of an event. */
export interface TimedThing {
  id: string;
  startsAt: Date;
  endsAt: Date | null;
  allDay: boolean;
}

/** The instant an event stops occupying time: its end, or its start for a point in time. */
export function effectiveEnd(e: TimedThing): Date {
  return e.endsAt ?? e.startsAt;
}

/** Does the event occupy any of [from, to)? (A point in time occupies its start.) */
export function overlaps(e: TimedThing, from: Date, to: Date) {
  const start = e.startsAt.getTime();
  if (start >= to.getTime()) return false;
  return e.endsAt ? e.endsAt.getTime() > from.getTime() : start >= from.getTime();
}

/** Day index (0-based) of an instant relative to `first` (a zone-local midnight), in the zone. */
export function dayIndex(instant: Date, first: TZDate, timeZone: string) {
  return differenceInCalendarDays(new TZDate(instant.getTime(), timeZone), first);
}

/** The last instant an event occupies (end is exclusive). */
function lastInstant(e: TimedThing) {
  return e.endsAt ? new Date(Math.max(e.startsAt.getTime(), e.endsAt.getTime() - 1)) : e.startsAt;
}

/** All-day events and events that cross midnight are drawn as bars; the rest sit in the time grid. */
export function isSpanning(e: TimedThing, timeZone: string) {
  if (e.allDay) return true;
  const first = new TZDate(e.startsAt.getTime(), timeZone);
  return differenceInCalendarDays(new TZDate(lastInstant(e).getTime(), timeZone), first) > 0;
}

export interface Segment<T extends TimedThing> {
  event: T;
  /** First and last column (0..days-1) the bar covers. */
  startCol: number;
  endCol: number;
  /** Row (lane) of the bar. */
  lane: number;
  /** The event goes on before / after the visible days. */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

/**
 * Lays out spanning events over `days` consecutive days starting at `first`: each gets the
 * lowest lane free over its columns (longer bars first, so they stay on top).
 */
export function layoutBars<T extends TimedThing>(events: T[], first: TZDate, days: number, timeZone: string): Segment<T>[] {
  const segments: Omit<Segment<T>, "lane">[] = [];
  for (const event of events) {
    const s = dayIndex(event.startsAt, first, timeZone);
    const e = dayIndex(lastInstant(event), first, timeZone);
    if (e < 0 || s > days - 1) continue;
    segments.push({
      event,
      startCol: Math.max(0, s),
      endCol: Math.min(days - 1, e),
      continuesBefore: s < 0,
      continuesAfter: e > days - 1,
    });
  }
  segments.sort(
    (a, b) =>
      a.startCol - b.startCol ||
      b.endCol - b.startCol - (a.endCol - a.startCol) ||
      a.event.startsAt.getTime() - b.event.startsAt.getTime(),
  );
  const laneEnds: number[] = [];
  return segments.map((segment) => {
    let lane = laneEnds.findIndex((end) => end < segment.startCol);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = segment.endCol;
    return { ...segment, lane };
  });
}

export interface Placed<T extends TimedThing> {
  event: T;
  /** Minutes from the day's start (clipped to the day). */
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/**
 * Places timed events of one day in columns: overlapping events share the width of their
 * cluster. Point events and very short ones get at least `minMinutes` of height.
 */
export function layoutDay<T extends TimedThing>(events: T[], dayStart: Date, dayEnd: Date, minMinutes = 30): Placed<T>[] {
  const items = events
    .map((event) => {
      const start = Math.max(event.startsAt.getTime(), dayStart.getTime());
      const end = Math.min(Math.max(effectiveEnd(event).getTime(), start + minMinutes * 60_000), dayEnd.getTime());
      return { event, start, end: Math.max(end, start + minMinutes * 60_000) };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const placed: Placed<T>[] = [];
  let cluster: Array<Placed<T> & { end: number }> = [];
  let clusterEnd = -Infinity;
  const flush = () => {
    const lanes = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster) placed.push({ event: c.event, top: c.top, height: c.height, lane: c.lane, lanes });
    cluster = [];
  };
  for (const item of items) {
    if (item.start >= clusterEnd) {
      flush();
      clusterEnd = -Infinity;
    }
    const used = new Set(cluster.filter((c) => c.end > item.start).map((c) => c.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    cluster.push({
      event: item.event,
      top: (item.start - dayStart.getTime()) / 60_000,
      height: (item.end - item.start) / 60_000,
      lane,
      lanes: 1,
      end: item.end,
    });
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  flush();
  return placed;
}
