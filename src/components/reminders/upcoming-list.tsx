"use client";

import * as React from "react";
import { CalendarClockIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { addDaysIn, startOfDayIn, toWallDate } from "~/lib/zoned-time";
import type { ReminderKind } from "~/server/reminders/schemas";
import { EmptyState } from "~/components/shared/empty-state";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { LoadMore } from "./load-more";
import { OccurrenceItem, type OccurrenceRowData } from "./occurrence-row";

export const UPCOMING_DAYS = 7;
/** While something is under way (a test call, an attempt), the list looks again this often. */
const ACTIVE_REFRESH_MS = 4_000;

/** "Today", "Tomorrow", "Wednesday, December 9" for a "YYYY-MM-DD" day (a calendar date: read in UTC). */
export function dayHeading(day: string, today: string, tomorrow: string) {
  if (day === today) return "Today";
  if (day === tomorrow) return "Tomorrow";
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

/** Something is under way: an attempt in progress, or an occurrence due and about to be picked up. */
export function isActive(items: Array<{ state: string; dueAt: Date | string }>, now = Date.now()) {
  return items.some((o) => o.state === "in_progress" || (o.state === "scheduled" && new Date(o.dueAt).getTime() <= now));
}

/** Occurrences from the start of today through the next seven days, grouped by day in the user's zone. */
export function UpcomingList({
  timeZone,
  contactId,
  kind,
  onNew,
}: {
  timeZone: string;
  contactId: string | null;
  kind: ReminderKind | null;
  onNew: () => void;
}) {
  // The window is fixed when the list mounts, so the query's key (and its pages) stay stable.
  const [range] = React.useState(() => {
    const from = startOfDayIn(new Date(), timeZone);
    return { from, to: addDaysIn(from, UPCOMING_DAYS + 1, timeZone) };
  });
  const query = api.reminders.occurrences.useInfiniteQuery(
    { from: range.from, to: range.to, contactId, kind, limit: 50 },
    {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      refetchInterval: (q) => (isActive(q.state.data?.pages.flatMap((p) => p.items) ?? []) ? ACTIVE_REFRESH_MS : false),
    },
  );
  const items: OccurrenceRowData[] = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.isPending) {
    return <ListSkeleton label="Loading upcoming reminders…" rows={4} lines={["w-1/2", "w-1/4"]} trailing={["h-5 w-20"]} />;
  }
  if (query.isError) return <ListError>{loadError("Upcoming reminders could not be loaded.", query.error)}</ListError>;
  if (items.length === 0) {
    return (
      <EmptyState icon={CalendarClockIcon}>
        Nothing in the next {UPCOMING_DAYS} days.{" "}
        <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={onNew}>
          Create a reminder
        </button>
      </EmptyState>
    );
  }

  const today = toWallDate(range.from, timeZone);
  const tomorrow = toWallDate(addDaysIn(range.from, 1, timeZone), timeZone);
  const groups = new Map<string, OccurrenceRowData[]>();
  for (const item of items) {
    const day = toWallDate(new Date(item.dueAt), timeZone);
    groups.set(day, [...(groups.get(day) ?? []), item]);
  }

  return (
    <div className="space-y-4" aria-busy={query.isFetching || undefined}>
      {[...groups].map(([day, rows]) => {
        const headingId = `upcoming-${day}`;
        return (
          <section key={day} aria-labelledby={headingId} className="rounded-lg border px-4 py-2">
            <h3 id={headingId} className="pt-1 text-sm font-semibold">
              {dayHeading(day, today, tomorrow)}
            </h3>
            <ul className="divide-y">
              {rows.map((occurrence) => (
                <OccurrenceItem key={occurrence.id} occurrence={occurrence} timeZone={timeZone} />
              ))}
            </ul>
          </section>
        );
      })}
      <LoadMore hasMore={!!query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );
}
