import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * The recurrence builder's model: the few repeat shapes people ask for (once, daily, weekdays,
 * weekly on chosen days, monthly on day N or "the second Tuesday") and a custom RRULE for the
 * rest. The builder writes the RRULE body the server stores (without DTSTART: the reminder's
 * start date and time are its DTSTART, in the reminder's zone), and an existing RRULE is read
 * back into the builder when it has one of those shapes, else shown as custom text. Whether a
 * rule fires, and how often, is the server's check (reminders.preview).
 */

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const WORKDAYS: Weekday[] = ["MO", "TU", "WE", "TH", "FR"];

export const REPEAT_MODES = ["once", "daily", "weekdays", "weekly", "monthly_day", "monthly_nth", "custom"] as const;
export type RepeatMode = (typeof REPEAT_MODES)[number];

/** Which week of the month: 1st to 4th, or the last (-1). */
export const NTH_OPTIONS = [1, 2, 3, 4, -1] as const;
export type Nth = (typeof NTH_OPTIONS)[number];
export const NTH_NAMES: Record<Nth, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" } as Record<Nth, string>;

export type EndMode = "never" | "count" | "until";

export interface Recurrence {
  mode: RepeatMode;
  /** Every N days / weeks / months (1 = every). */
  interval: number;
  /** weekly: the chosen days. */
  days: Weekday[];
  /** monthly_day: the day of the month (1-31; months without it are skipped, as RFC 5545 says). */
  monthDay: number;
  /** monthly_nth: "the <nth> <nthDay>". */
  nth: Nth;
  nthDay: Weekday;
  end: EndMode;
  /** end "count": how many times in all. */
  count: number;
  /** end "until": the last day ("YYYY-MM-DD", in the reminder's zone; that whole day counts). */
  until: string;
  /** custom: the RRULE text as typed. */
  custom: string;
}

/** Wall-clock fields of "YYYY-MM-DDTHH:MM" (or "YYYY-MM-DD"), or null when it is not one. */
function wallParts(local: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(local);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The weekday of a wall-clock date (the same in every zone: it is a calendar date). */
function weekdayOf(year: number, month: number, day: number): Weekday {
  const sundayFirst = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

/** The builder's starting values for a start date: its weekday, its day of the month, its week of the month. */
export function defaultRecurrence(startsAtLocal: string): Recurrence {
  const parts = wallParts(startsAtLocal);
  const day = parts?.day ?? 1;
  const weekday = parts ? weekdayOf(parts.year, parts.month, parts.day) : "MO";
  const week = Math.ceil(day / 7);
  return {
    mode: "daily",
    interval: 1,
    days: [weekday],
    monthDay: day,
    nth: week > 4 ? -1 : (week as Nth),
    nthDay: weekday,
    end: "never",
    count: 10,
    until: "",
    custom: "",
  };
}

/** Orders chosen days Monday first, without repeats (a stable RRULE for the same choice). */
function sortDays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/**
 * RFC 5545: with a DTSTART in a zone, UNTIL is a UTC instant. The last day counts whole, so
 * UNTIL is that day's last second in the reminder's zone.
 */
export function untilInstant(day: string, timeZone: string): string | null {
  const parts = wallParts(day);
  if (!parts) return null;
  try {
    const end = new TZDate(parts.year, parts.month - 1, parts.day, 23, 59, 59, timeZone);
    if (Number.isNaN(end.getTime())) return null;
    return format(new TZDate(end.getTime(), "UTC"), "yyyyMMdd'T'HHmmss'Z'");
  } catch {
    return null;
  }
}

/** The day (in `timeZone`) of an RRULE UNTIL value ("20261231T235959Z" or "20261231"). */
function untilDay(value: string, timeZone: string): string | null {
  const utc = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (utc) {
    const instant = Date.UTC(+utc[1]!, +utc[2]! - 1, +utc[3]!, +utc[4]!, +utc[5]!, +utc[6]!);
    try {
      return format(new TZDate(instant, timeZone), "yyyy-MM-dd");
    } catch {
      return null;
    }
  }
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return date ? `${date[1]}-${date[2]}-${date[3]}` : null;
}

/** The RRULE body the builder stands for (null: once); `timeZone` places an end date's last second. */
export function toRrule(r: Recurrence, timeZone: string): string | null {
  if (r.mode === "once") return null;
  if (r.mode === "custom") {
    const text = r.custom.trim().replace(/^RRULE:/i, "").trim();
    return text === "" ? null : text;
  }
  const parts: string[] = [];
  const interval = Number.isInteger(r.interval) && r.interval > 1 ? r.interval : 1;
  switch (r.mode) {
    case "daily":
      parts.push("FREQ=DAILY");
      break;
    case "weekdays":
      parts.push("FREQ=WEEKLY", `BYDAY=${WORKDAYS.join(",")}`);
      break;
    case "weekly": {
      const days = sortDays(r.days);
      parts.push("FREQ=WEEKLY");
      if (days.length > 0) parts.push(`BYDAY=${days.join(",")}`);
      break;
    }
    case "monthly_day":
      parts.push("FREQ=MONTHLY", `BYMONTHDAY=${r.monthDay}`);
      break;
    case "monthly_nth":
      parts.push("FREQ=MONTHLY", `BYDAY=${r.nth}${r.nthDay}`);
      break;
  }
  // "Every weekday" has no interval: every other weekday is not a thing people schedule.
  if (interval > 1 && r.mode !== "weekdays") parts.splice(1, 0, `INTERVAL=${interval}`);
  if (r.end === "count" && Number.isInteger(r.count) && r.count > 0) parts.push(`COUNT=${r.count}`);
  if (r.end === "until") {
    const until = untilInstant(r.until, timeZone);
    if (until) parts.push(`UNTIL=${until}`);
  }
  return parts.join(";");
}

const KNOWN_KEYS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"]);

/**
 * Reads a stored RRULE back into the builder: one of its shapes when the rule is one, else
 * "custom" with the rule as text (nothing is lost: custom writes the text back as it is).
 */
export function fromRrule(rrule: string | null | undefined, startsAtLocal: string, timeZone: string): Recurrence {
  const base = defaultRecurrence(startsAtLocal);
  const text = (rrule ?? "").trim().replace(/^RRULE:/i, "").trim();
  if (text === "") return { ...base, mode: "once" };
  const custom: Recurrence = { ...base, mode: "custom", custom: text };

  const rule = new Map<string, string>();
  for (const part of text.split(";")) {
    const [key, value, ...rest] = part.split("=");
    if (!key || value === undefined || rest.length > 0) return custom;
    const name = key.trim().toUpperCase();
    if (!KNOWN_KEYS.has(name) || rule.has(name)) return custom;
    rule.set(name, value.trim().toUpperCase());
  }

  const interval = rule.has("INTERVAL") ? Number(rule.get("INTERVAL")) : 1;
  if (!Number.isInteger(interval) || interval < 1) return custom;
  let end: Pick<Recurrence, "end" | "count" | "until"> = { end: "never", count: base.count, until: "" };
  if (rule.has("COUNT") && rule.has("UNTIL")) return custom;
  if (rule.has("COUNT")) {
    const count = Number(rule.get("COUNT"));
    if (!Number.isInteger(count) || count < 1) return custom;
    end = { end: "count", count, until: "" };
  }
  if (rule.has("UNTIL")) {
    const day = untilDay(rule.get("UNTIL")!, timeZone);
    if (!day) return custom;
    end = { end: "until", count: base.count, until: day };
  }
  const common = { ...base, ...end, interval };
  const byDay = rule.get("BYDAY");
  const byMonthDay = rule.get("BYMONTHDAY");

  switch (rule.get("FREQ")) {
    case "DAILY":
      return byDay || byMonthDay ? custom : { ...common, mode: "daily" };
    case "WEEKLY": {
      if (byMonthDay) return custom;
      if (!byDay) return { ...common, mode: "weekly" };
      const days = byDay.split(",");
      if (!days.every((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))) return custom;
      const sorted = sortDays(days);
      if (interval === 1 && sorted.join(",") === WORKDAYS.join(",")) return { ...common, mode: "weekdays" };
      return { ...common, mode: "weekly", days: sorted };
    }
    case "MONTHLY": {
      if (byDay && byMonthDay) return custom;
      if (byMonthDay) {
        const day = Number(byMonthDay);
        return Number.isInteger(day) && day >= 1 && day <= 31 ? { ...common, mode: "monthly_day", monthDay: day } : custom;
      }
      if (byDay) {
        const m = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
        return m ? { ...common, mode: "monthly_nth", nth: Number(m[1]) as Nth, nthDay: m[2] as Weekday } : custom;
      }
      return { ...common, mode: "monthly_day" };
    }
    default:
      return custom;
  }
}
