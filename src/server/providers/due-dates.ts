import * as chrono from "chrono-node";

/**
 * Turns the words a call used for "when" ("by Friday", "tomorrow", "next week") into an instant,
 * relative to when the call started and in the user's time zone. Shared by the Anthropic and
 * the local analyser so both resolve the same hint to the same due date.
 *
 * Without a time of day ("by Friday") the due time is 17:00 local: the end of the working day
 * is what "by Friday" promises. Part-of-day words ("tonight", "this afternoon") keep the hour
 * chrono gives them.
 */

/** End of the working day, local time, when the hint names only a day. */
const DEFAULT_DUE_HOUR = 17;

/** Phrases chrono does not read (or misreads: "end of the week" as "the week") mapped to ones it does. */
const REWRITES: [RegExp, string][] = [
  [/\b(?:end of (?:the )?(?:business )?day|eod|close of business|cob)\b/gi, "today"],
  [/\bend of (?:the|this) week\b/gi, "Friday"],
];

/**
 * The due hint a sentence contains ("by Friday", "tomorrow", "end of the week"), with the
 * preposition that makes it a deadline, or null when it names no date.
 */
export function findDueHint(sentence: string, startedAt: Date, timeZone: string): string | null {
  for (const [pattern] of REWRITES) {
    const match = new RegExp(pattern.source, "i").exec(sentence);
    if (match) return withPreposition(sentence, match.index, match[0]);
  }
  const result = parse(sentence, startedAt, timeZone);
  return result ? withPreposition(sentence, result.index, result.text) : null;
}

function withPreposition(sentence: string, index: number, phrase: string): string {
  const before = /\b(?:by|before|until|no later than|on)\s+$/i.exec(sentence.slice(0, index));
  return before ? `${before[0]}${phrase}` : phrase;
}

/** ISO 8601 instant the hint means, or null when it names no date. */
export function resolveDueHint(hint: string, startedAt: Date, timeZone: string): string | null {
  const result = parse(REWRITES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), hint), startedAt, timeZone);
  if (!result) return null;
  const start = result.start;
  const year = start.get("year");
  const month = start.get("month");
  const day = start.get("day");
  if (year === null || month === null || day === null) return null;
  const timed = start.isCertain("hour") || /\b(?:tonight|morning|afternoon|evening|noon|midnight)\b/i.test(result.text);
  const hour = timed ? (start.get("hour") ?? DEFAULT_DUE_HOUR) : DEFAULT_DUE_HOUR;
  const minute = timed ? (start.get("minute") ?? 0) : 0;
  return zonedTimeToUtc(year, month, day, hour, minute, zoneOrUtc(timeZone)).toISOString();
}

function parse(text: string, startedAt: Date, timeZone: string): chrono.ParsedResult | null {
  const zone = zoneOrUtc(timeZone);
  // chrono takes a fixed offset, not an IANA zone: the zone's offset when the call started.
  const results = chrono.parse(text, { instant: startedAt, timezone: offsetMinutes(startedAt, zone) }, { forwardDate: true });
  return results[0] ?? null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** A zone name Intl does not know would make every date fail; UTC is the honest fallback. */
export function zoneOrUtc(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** Minutes the zone is ahead of UTC at `instant` (New York in winter: -300). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time in `timeZone` denotes (offset re-checked once for DST). */
function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let utc = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  utc = wall - offsetMinutes(new Date(utc), timeZone) * 60_000;
  return new Date(utc);
}
