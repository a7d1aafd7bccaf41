import { TZDate } from "@date-fns/tz";
import { RRuleTemporal } from "rrule-temporal";
import { toText } from "rrule-temporal/totext";
import { fieldError } from "~/server/errors";
import { MIN_INTERVAL_MINUTES } from "./schemas";

/**
 * A reminder's schedule: DTSTART as a wall-clock time in an IANA zone plus an optional RFC 5545
 * RRULE, expanded by rrule-temporal (Temporal under the hood), so occurrences keep their
 * wall-clock time across daylight-saving changes: 8:00 PM in New York is 8:00 PM on both sides
 * of March and November. Times are computed from the rule every time, never by adding 24 hours.
 */
export interface ScheduleSpec {
  timeZone: string;
  /** "YYYY-MM-DDTHH:MM" in `timeZone`. */
  startsAtLocal: string;
  /** RRULE body without DTSTART; null: once, at startsAtLocal. */
  rrule: string | null;
}

/** How many upcoming times are checked for the minimum spacing (a period repeats well within it). */
const SPACING_SAMPLE = 60;
/** An RRULE body is its parts only: no line breaks that could smuggle in DTSTART/RDATE lines. */
const RRULE_BODY = /^[A-Z0-9=;,:+-]+$/i;

type Compiled = { kind: "once"; at: Date } | { kind: "rule"; rule: RRuleTemporal };

function wallParts(local: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw fieldError("startsAtLocal", "Enter a date and time.");
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]), h: Number(m[4]), mi: Number(m[5]) };
}

/**
 * The instant `startsAtLocal` names in its zone. A wall-clock time the zone skips (the hour clocks
 * jump forward, e.g. 2027-03-14T02:30 in New York) is refused rather than shifted silently.
 */
export function startInstant(spec: Pick<ScheduleSpec, "timeZone" | "startsAtLocal">): Date {
  const { y, mo, d, h, mi } = wallParts(spec.startsAtLocal);
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59) {
    throw fieldError("startsAtLocal", "Enter a date and time that exists.");
  }
  const zoned = new TZDate(y, mo - 1, d, h, mi, spec.timeZone);
  if (zoned.getFullYear() !== y || zoned.getMonth() !== mo - 1 || zoned.getDate() !== d || zoned.getHours() !== h || zoned.getMinutes() !== mi) {
    throw fieldError(
      "startsAtLocal",
      `${spec.startsAtLocal.replace("T", " ")} does not exist in ${spec.timeZone}: the clocks skip that hour for daylight saving time. Choose another time.`,
    );
  }
  return new Date(zoned.getTime());
}

function compile(spec: ScheduleSpec): Compiled {
  const at = startInstant(spec);
  if (!spec.rrule) return { kind: "once", at };
  if (!RRULE_BODY.test(spec.rrule)) throw fieldError("rrule", "A repeat rule is FREQ=… parts separated by semicolons, without spaces.");
  const dtstart = spec.startsAtLocal.replace(/[-:]/g, "") + "00";
  try {
    return { kind: "rule", rule: new RRuleTemporal({ rruleString: `DTSTART;TZID=${spec.timeZone}:${dtstart}\nRRULE:${spec.rrule}` }) };
  } catch (error) {
    throw fieldError("rrule", `This repeat rule is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function afterOf(compiled: Compiled, after: Date): Date | null {
  if (compiled.kind === "once") return compiled.at > after ? compiled.at : null;
  const next = compiled.rule.next(after, false);
  return next ? new Date(next.epochMilliseconds) : null;
}

/** The first time strictly after `after`, or null when the schedule has no more. */
export function nextOccurrence(spec: ScheduleSpec, after: Date): Date | null {
  return afterOf(compile(spec), after);
}

/** Up to `count` times strictly after `after`, in order. */
export function nextOccurrences(spec: ScheduleSpec, after: Date, count: number): Date[] {
  const compiled = compile(spec);
  const times: Date[] = [];
  let cursor = after;
  while (times.length < count) {
    const next = afterOf(compiled, cursor);
    if (!next) break;
    times.push(next);
    cursor = next;
  }
  return times;
}

/**
 * Checks a schedule as the form sends it, as field errors: the start exists in the zone, the rule
 * parses, it fires at least once after `now`, and never more often than every
 * MIN_INTERVAL_MINUTES. Returns the first time it fires after `now` (null only when
 * `requireUpcoming` is false: an edit that leaves a finished schedule as it was).
 */
export function validateSchedule(spec: ScheduleSpec, now: Date, options: { requireUpcoming?: boolean } = {}): Date | null {
  const compiled = compile(spec);
  const requireUpcoming = options.requireUpcoming ?? true;
  let upcoming: Date[];
  try {
    upcoming = [];
    let cursor = now;
    while (upcoming.length < SPACING_SAMPLE) {
      const next = afterOf(compiled, cursor);
      if (!next) break;
      upcoming.push(next);
      cursor = next;
    }
  } catch {
    // rrule-temporal gives up on a rule that matches nothing after its iteration budget.
    upcoming = [];
  }
  if (upcoming.length === 0) {
    if (!requireUpcoming) return null;
    throw compiled.kind === "once"
      ? fieldError("startsAtLocal", "That time has passed. Choose a time in the future.")
      : fieldError("rrule", "This schedule never fires after now. Check the dates, the end date and the count.");
  }
  for (let i = 1; i < upcoming.length; i++) {
    if (upcoming[i]!.getTime() - upcoming[i - 1]!.getTime() < MIN_INTERVAL_MINUTES * 60_000) {
      throw fieldError("rrule", `A reminder may fire at most every ${MIN_INTERVAL_MINUTES} minutes.`);
    }
  }
  return upcoming[0]!;
}

function clockText(spec: ScheduleSpec): string {
  const { h, mi } = wallParts(spec.startsAtLocal);
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${String(mi).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** "every weekday at 8:00 AM", "once on Mon, Dec 7, 2026 at 8:00 PM" (in the reminder's zone). */
export function scheduleText(spec: ScheduleSpec): string {
  const compiled = compile(spec);
  if (compiled.kind === "once") {
    const { y, mo, d } = wallParts(spec.startsAtLocal);
    const day = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(
      new Date(Date.UTC(y, mo - 1, d)),
    );
    return `once on ${day} at ${clockText(spec)}`;
  }
  const text = toText(compiled.rule, "en", { excludeTzAbbreviation: true });
  // rrule-temporal words the time "8 PM"; the app shows "8:00 PM" everywhere.
  return text.replace(/\bat (\d{1,2}) (AM|PM)\b/g, (_m, hour: string, half: string) => `at ${hour}:00 ${half}`);
}
