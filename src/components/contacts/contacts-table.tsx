"use client";

import Link from "next/link";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";

import type { RouterOutputs } from "~/trpc/react";
import { countText, formatCount, initials } from "~/lib/format";
import { usePhoneFormat } from "~/hooks/use-phone-format";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Checkbox } from "~/components/ui/checkbox";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { contactDisplayName } from "~/lib/contact-name";
import { ListPager, pageCountOf } from "~/components/shared/list-pager";
import { ScoreBadge } from "./score-badge";
import { SORTABLE, type ServerSort } from "./use-contacts-params";

type ContactsPage = RouterOutputs["contacts"]["list"];

/**
 * One page of contacts with checkboxes, sortable headers and the "1–25 of 80 contacts" footer
 * with its pager; placeholder rows (under the real headers) while the first page loads.
 */
export function ContactsTable({
  data,
  pageSize,
  fetching,
  stale,
  selected,
  onSelect,
  onSort,
  onPageChange,
}: {
  data: ContactsPage | undefined;
  pageSize: number;
  /** A request is in flight (aria-busy). */
  fetching: boolean;
  /** The rows are the previous query's, shown dimmed until the new ones arrive. */
  stale: boolean;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onSort: (key: ServerSort) => void;
  onPageChange: (page: number) => void;
}) {
  const pageIds = data?.items.map((c) => c.id) ?? [];
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const allOnPage = pageIds.length > 0 && selectedOnPage === pageIds.length;
  const sortProps = { current: data?.sort, direction: data?.direction, onSort };

  return (
    <div className="rounded-lg border">
      <Table aria-busy={fetching || undefined} aria-label="Contacts">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10 pl-3">
              <Checkbox
                aria-label="Select all"
                disabled={!data}
                checked={allOnPage ? true : selectedOnPage > 0 ? "indeterminate" : false}
                onCheckedChange={(v) => onSelect(pageIds, v === true)}
              />
            </TableHead>
            <SortableHead sortKey="name" {...sortProps} />
            <TableHead className="hidden md:table-cell">Company</TableHead>
            <TableHead className="hidden lg:table-cell">Phone</TableHead>
            <TableHead className="hidden 2xl:table-cell">Tags</TableHead>
            <SortableHead sortKey="lastContactedAt" {...sortProps} className="hidden sm:table-cell" />
            <SortableHead sortKey="relationshipScore" {...sortProps} />
            <SortableHead sortKey="updatedAt" {...sortProps} className="hidden lg:table-cell" />
          </TableRow>
        </TableHeader>
        <TableBody className={cn(fetching && stale && "opacity-60 transition-opacity")}>
          {!data
            ? Array.from({ length: 8 }, (_, i) => <SkeletonRow key={i} />)
            : data.items.map((contact) => (
                <ContactRow
                  key={contact.id}
                  contact={contact}
                  selected={selected.has(contact.id)}
                  onSelect={(on) => onSelect([contact.id], on)}
                />
              ))}
        </TableBody>
      </Table>
      {data ? (
        <div className="flex flex-col items-center justify-between gap-2 border-t px-3 py-2 sm:flex-row">
          <p className="text-muted-foreground text-sm" aria-live="polite">
            {data.total === 0
              ? "No contacts"
              : `${formatCount((data.page - 1) * pageSize + 1)}–${formatCount(
                  Math.min(data.page * pageSize, data.total),
                )} of ${countText(data.total, "contact")}`}
          </p>
          <ListPager
            className="mx-0 w-auto"
            page={data.page}
            pageCount={pageCountOf(data.total, pageSize)}
            onPageChange={onPageChange}
          />
        </div>
      ) : null}
    </div>
  );
}

function ContactRow({
  contact,
  selected,
  onSelect,
}: {
  contact: ContactsPage["items"][number];
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  const name = contactDisplayName(contact);
  const formatPhone = usePhoneFormat();
  return (
    <TableRow data-state={selected ? "selected" : undefined}>
      <TableCell className="pl-3">
        <Checkbox aria-label={`Select ${name}`} checked={selected} onCheckedChange={(v) => onSelect(v === true)} />
      </TableCell>
      <TableCell className="max-w-[14rem] sm:max-w-xs">
        <div className="flex items-center gap-3">
          <span
            className="bg-muted text-muted-foreground hidden size-8 shrink-0 items-center justify-center rounded-full text-xs font-medium sm:flex"
            aria-hidden="true"
          >
            {initials(name)}
          </span>
          <div className="min-w-0">
            <Link href={`/contacts/${contact.id}`} className="block truncate font-medium underline-offset-4 hover:underline">
              {name}
            </Link>
            <p className="text-muted-foreground truncate text-xs">
              {contact.emails[0] ?? (contact.company ? [contact.jobTitle, contact.company].filter(Boolean).join(" · ") : "")}
            </p>
          </div>
        </div>
      </TableCell>
      <TableCell className="hidden max-w-[12rem] md:table-cell">
        {contact.company ? (
          <div className="min-w-0">
            <p className="truncate">{contact.company}</p>
            {contact.jobTitle ? <p className="text-muted-foreground truncate text-xs">{contact.jobTitle}</p> : null}
          </div>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap tabular-nums lg:table-cell">
        {contact.phones.length ? (
          // Every number, one a line: the second one is often the one the person uses.
          <ul aria-label={`Phone numbers of ${name}`}>
            {contact.phones.map((phone) => (
              <li key={phone}>{formatPhone(phone)}</li>
            ))}
          </ul>
        ) : (
          <span className="text-muted-foreground">—</span>
        )}
      </TableCell>
      <TableCell className="hidden 2xl:table-cell">
        <div className="flex max-w-[12rem] flex-wrap gap-1">
          {contact.tags.slice(0, 3).map((t) => (
            <Badge key={t} variant="secondary" className="font-normal">
              #{t}
            </Badge>
          ))}
          {contact.tags.length > 3 ? <span className="text-muted-foreground text-xs">+{contact.tags.length - 3}</span> : null}
        </div>
      </TableCell>
      <TableCell className="text-muted-foreground hidden whitespace-nowrap sm:table-cell">
        {contact.lastContactedAt ? <LocalTime value={contact.lastContactedAt} format="relative" /> : "Never"}
      </TableCell>
      <TableCell>
        <ScoreBadge score={contact.relationshipScore} trend={contact.scoreTrend} />
      </TableCell>
      <TableCell className="text-muted-foreground hidden whitespace-nowrap lg:table-cell">
        <LocalTime value={contact.updatedAt} format="date" />
      </TableCell>
    </TableRow>
  );
}

/** A placeholder row with the same responsive columns as ContactRow. */
function SkeletonRow() {
  return (
    <TableRow>
      <TableCell className="pl-3">
        <Skeleton className="size-4 rounded" />
      </TableCell>
      <TableCell>
        <div className="flex items-center gap-3">
          <Skeleton className="size-8 rounded-full" />
          <div className="space-y-1.5">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3 w-40" />
          </div>
        </div>
      </TableCell>
      <TableCell className="hidden md:table-cell">
        <Skeleton className="h-4 w-28" />
      </TableCell>
      <TableCell className="hidden lg:table-cell">
        <Skeleton className="h-4 w-28" />
      </TableCell>
      <TableCell className="hidden 2xl:table-cell">
        <Skeleton className="h-5 w-16" />
      </TableCell>
      <TableCell className="hidden sm:table-cell">
        <Skeleton className="h-4 w-20" />
      </TableCell>
      <TableCell>
        <Skeleton className="h-5 w-10" />
      </TableCell>
      <TableCell className="hidden lg:table-cell">
        <Skeleton className="h-4 w-20" />
      </TableCell>
    </TableRow>
  );
}

function SortableHead({
  sortKey,
  current,
  direction,
  onSort,
  className,
}: {
  sortKey: ServerSort;
  current: string | undefined;
  direction: "asc" | "desc" | undefined;
  onSort: (key: ServerSort) => void;
  className?: string;
}) {
  const active = current === sortKey;
  const Icon = !active ? ArrowUpDownIcon : direction === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <TableHead className={className} aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}>
      <Button
        variant="ghost"
        size="sm"
        className={cn("-ml-2 h-8 px-2", active ? "text-foreground" : "text-muted-foreground")}
        onClick={() => onSort(sortKey)}
      >
        {SORTABLE[sortKey].label}
        <Icon className={cn("size-3.5", !active && "opacity-50")} aria-hidden="true" />
      </Button>
    </TableHead>
  );
}
