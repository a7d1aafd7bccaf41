import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";

/**
 * Small display formatters built on Intl. They take an optional locale/timeZone so server
 * rendering and tests can pin them; by default they use the runtime's locale and zone.
 */

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "Mar 4, 2:05 PM" (year added when not the current year). */
export function formatDateTime(value: Date | string | number, opts: FormatOptions = {}, now = new Date()) {
  const date = toDate(value);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(opts.locale, {
    month: "short",
    day: "numeric",
    year: sameYear ? undefined : "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: opts.timeZone,
  }).format(date);
}

/** "Mar 4, 2025" */
export function formatDate(value: Date | string | number, opts: FormatOptions = {}) {
  return new Intl.DateTimeFormat(opts.locale, {
    month: "short",
    day: "numeric",
    year: "numeric",
    timeZone: opts.timeZone,
  }).format(toDate(value));
}

/** "2:05 PM" */
export function formatTime(value: Date | string | number, opts: FormatOptions = {}) {
  return new Intl.DateTimeFormat(opts.locale, {
    hour: "numeric",
    minute: "2-digit",
    timeZone: opts.timeZone,
  }).format(toDate(value));
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 hours ago", "in 2 days", "now". */
export function formatRelative(value: Date | string | number, now = new Date(), opts: FormatOptions = {}) {
  const diffSeconds = Math.round((toDate(value).getTime() - now.getTime()) / 1000);
  const abs = Math.abs(diffSeconds);
  const rtf = new Intl.RelativeTimeFormat(opts.locale, { numeric: "auto" });
  if (abs < 45) return rtf.format(0, "second");
  for (const [unit, seconds] of RELATIVE_UNITS) {
    if (abs >= seconds) return rtf.format(Math.round(diffSeconds / seconds), unit);
  }
  return rtf.format(0, "second");
}

/** 0 -> "0:00", 75 -> "1:15", 3725 -> "1:02:05"; null -> "—". */
export function formatDuration(totalSeconds: number | null | undefined) {
  if (totalSeconds == null || !Number.isFinite(totalSeconds) || totalSeconds < 0) return "—";
  const s = Math.round(totalSeconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, "0") : String(minutes);
  const ss = String(seconds).padStart(2, "0");
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Locale-grouped integer: 12345 -> "12,345". */
export function formatCount(value: number, opts: FormatOptions = {}) {
  return new Intl.NumberFormat(opts.locale).format(value);
}

// The app's words are English, so English plural rules, whatever the runtime's locale.
const englishPlurals = new Intl.PluralRules("en-US");

/** The noun for `count`: plural(1, "contact") -> "contact", plural(2, "person", "people") -> "people". */
export function plural(count: number, one: string, other = `${one}s`) {
  return englishPlurals.select(count) === "one" ? one : other;
}

/** "1 call", "12,345 calls", "1 person", "0 people". */
export function countText(count: number, one: string, other = `${one}s`, opts: FormatOptions = {}) {
  return `${formatCount(count, opts)} ${plural(count, one, other)}`;
}

/**
 * A task's due date in the user's zone: "Mar 4" for a date-only due date (stored as that day's
 * zone-local midnight), "Mar 4, 2:30 PM" when it has a time; the year when not this year.
 */
export function formatDue(dueAt: Date, timeZone: string, now = new Date()) {
  const d = new TZDate(dueAt.getTime(), timeZone);
  const sameYear = d.getFullYear() === new TZDate(now.getTime(), timeZone).getFullYear();
  const dateOnly = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  const day = format(d, sameYear ? "MMM d" : "MMM d, yyyy");
  return dateOnly ? day : `${day}, ${format(d, "h:mm a")}`;
}

/** Initials for an avatar: "Ada Lovelace" -> "AL", "ada@x.io" -> "A". */
export function initials(name: string | null | undefined, fallback?: string | null) {
  const source = (name ?? "").trim() || (fallback ?? "").trim();
  if (!source) return "?";
  const words = source.includes("@") ? [source.split("@")[0] ?? source] : source.split(/\s+/);
  const letters = words
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => Array.from(w)[0]?.toUpperCase() ?? "");
  return letters.join("") || "?";
}

/** A number as the signed-in user reads it: formatPhone with their region (see usePhoneFormat). */
export type PhoneFormat = (value: string | null | undefined) => string;

/**
 * How a person reads a number: national format when it is in their region ("(415) 555-0134" for
 * a US user), international otherwise ("+44 20 7946 0958"); international without a region.
 * E.164 is only an input's stored value. Anything that is not a possible number (SIP URIs, short
 * codes) is returned as given.
 */
export function formatPhone(value: string | null | undefined, region?: string | null) {
  if (!value) return "";
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(value, (region || undefined) as CountryCode | undefined);
  } catch {
    return value;
  }
  if (!parsed?.isPossible()) return value;
  return region && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}

/** "in_progress" -> "In progress" */
export function humanize(value: string) {
  const text = value.replace(/[_-]+/g, " ").trim().toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `text` cut to at most `max` characters, ending in "…" when it was cut. */
export function truncate(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "12 minutes", "1 hour", "3 hours 5 minutes": never sooner than the window really ends. */
export function waitText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return countText(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? countText(hours, "hour") : `${countText(hours, "hour")} ${countText(rest, "minute")}`;
}
