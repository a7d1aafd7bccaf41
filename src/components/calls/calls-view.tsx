"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData } from "@tanstack/react-query";
import { endOfDay, startOfDay } from "date-fns";
import { MicIcon, PhoneIcon, SearchIcon, XIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { formatCount, formatDuration, formatPhone } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DatePicker } from "~/components/ui/date-picker";
import { Input } from "~/components/ui/input";
import {
  Pagination,
  PaginationContent,
  PaginationItem,
  PaginationNext,
  PaginationPrevious,
} from "~/components/ui/pagination";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { ContactFilter } from "~/components/shared/contact-filter";
import { SentimentBadge } from "./call-analysis";
import { CallDirectionIcon, CallStatusBadge } from "./call-status-badge";
import { STATUS_FILTERS, callTitle, directionLabel } from "./call-meta";
import { CreateContactFromCall } from "./create-contact-dialog";
import { Highlighted } from "./highlighted";

const PAGE_SIZE = 25;
/** New calls appear about a second after their webhook (paused while the tab is hidden). */
export const CALLS_REFETCH_MS = 1000;

interface Filters {
  direction: "all" | "inbound" | "outbound";
  status: string;
  contact: PickedContact | null;
  from: Date | undefined;
  to: Date | undefined;
  recording: "any" | "yes" | "no";
}
const NO_FILTERS: Filters = { direction: "all", status: "all", contact: null, from: undefined, to: undefined, recording: "any" };

/** Search runs this long after the last key, not on every one (each search embeds the query). */
const SEARCH_DEBOUNCE_MS = 300;

export function CallsView({ initialContact }: { initialContact: PickedContact | null }) {
  const [filters, setFilters] = React.useState<Filters>({ ...NO_FILTERS, contact: initialContact });
  const [page, setPage] = React.useState(1);
  const [text, setText] = React.useState("");
  const [search, setSearch] = React.useState("");
  React.useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setPage(1);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const statuses = STATUS_FILTERS.find((s) => s.value === filters.status)?.statuses;
  const rangeError = !!filters.from && !!filters.to && startOfDay(filters.from) > endOfDay(filters.to);
  const query = api.calls.list.useQuery(
    {
      direction: filters.direction === "all" ? undefined : filters.direction,
      status: statuses,
      contactId: filters.contact?.id,
      dateFrom: filters.from ? startOfDay(filters.from) : undefined,
      dateTo: filters.to ? endOfDay(filters.to) : undefined,
      hasRecording: filters.recording === "any" ? undefined : filters.recording === "yes",
      q: search || undefined,
      page,
      pageSize: PAGE_SIZE,
    },
    // Search results are not polled: new calls show once the search changes or is cleared.
    { placeholderData: keepPreviousData, refetchInterval: search ? false : CALLS_REFETCH_MS, enabled: !rangeError },
  );
  const data = query.data;
  const anyFilter =
    filters.direction !== "all" ||
    filters.status !== "all" ||
    filters.contact !== null ||
    !!filters.from ||
    !!filters.to ||
    filters.recording !== "any" ||
    search !== "";
  const pageCount = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  function changeFilters(next: Partial<Filters>) {
    setFilters((prev) => ({ ...prev, ...next }));
    setPage(1);
  }

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Calls</h1>
        <p className="text-muted-foreground text-sm">
          Every call to and from your Telnyx numbers
          {data ? (
            <>
              {" "}
              · <span className="tabular-nums">{formatCount(data.total)}</span> {data.total === 1 ? "call" : "calls"}
              {anyFilter ? " match" : ""}
            </>
          ) : null}
        </p>
      </div>

      <div className="relative sm:max-w-md">
        <SearchIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden="true" />
        <Input
          type="search"
          aria-label="Search calls"
          placeholder="Search what was said: “contract renewal”, “late delivery”…"
          className="pl-8"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>

      <section aria-label="Filters" className="grid grid-cols-2 gap-3 sm:flex sm:flex-wrap sm:items-center">
        <Select value={filters.direction} onValueChange={(v) => changeFilters({ direction: v as Filters["direction"] })}>
          <SelectTrigger className="w-full sm:w-36" aria-label="Filter by direction">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All directions</SelectItem>
            <SelectItem value="inbound">Inbound</SelectItem>
            <SelectItem value="outbound">Outbound</SelectItem>
          </SelectContent>
        </Select>
        <Select value={filters.status} onValueChange={(v) => changeFilters({ status: v })}>
          <SelectTrigger className="w-full sm:w-36" aria-label="Filter by status">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All statuses</SelectItem>
            {STATUS_FILTERS.map((s) => (
              <SelectItem key={s.value} value={s.value}>
                {s.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <div className="col-span-2 sm:w-44">
          <ContactFilter
            aria-label="Filter by contact"
            value={filters.contact}
            onChange={(contact) => changeFilters({ contact })}
          />
        </div>
        <DatePicker
          className="sm:w-36"
          id="calls-from"
          value={filters.from}
          onChange={(from) => changeFilters({ from })}
          placeholder="From"
          dateFormat="MMM d, yyyy"
          aria-describedby={rangeError ? "calls-range-error" : undefined}
        />
        <DatePicker
          className="sm:w-36"
          id="calls-to"
          value={filters.to}
          onChange={(to) => changeFilters({ to })}
          placeholder="To"
          dateFormat="MMM d, yyyy"
          aria-invalid={rangeError}
          aria-describedby={rangeError ? "calls-range-error" : undefined}
        />
        <Select value={filters.recording} onValueChange={(v) => changeFilters({ recording: v as Filters["recording"] })}>
          <SelectTrigger className="w-full sm:w-38" aria-label="Filter by recording">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="any">Any recording</SelectItem>
            <SelectItem value="yes">With recording</SelectItem>
            <SelectItem value="no">No recording</SelectItem>
          </SelectContent>
        </Select>
        {anyFilter ? (
          <Button variant="ghost" size="sm" onClick={() => changeFilters(NO_FILTERS)} className="justify-self-start">
            <XIcon aria-hidden="true" />
            Clear filters
          </Button>
        ) : null}
      </section>
      {rangeError ? (
        <p id="calls-range-error" role="alert" className="text-destructive -mt-3 text-sm">
          The end of the range must not be before its start.
        </p>
      ) : null}

      {query.isError && !data ? (
        <p role="alert" className="text-destructive text-sm">
          Calls could not be loaded. {query.error.message}
        </p>
      ) : !data ? (
        <CallsTableSkeleton />
      ) : data.total === 0 ? (
        anyFilter ? (
          <EmptyState icon={PhoneIcon}>
            No calls match these filters.{" "}
            <button
              type="button"
              className="text-foreground font-medium underline underline-offset-4"
              onClick={() => changeFilters(NO_FILTERS)}
            >
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState icon={PhoneIcon}>No calls yet — calls to your Telnyx number will appear here.</EmptyState>
        )
      ) : (
        <div className="rounded-lg border">
          <Table aria-label="Calls" aria-busy={query.isFetching || undefined}>
            <TableHeader>
              <TableRow>
                <TableHead className="w-12 pl-4">
                  <span className="sr-only">Direction</span>
                </TableHead>
                <TableHead>Who</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="hidden md:table-cell">Started</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Duration</TableHead>
                <TableHead className="hidden w-0 pr-4 sm:table-cell">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((call) => {
                const title = callTitle(call);
                return (
                  <TableRow key={call.id} className="group">
                    <TableCell className="pl-4">
                      <CallDirectionIcon call={call} />
                    </TableCell>
                    <TableCell className="max-w-0 min-w-40 md:w-1/2">
                      <Link
                        href={`/calls/${call.id}`}
                        className="block truncate font-medium underline-offset-4 hover:underline"
                        aria-label={`${title}, ${directionLabel(call.direction).toLowerCase()} call`}
                      >
                        {title}
                      </Link>
                      <p className="text-muted-foreground flex min-w-0 items-center gap-1 text-xs">
                        <span className="truncate max-md:hidden">
                          {call.contact ? formatPhone(call.counterpartNumber) : "Unknown caller"}
                        </span>
                        <LocalTime value={call.startedAt} className="truncate md:hidden" />
                        {call.hasRecording ? (
                          <MicIcon className="size-3 shrink-0" aria-label="Has a recording" role="img" />
                        ) : null}
                      </p>
                      {call.snippet ? (
                        <p className="text-muted-foreground mt-0.5 line-clamp-2 text-xs" data-testid="call-snippet">
                          <Highlighted text={call.snippet} />
                        </p>
                      ) : call.summary ? (
                        <p className="text-muted-foreground mt-0.5 truncate text-xs max-md:hidden" title={call.summary}>
                          {call.summary}
                        </p>
                      ) : null}
                      {!call.contact ? (
                        <CreateContactFromCall callId={call.id} number={call.counterpartNumber} className="mt-1.5 h-7 sm:hidden" />
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <span className="flex flex-wrap items-center gap-1">
                        <CallStatusBadge status={call.status} />
                        {call.sentimentLabel ? <SentimentBadge label={call.sentimentLabel} score={null} className="max-md:hidden" /> : null}
                        {call.important ? (
                          <Badge variant="warning" className="max-md:hidden">
                            Important
                          </Badge>
                        ) : null}
                      </span>
                      <span className="text-muted-foreground mt-1 block text-xs tabular-nums sm:hidden">
                        {call.durationSeconds != null && call.durationSeconds > 0 ? formatDuration(call.durationSeconds) : null}
                      </span>
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden whitespace-nowrap md:table-cell">
                      <LocalTime value={call.startedAt} />
                    </TableCell>
                    <TableCell className="text-muted-foreground hidden text-right tabular-nums sm:table-cell">
                      {formatDuration(call.durationSeconds)}
                    </TableCell>
                    <TableCell className="hidden pr-4 text-right sm:table-cell">
                      {!call.contact ? <CreateContactFromCall callId={call.id} number={call.counterpartNumber} /> : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}

      {data && pageCount > 1 ? (
        <Pagination>
          <PaginationContent>
            <PaginationItem>
              <PaginationPrevious disabled={data.page <= 1} onClick={() => setPage(Math.max(1, data.page - 1))} />
            </PaginationItem>
            <PaginationItem>
              <span className="text-muted-foreground px-2 text-sm">
                Page {data.page} of {pageCount}
              </span>
            </PaginationItem>
            <PaginationItem>
              <PaginationNext disabled={data.page >= pageCount} onClick={() => setPage(Math.min(pageCount, data.page + 1))} />
            </PaginationItem>
          </PaginationContent>
        </Pagination>
      ) : null}
    </div>
  );
}

export function CallsTableSkeleton() {
  return (
    <div className="space-y-1 rounded-lg border p-4" aria-busy="true">
      <span className="sr-only">Loading calls…</span>
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-4 py-2">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-2/5" />
            <Skeleton className="h-3 w-1/4" />
          </div>
          <Skeleton className="h-5 w-20" />
          <Skeleton className="hidden h-4 w-28 md:block" />
          <Skeleton className="hidden h-4 w-12 sm:block" />
        </div>
      ))}
    </div>
  );
}
