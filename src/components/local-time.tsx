"use client";

import { formatDate, formatDateTime, formatRelative, formatTime } from "~/lib/format";
import { useHydrated } from "~/components/use-hydrated";

/**
 * A <time> that renders in the viewer's own time zone. The server renders it in UTC, the browser
 * hydrates with the same UTC text and re-renders it in its own zone once hydrated. A relative time
 * ("now", "1 minute ago") is computed against the clock, which moves between the server's render
 * and hydration: across a boundary ("now" at 44 s, "1 minute ago" at 45 s) the texts differ, so
 * that one expected difference is not reported as a hydration error (React's advice for
 * timestamps); the re-render after hydration shows the current text either way. It made
 * e2e/security.spec.ts fail once on a contact scored seconds before the page was loaded.
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
    <time
      dateTime={date.toISOString()}
      title={isClient ? date.toLocaleString() : undefined}
      className={className}
      suppressHydrationWarning={format === "relative"}
    >
      {text}
    </time>
  );
}
