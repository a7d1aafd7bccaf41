"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData } from "@tanstack/react-query";
import { endOfDay, startOfDay } from "date-fns";
import { parseAsStringLiteral, useQueryStates, type inferParserType, type Nullable } from "nuqs";
import { MicIcon, PhoneIcon, SearchIcon, XIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { formatCount, formatDuration, plural } from "~/lib/format";
import { useDebouncedSearch } from "~/hooks/use-debounced-value";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { localDateParam, pageParam, searchParam, useUrlContact } from "~/hooks/url-state";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { DatePicker } from "~/components/ui/date-picker";
import { Input } from "~/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import { ListPager, pageCountOf } from "~/components/shared/list-pager";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ClearFiltersLink, ListState, loadError } from "~/components/shared/list-state";
import type { PickedContact } from "~/components/shared/contacts-multi-select";
import { ContactFilter } from "~/components/shared/contact-filter";
import { Highlighted } from "~/components/shared/highlighted";
import { SentimentBadge } from "./call-analysis";
import { CallDirectionIcon, CallStatusBadge } from "./call-status-badge";
import { STATUS_FILTERS, callTitle, directionLabel } from "./call-meta";
import { CreateContactFromCall } from "./create-contact-dialog";

const PAGE_SIZE = 25;
/** New calls appear about a second after their webhook (paused while the tab is hidden). */
export const CALLS_REFETCH_MS = 1000;

/**
 * The calls list's search, filters and page, in the URL (/calls?q=renewal&direction=inbound&page=2);
 * `contactId` is the key the contact page's "All calls" link uses.
 */
const callsParams = {
  q: searchParam,
  direction: parseAsStringLiteral(["inbound", "outbound"] as const),
  status: parseAsStringLiteral(STATUS_FILTERS.map((s) => s.value)),
  from: localDateParam,
  to: localDateParam,
  recording: parseAsStringLiteral(["yes", "no"] as const),
  page: pageParam,
};
type FilterChange = Partial<Nullable<inferParserType<typeof callsParams>>>;
const NO_FILTERS: FilterChange = { q: null, direction: null, status: null, from: null, to: null, recording: null, page: null };

export function CallsView({ initialContact }: { initialContact: PickedContact | null }) {
  const [filters, setFilters] = useQueryStates(callsParams, { history: "push" });
  const [contact, setContact] = useUrlContact("contactId", initialContact);
  const phone = usePhoneFormat();
  // Search runs once typing pauses, not on every key (each search embeds the query).
  const search = useDebouncedSearch(filters.q);
  const page = filters.page;

  const statuses = STATUS_FILTERS.find((s) => s.value === filters.status)?.statuses;
  const rangeError = !!filters.from && !!filters.to && startOfDay(filters.from) > endOfDay(filters.to);
  const query = api.calls.list.useQuery(
    {
      direction: filters.direction ?? undefined,
      status: statuses,
      contactId: contact?.id,
      dateFrom: filters.from ? startOfDay(filters.from) : undefined,
      dateTo: filters.to ? endOfDay(filters.to) : undefined,
      hasRecording: filters.recording === null ? undefined : filters.recording === "yes",
      q: search || undefined,
      page,
      pageSize: PAGE_SIZE,
    },
    // Search results are not polled: new calls show once the search changes or is cleared.
    { placeholderData: keepPreviousData, refetchInterval: search ? false : CALLS_REFETCH_MS, enabled: !rangeError },
  );
  const data = query.data;
  const anyFilter =
    filters.direction !== null ||
    filters.status !== null ||
    contact !== null ||
    !!filters.from ||
    !!filters.to ||
    filters.recording !== null ||
    search !== "";

  /** A filter change starts again from the first page. */
  function changeFilters(next: FilterChange) {
    void setFilters({ ...next, page: null });
  }
  function clearFilters() {
    void setFilters(NO_FILTERS);
    void setContact(null);
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
              · <span className="tabular-nums">{formatCount(data.total)}</span> {plural(data.total, "call")}
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
          value={filters.q}
          onChange={(event) => void setFilters({ q: event.target.value, page: null }, { history: "replace" })}
        />
      </div>

      <section aria-label="Filters" className="grid grid-cols-2 gap-3 sm:flex sm:flex-wrap sm:items-center">
        <Select
          value={filters.direction ?? "all"}
          onValueChange={(v) => changeFilters({ direction: v === "inbound" || v === "outbound" ? v : null })}
        >
          <SelectTrigger className="w-full sm:w-36" aria-label="Filter by direction">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All directions</SelectItem>
            <SelectItem value="inbound">Inbound</SelectItem>
            <SelectItem value="outbound">Outbound</SelectItem>
          </SelectContent>
        </Select>
        <Select
          value={filters.status ?? "all"}
          onValueChange={(v) => changeFilters({ status: STATUS_FILTERS.find((s) => s.value === v)?.value ?? null })}
        >
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
            value={contact}
            onChange={(next) => {
              void setContact(next);
              changeFilters({});
            }}
          />
        </div>
        <DatePicker
          className="sm:w-36"
          id="calls-from"
          value={filters.from ?? undefined}
          onChange={(from) => changeFilters({ from: from ?? null })}
          placeholder="From"
          dateFormat="MMM d, yyyy"
          aria-describedby={rangeError ? "calls-range-error" : undefined}
        />
        <DatePicker
          className="sm:w-36"
          id="calls-to"
          value={filters.to ?? undefined}
          onChange={(to) => changeFilters({ to: to ?? null })}
          placeholder="To"
          dateFormat="MMM d, yyyy"
          aria-invalid={rangeError}
          aria-describedby={rangeError ? "calls-range-error" : undefined}
        />
        <Select
          value={filters.recording ?? "any"}
          onValueChange={(v) => changeFilters({ recording: v === "yes" || v === "no" ? v : null })}
        >
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
          <Button variant="ghost" size="sm" onClick={clearFilters} className="justify-self-start">
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

      <ListState
        data={data}
        error={loadError("Calls could not be loaded.", data ? null : query.error)}
        skeleton={<CallsTableSkeleton />}
        isEmpty={(d) => d.total === 0}
        empty={
          anyFilter ? (
            <EmptyState icon={PhoneIcon}>
              No calls match these filters.{" "}
              <ClearFiltersLink onClick={clearFilters} />
            </EmptyState>
          ) : (
            <EmptyState icon={PhoneIcon}>No calls yet — calls to your Telnyx number will appear here.</EmptyState>
          )
        }
      >
        {(data) => (
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
                  const title = callTitle(call, phone);
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
                            {call.contact ? phone(call.counterpartNumber) : "Unknown caller"}
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
      </ListState>

      {data ? (
        <ListPager page={data.page} pageCount={pageCountOf(data.total, PAGE_SIZE)} onPageChange={(p) => void setFilters({ page: p })} />
      ) : null}
    </div>
  );
}

export function CallsTableSkeleton() {
  return (
    <ListSkeleton
      label="Loading calls…"
      rows={6}
      className="rounded-lg border p-4"
      lead="size-8 rounded-full"
      lines={["w-2/5", "w-1/4"]}
      trailing={["h-5 w-20", "hidden h-4 w-28 md:block", "hidden h-4 w-12 sm:block"]}
    />
  );
}
