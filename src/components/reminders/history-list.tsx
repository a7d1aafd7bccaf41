"use client";

import { HistoryIcon } from "lucide-react";

import { api } from "~/trpc/react";
import type { ReminderKind } from "~/server/reminders/schemas";
import { EmptyState } from "~/components/shared/empty-state";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { LoadMore } from "./load-more";
import { OccurrenceItem, type OccurrenceRowData } from "./occurrence-row";
import { isActive } from "./upcoming-list";

const ACTIVE_REFRESH_MS = 3_000;

/** Past occurrences, newest first, each with every attempt's outcome and its steps. */
export function HistoryList({
  timeZone,
  contactId,
  kind,
  reminderId,
  awaitedOccurrenceId,
}: {
  timeZone: string;
  contactId: string | null;
  kind: ReminderKind | null;
  reminderId?: string | null;
  /** A test just started: looked for until it shows (it enters the history once the worker takes it). */
  awaitedOccurrenceId?: string | null;
}) {
  const query = api.reminders.history.useInfiniteQuery(
    { contactId, kind, reminderId, limit: 25 },
    {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      // A test call or a retry under way: its attempts and outcome arrive without a reload.
      refetchInterval: (q) => {
        const rows = q.state.data?.pages.flatMap((p) => p.items) ?? [];
        const awaited = !!awaitedOccurrenceId && !rows.some((o) => o.id === awaitedOccurrenceId);
        return awaited || isActive(rows) ? ACTIVE_REFRESH_MS : false;
      },
    },
  );
  const items: OccurrenceRowData[] = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.isPending) {
    return <ListSkeleton label="Loading reminder history…" rows={4} lines={["w-1/2", "w-1/3"]} trailing={["h-5 w-20"]} />;
  }
  if (query.isError) return <ListError>{loadError("The reminder history could not be loaded.", query.error)}</ListError>;
  if (items.length === 0) {
    return (
      <EmptyState icon={HistoryIcon}>
        No reminders have gone out yet. Each one shows here with what happened on every attempt.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-2" aria-busy={query.isFetching || undefined}>
      <ul className="divide-y rounded-lg border px-4" aria-label="Reminder history">
        {items.map((occurrence) => (
          <OccurrenceItem key={occurrence.id} occurrence={occurrence} timeZone={timeZone} showDate showHistory />
        ))}
      </ul>
      <LoadMore hasMore={!!query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );
}
