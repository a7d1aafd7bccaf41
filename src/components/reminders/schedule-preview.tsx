"use client";

import { CalendarClockIcon } from "lucide-react";

import { Spinner } from "~/components/ui/spinner";
import { errorMessage, type ServerError } from "~/components/shared/form-errors";

/** A moment in the reminder's zone, with the zone's short name ("Tue, Dec 8, 8:00 PM EST"). */
export function formatInZone(iso: string | Date, timeZone: string, withYear = false): string {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      month: "short",
      day: "numeric",
      ...(withYear ? { year: "numeric" } : {}),
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

/**
 * The schedule in words and its next five times in the reminded person's zone, from
 * reminders.preview (the server reads the rule exactly as it will schedule it): what the builder
 * or a custom rule means, and whether it fires at all, before saving.
 */
export function SchedulePreview({
  id,
  timeZone,
  data,
  error,
  loading,
  rrule,
}: {
  id: string;
  timeZone: string;
  data: { times: string[]; text: string } | undefined;
  error: ServerError | null;
  loading: boolean;
  rrule: string | null;
}) {
  return (
    <div id={id} className="bg-muted/40 grid gap-2 rounded-md p-3 text-sm" aria-live="polite" aria-busy={loading || undefined}>
      {error ? (
        <p role="alert" className="text-destructive">
          {errorMessage(error, "The schedule could not be previewed.")}
        </p>
      ) : data ? (
        <>
          <p className="flex items-center gap-2 font-medium">
            <CalendarClockIcon className="size-4 shrink-0" aria-hidden="true" />
            <span data-testid="schedule-text">{data.text}</span>
            {loading ? <Spinner className="size-3" aria-hidden="true" /> : null}
          </p>
          {data.times.length > 0 ? (
            <ol className="text-muted-foreground grid gap-0.5 pl-6 tabular-nums" aria-label="Next times">
              {data.times.map((time) => (
                <li key={time}>
                  <time dateTime={time}>{formatInZone(time, timeZone, true)}</time>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-muted-foreground pl-6">No times ahead.</p>
          )}
        </>
      ) : (
        <p className="text-muted-foreground flex items-center gap-2">
          {loading ? <Spinner className="size-3" aria-hidden="true" /> : null}
          {loading ? "Working out the next times…" : "Choose a start date and time to see the next times."}
        </p>
      )}
      {rrule ? (
        <p className="text-muted-foreground font-mono text-xs break-all">
          <span className="sr-only">Rule: </span>
          {rrule}
        </p>
      ) : null}
    </div>
  );
}
