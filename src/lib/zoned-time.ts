import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks, format, startOfDay } from "date-fns";

/**
 * Wall-clock time in a named IANA time zone (the user's `timezone`), shared by the calendar and
 * task services and their pages, so "today", a day cell and a date picker mean the same day
 * on the server and in the browser whatever zone either runs in.
 *
 * Wall-clock strings: "YYYY-MM-DD" (a whole day) and "YYYY-MM-DDTHH:mm[:ss[.sss]]" (a time),
 * both read in the given zone. Anything else is an instant (a Date or an ISO string with an offset).
 */

export const WALL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const WALL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
/** ISO 8601 date-time with an explicit offset ("Z" or "+02:00"). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export type TimeValue = Date | string;

function validCalendarDate(y: number, m: number, d: number) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** True for a string `parseTime` accepts. */
export function isTimeString(value: string): boolean {
  const day = WALL_DATE.exec(value);
  if (day) return validCalendarDate(Number(day[1]), Number(day[2]), Number(day[3]));
  const dt = WALL_DATETIME.exec(value);
  if (dt) {
    return (
      validCalendarDate(Number(dt[1]), Number(dt[2]), Number(dt[3])) &&
      Number(dt[4]) < 24 &&
      Number(dt[5]) < 60 &&
      Number(dt[6] ?? 0) < 60
    );
  }
  return ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isDateOnly(value: TimeValue): value is string {
  return typeof value === "string" && WALL_DATE.test(value);
}

/** The instant a value names: wall-clock strings are read in `timeZone`. */
export function parseTime(value: TimeValue, timeZone: string): Date {
  if (value instanceof Date) return new Date(value.getTime());
  const day = WALL_DATE.exec(value);
  if (day) return new Date(new TZDate(Number(day[1]), Number(day[2]) - 1, Number(day[3]), timeZone).getTime());
  const dt = WALL_DATETIME.exec(value);
  if (dt) {
    const ms = dt[7] ? Number(dt[7].padEnd(3, "0")) : 0;
    return new Date(
      new TZDate(
        Number(dt[1]),
        Number(dt[2]) - 1,
        Number(dt[3]),
        Number(dt[4]),
        Number(dt[5]),
        Number(dt[6] ?? 0),
        ms,
        timeZone,
      ).getTime(),
    );
  }
  return new Date(value);
}

/** The date in `timeZone` seen as wall-clock fields (getDate(), getHours(), ... are zone-local). */
export function inZone(date: Date | number, timeZone: string): TZDate {
  return new TZDate(typeof date === "number" ? date : date.getTime(), timeZone);
}

/** Midnight (zone-local) of the day `date` falls on. */
export function startOfDayIn(date: Date, timeZone: string): Date {
  return new Date(startOfDay(inZone(date, timeZone)).getTime());
}

/** `date` moved by whole days keeping its wall-clock time (DST-safe). */
export function addDaysIn(date: Date, days: number, timeZone: string): Date {
  return new Date(addDays(inZone(date, timeZone), days).getTime());
}

export function addWeeksIn(date: Date, weeks: number, timeZone: string): Date {
  return new Date(addWeeks(inZone(date, timeZone), weeks).getTime());
}

/** Calendar-month step (Jan 31 + 1 month = Feb 28/29, as date-fns does). */
export function addMonthsIn(date: Date, months: number, timeZone: string): Date {
  return new Date(addMonths(inZone(date, timeZone), months).getTime());
}

/** True when `date` is exactly zone-local midnight. */
export function isMidnightIn(date: Date, timeZone: string): boolean {
  return startOfDayIn(date, timeZone).getTime() === date.getTime();
}

/** "YYYY-MM-DD" of `date` in `timeZone`. */
export function toWallDate(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "yyyy-MM-dd");
}

/** "YYYY-MM-DDTHH:mm" of `date` in `timeZone` (the value of an <input type="datetime-local">). */
export function toWallDateTime(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "yyyy-MM-dd'T'HH:mm");
}
