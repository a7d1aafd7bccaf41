"use client";

import * as React from "react";
import { keepPreviousData } from "@tanstack/react-query";

import { api } from "~/trpc/react";
import type { CalendarEventItem } from "~/components/calendar/event-dialog";
import { STATE_LABELS } from "./reminder-meta";
import type { OccurrenceRowData } from "./occurrence-row";

/** How long an occurrence looks in the week grid (it is an instant; this makes it a clickable slot). */
const SHOWN_MINUTES = 15;
/** A calendar range holds at most this many pages of occurrences (100 each): six weeks of many daily reminders. */
const MAX_PAGES = 6;
const ID_PREFIX = "reminder-occurrence:";

/** What the calendar draws of an occurrence, or of a time a schedule will fire (state scheduled). */
type CalendarOccurrence = Pick<OccurrenceRowData, "id" | "title" | "contact" | "dueAt" | "state">;

/** An occurrence drawn by the calendar like a short event, its title saying it is a reminder (and its state once decided). */
function asCalendarItem(o: CalendarOccurrence): CalendarEventItem {
  const dueAt = new Date(o.dueAt);
  const state = o.state === "scheduled" ? "" : ` (${STATE_LABELS[o.state].toLowerCase()})`;
  return {
    id: `${ID_PREFIX}${o.id}`,
    // The reminder's own title first: a month cell has room for a few words only.
    title: `${o.title} · reminder${state}`,
    description: null,
    location: null,
    startsAt: dueAt,
    endsAt: new Date(dueAt.getTime() + SHOWN_MINUTES * 60_000),
    allDay: false,
    reminderMinutes: null,
    createdAt: dueAt,
    updatedAt: dueAt,
    contacts: o.contact ? [{ id: o.contact.id, firstName: o.contact.name, lastName: null, company: null }] : [],
  };
}

/**
 * Reminder occurrences in the calendar's range (reminders.occurrences, every page up to a bound)
 * and the later times their schedules fire in it (reminders.planned: only the next time is an
 * occurrence yet), as calendar items; `hrefOf` says where one opens (the Reminders page:
 * upcoming or history).
 */
export function useReminderCalendarItems(from: Date, to: Date) {
  const query = api.reminders.occurrences.useInfiniteQuery(
    { from, to, limit: 100 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const pages = query.data?.pages.length ?? 0;
  React.useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && pages < MAX_PAGES) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, pages]);

  const planned = api.reminders.planned.useQuery({ from, to }, { placeholderData: keepPreviousData });
  const items = React.useMemo(
    () => [
      ...(query.data?.pages.flatMap((p) => p.items) ?? []).map((o) => asCalendarItem(o as OccurrenceRowData)),
      ...(planned.data?.items ?? []).map((p) => asCalendarItem({ ...p, state: "scheduled" })),
    ],
    [query.data, planned.data],
  );
  const hrefOf = React.useCallback((item: CalendarEventItem): string | null => {
    if (!item.id.startsWith(ID_PREFIX)) return null;
    return item.startsAt.getTime() <= Date.now() ? "/reminders?tab=history" : "/reminders?tab=upcoming";
  }, []);
  return { items, hrefOf, error: query.error ?? planned.error };
}
