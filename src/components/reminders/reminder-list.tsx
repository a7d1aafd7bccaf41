"use client";

import * as React from "react";
import Link from "next/link";
import {
  BellRingIcon,
  MoreHorizontalIcon,
  PauseIcon,
  PencilIcon,
  PhoneOutgoingIcon,
  PlayIcon,
  Trash2Icon,
} from "lucide-react";

import { api } from "~/trpc/react";
import type { OccurrenceState, ReminderChannel, ReminderKind } from "~/server/reminders/schemas";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Spinner } from "~/components/ui/spinner";
import { EmptyState } from "~/components/shared/empty-state";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { LoadMore } from "./load-more";
import { StateBadge, dateTimeIn } from "./occurrence-row";
import { CHANNEL_LABELS, KIND_LABELS } from "./reminder-meta";
import { testLabel, type ReminderActions } from "./use-reminder-actions";

/** A reminders.list row (ReminderSummary in the router's contract). */
export interface ReminderSummaryRow {
  id: string;
  kind: ReminderKind;
  title: string;
  message: string;
  contact: { id: string; name: string } | null;
  timeZone: string;
  scheduleText: string;
  channels: ReminderChannel[];
  pausedAt: Date | string | null;
  nextDueAt: Date | string | null;
  lastOccurrence: { dueAt: Date | string; state: OccurrenceState | (string & {}) } | null;
}

/** One reminder: what, for whom, when in words, how, next time, and its actions. */
export function ReminderItem({
  reminder,
  timeZone,
  actions,
  hideContact = false,
}: {
  reminder: ReminderSummaryRow;
  timeZone: string;
  actions: ReminderActions;
  hideContact?: boolean;
}) {
  const busy = actions.busyIds.has(reminder.id);
  const paused = reminder.pausedAt !== null;
  return (
    <li className="flex flex-wrap items-start gap-3 py-3" data-testid="reminder-item">
      <div className="min-w-0 flex-1 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-words">{reminder.title}</span>
          <Badge variant="outline" className="font-normal">
            {KIND_LABELS[reminder.kind]}
          </Badge>
          {paused ? <Badge variant="secondary">Paused</Badge> : null}
        </p>
        <p className="text-muted-foreground text-sm">
          {hideContact ? null : (
            <>
              {reminder.contact ? (
                <Link href={`/contacts/${encodeURIComponent(reminder.contact.id)}`} className="underline-offset-4 hover:underline">
                  {reminder.contact.name}
                </Link>
              ) : (
                "You"
              )}
              {" · "}
            </>
          )}
          {reminder.scheduleText}
          {" · "}
          {reminder.channels.map((c) => CHANNEL_LABELS[c]).join(", ")}
        </p>
        <p className="text-muted-foreground flex flex-wrap items-center gap-2 text-xs">
          {paused ? (
            "Nothing goes out while paused."
          ) : reminder.nextDueAt ? (
            <span>
              Next:{" "}
              <time dateTime={new Date(reminder.nextDueAt).toISOString()}>{dateTimeIn(reminder.nextDueAt, timeZone)}</time>
            </span>
          ) : (
            <span>No times left.</span>
          )}
          {reminder.lastOccurrence ? (
            <span className="flex items-center gap-1">
              Last: {dateTimeIn(reminder.lastOccurrence.dueAt, timeZone)} <StateBadge state={reminder.lastOccurrence.state} />
            </span>
          ) : null}
        </p>
      </div>
      <div className="flex items-center gap-1">
        {busy ? <Spinner aria-label="Working…" /> : null}
        <Button
          variant="outline"
          size="sm"
          onClick={() => actions.setPaused(reminder, !paused)}
          disabled={busy}
          aria-label={`${paused ? "Resume" : "Pause"} ${reminder.title}`}
        >
          {paused ? <PlayIcon aria-hidden="true" /> : <PauseIcon aria-hidden="true" />}
          {paused ? "Resume" : "Pause"}
        </Button>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${reminder.title}`} disabled={busy}>
              <MoreHorizontalIcon aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={() => actions.edit(reminder)}>
              <PencilIcon aria-hidden="true" />
              Edit
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => actions.testNow(reminder)}>
              <PhoneOutgoingIcon aria-hidden="true" />
              {testLabel(reminder.channels)}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem variant="destructive" onSelect={() => actions.remove(reminder)}>
              <Trash2Icon aria-hidden="true" />
              Delete
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
    </li>
  );
}

/** Every reminder (paused ones included), for a person and kind when filtered. */
export function ReminderList({
  timeZone,
  contactId,
  kind,
  actions,
  filtered,
  onClearFilters,
}: {
  timeZone: string;
  contactId: string | null;
  kind: ReminderKind | null;
  actions: ReminderActions;
  filtered: boolean;
  onClearFilters: () => void;
}) {
  const query = api.reminders.list.useInfiniteQuery(
    { contactId, kind, limit: 50 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const items: ReminderSummaryRow[] = query.data?.pages.flatMap((p) => p.items) ?? [];

  if (query.isPending) {
    return <ListSkeleton label="Loading reminders…" rows={3} lines={["w-1/3", "w-1/2", "w-1/4"]} trailing={["h-8 w-24", "size-8"]} />;
  }
  if (query.isError) return <ListError>{loadError("Reminders could not be loaded.", query.error)}</ListError>;
  if (items.length === 0) {
    return (
      <EmptyState icon={BellRingIcon}>
        {filtered ? (
          <>
            No reminders match these filters.{" "}
            <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={onClearFilters}>
              Clear filters
            </button>
          </>
        ) : (
          <>
            No reminders yet. Switchboard can call, text or notify at the times you choose, and tell someone when nobody answers.{" "}
            <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={() => actions.create()}>
              Create a reminder
            </button>
          </>
        )}
      </EmptyState>
    );
  }
  return (
    <div className="space-y-2" aria-busy={query.isFetching || undefined}>
      <ul className="divide-y rounded-lg border px-4" aria-label="Reminders">
        {items.map((reminder) => (
          <ReminderItem key={reminder.id} reminder={reminder} timeZone={timeZone} actions={actions} />
        ))}
      </ul>
      <LoadMore hasMore={!!query.hasNextPage} loading={query.isFetchingNextPage} onLoad={() => void query.fetchNextPage()} />
    </div>
  );
}
