"use client";

import { formatDate, formatDateTime, formatRelative, formatTime } from "~/lib/format";
import { useHydrated } from "~/components/use-hydrated";

/**
 * A <time> that renders in the viewer's own time zone. The server renders it in its zone (UTC
 * in most deployments) and the browser re-renders it once hydrated, so nothing mismatches.
 */
export function LocalTime({
  value,
  format = "datetime",
  className,
}: {
  value: Date | string;
  format?: "datetime" | "date" | "time" | "relative";
  className?: string;
}) {
  const isClient = useHydrated();
  const date = value instanceof Date ? value : new Date(value);
  const opts = isClient ? {} : { timeZone: "UTC" };
  const text =
    format === "date"
      ? formatDate(date, opts)
      : format === "time"
        ? formatTime(date, opts)
        : format === "relative"
          ? formatRelative(date, new Date(), opts)
          : formatDateTime(date, opts);

  return (
    <time dateTime={date.toISOString()} title={isClient ? date.toLocaleString() : undefined} className={className}>
      {text}
    </time>
  );
}
