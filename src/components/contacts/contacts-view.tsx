"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { keepPreviousData } from "@tanstack/react-query";
import {
  ArrowDownIcon,
  ArrowUpDownIcon,
  ArrowUpIcon,
  DownloadIcon,
  PlusIcon,
  SearchIcon,
  SearchXIcon,
  Trash2Icon,
  UploadIcon,
  UsersIcon,
  XIcon,
} from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { formatCount, formatPhone, initials } from "~/lib/format";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Checkbox } from "~/components/ui/checkbox";
import { Combobox } from "~/components/ui/combobox";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
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
import { Spinner } from "~/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import { errorMessage } from "~/components/shared/form-errors";
import { contactLabel } from "~/components/shared/contact-label";
import { NewContactDialog } from "./contact-dialog";
import { ImportContactsDialog } from "./import-dialog";
import { ScoreBadge } from "./score-badge";

const PAGE_SIZE = 25;
const SEARCH_DEBOUNCE_MS = 250;
const ALL = "__all";

/** Columns contacts.list can sort by (it has no company sort, so Company is a plain header). */
const SORTABLE: Record<"name" | "lastContactedAt" | "relationshipScore" | "updatedAt", { label: string; defaultDirection: "asc" | "desc" }> = {
  name: { label: "Name", defaultDirection: "asc" },
  lastContactedAt: { label: "Last contacted", defaultDirection: "desc" },
  relationshipScore: { label: "Score", defaultDirection: "desc" },
  updatedAt: { label: "Updated", defaultDirection: "desc" },
};
type ServerSort = keyof typeof SORTABLE;
const isServerSort = (value: string | null): value is ServerSort => value !== null && value in SORTABLE;

export function ContactsView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const utils = api.useUtils();

  const q = searchParams.get("q") ?? "";
  const tag = searchParams.get("tag") ?? "";
  const company = searchParams.get("company") ?? "";
  const sortParam = searchParams.get("sort");
  const sort = isServerSort(sortParam) ? sortParam : undefined;
  const dirParam = searchParams.get("dir");
  const direction = dirParam === "asc" || dirParam === "desc" ? dirParam : undefined;
  const page = Math.max(1, Math.floor(Number(searchParams.get("page")) || 1));
  const filtered = q.trim() !== "" || tag !== "" || company !== "";

  const setParams = React.useCallback(
    (next: Record<string, string | null>, mode: "push" | "replace" = "push") => {
      const params = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(next)) {
        if (value) params.set(key, value);
        else params.delete(key);
      }
      const qs = params.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === "push") router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [pathname, router, searchParams],
  );

  // The search box types freely; the URL (and the query) follow 250 ms after the last key.
  const [text, setText] = React.useState(q);
  const lastSent = React.useRef(q);
  React.useEffect(() => {
    if (q !== lastSent.current) {
      lastSent.current = q;
      setText(q);
    }
  }, [q]);
  React.useEffect(() => {
    if (text === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = text;
      setParams({ q: text.trim() ? text : null, page: null }, "replace");
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, setParams]);

  const list = api.contacts.list.useQuery(
      {
        search: q.trim() || undefined,
        tags: tag ? [tag] : undefined,
        company: company || undefined,
        sort,
        direction,
        page,
        pageSize: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
  );
  const tags = api.contacts.tags.useQuery();
  const companies = api.contacts.companies.useQuery();
  const data = list.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [confirmBulk, setConfirmBulk] = React.useState(false);
  const [newOpen, setNewOpen] = React.useState(false);
  const [importOpen, setImportOpen] = React.useState(false);

  const pageIds = data?.items.map((c) => c.id) ?? [];
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const allOnPage = pageIds.length > 0 && selectedOnPage === pageIds.length;

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }
  function toggleAll(on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of pageIds) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  const bulkDelete = api.contacts.bulkDelete.useMutation();
  const exportCsv = api.contacts.exportCsv.useMutation({
    onSuccess: ({ csv, count }) => {
      const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = "contacts.csv";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      toast.success(`Exported ${formatCount(count)} contact${count === 1 ? "" : "s"} to contacts.csv.`);
    },
    onError: (error) => toast.error(errorMessage(error, "Could not export your contacts.")),
  });

  function sortBy(key: ServerSort) {
    const current = data?.sort ?? sort;
    const currentDir = data?.direction ?? direction;
    const nextDir =
      current === key ? (currentDir === "asc" ? "desc" : "asc") : SORTABLE[key].defaultDirection;
    setParams({ sort: key, dir: nextDir, page: null });
  }

  const clearFilters = () => {
    lastSent.current = "";
    setText("");
    setParams({ q: null, tag: null, company: null, page: null });
  };

  const tagOptions = tags.data ?? [];
  const companyOptions = React.useMemo(
    () => (companies.data ?? []).map((c) => ({ value: c.company, label: c.company, description: `${c.count}` })),
    [companies.data],
  );
  const unfilteredEmpty = data && data.total === 0 && !filtered;

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Contacts</h1>
          <p className="text-muted-foreground text-sm">
            {data && data.total > 0 && !filtered
              ? `${formatCount(data.total)} people you keep in touch with.`
              : "The people you call, text and meet."}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => setImportOpen(true)}>
            <UploadIcon aria-hidden="true" />
            Import
          </Button>
          <Button
            variant="outline"
            onClick={() => exportCsv.mutate()}
            disabled={exportCsv.isPending}
            aria-busy={exportCsv.isPending || undefined}
          >
            {exportCsv.isPending ? <Spinner aria-hidden /> : <DownloadIcon aria-hidden="true" />}
            Export CSV
          </Button>
          <Button onClick={() => setNewOpen(true)}>
            <PlusIcon aria-hidden="true" />
            New contact
          </Button>
        </div>
      </div>

      {unfilteredEmpty ? (
        <div className="flex flex-col items-center gap-4 rounded-lg border border-dashed px-6 py-12 text-center">
          <span className="bg-muted text-muted-foreground flex size-12 items-center justify-center rounded-full">
            <UsersIcon className="size-6" aria-hidden="true" />
          </span>
          <div className="space-y-1">
            <h2 className="text-lg font-semibold">No contacts yet</h2>
            <p className="text-muted-foreground max-w-sm text-sm">
              Add the people who matter, or bring them in from a CSV or vCard file exported from your phone or another CRM.
            </p>
          </div>
          <div className="flex flex-wrap justify-center gap-2">
            <Button onClick={() => setNewOpen(true)}>
              <PlusIcon aria-hidden="true" />
              New contact
            </Button>
            <Button variant="outline" onClick={() => setImportOpen(true)}>
              <UploadIcon aria-hidden="true" />
              Import
            </Button>
          </div>
        </div>
      ) : (
        <>
          <section aria-label="Search and filters" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
            <div className="relative sm:w-72">
              <SearchIcon
                className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2"
                aria-hidden="true"
              />
              <Input
                type="search"
                aria-label="Search contacts"
                placeholder="Search name, email, phone, company…"
                className="pl-8"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </div>
            <div className="grid grid-cols-2 gap-3 sm:flex">
              <Select value={tag || ALL} onValueChange={(v) => setParams({ tag: v === ALL ? null : v, page: null })}>
                <SelectTrigger className="w-full sm:w-44" aria-label="Filter by tag">
                  <SelectValue placeholder="All tags" />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ALL}>All tags</SelectItem>
                  {tag && !tagOptions.some((t) => t.tag === tag) ? <SelectItem value={tag}>#{tag}</SelectItem> : null}
                  {tagOptions.map((t) => (
                    <SelectItem key={t.tag} value={t.tag}>
                      #{t.tag}
                      <span className="text-muted-foreground ml-auto pl-2 text-xs tabular-nums">{t.count}</span>
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <div className="sm:w-52">
                <Combobox
                  aria-label="Filter by company"
                  value={company || undefined}
                  valueLabel={company || undefined}
                  onChange={(value) => setParams({ company: value ?? null, page: null })}
                  options={companyOptions}
                  loading={companies.isLoading}
                  placeholder="All companies"
                  searchPlaceholder="Search companies…"
                  emptyText="No companies."
                />
              </div>
            </div>
            {filtered ? (
              <Button variant="ghost" size="sm" onClick={clearFilters} className="self-start sm:self-auto">
                <XIcon aria-hidden="true" />
                Clear filters
              </Button>
            ) : null}
          </section>

          {selected.size > 0 ? (
            <div
              role="status"
              className="bg-muted/60 flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2 text-sm"
            >
              <span>
                {formatCount(selected.size)} selected
                {selected.size > selectedOnPage ? (
                  <span className="text-muted-foreground"> ({selected.size - selectedOnPage} on other pages)</span>
                ) : null}
              </span>
              <div className="flex gap-2">
                <Button variant="ghost" size="sm" onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
                <Button variant="destructive" size="sm" onClick={() => setConfirmBulk(true)}>
                  <Trash2Icon aria-hidden="true" />
                  Delete selected
                </Button>
              </div>
            </div>
          ) : null}

          {list.isError ? (
            <div role="alert" className="border-destructive/40 text-destructive rounded-lg border px-4 py-3 text-sm">
              {errorMessage(list.error, "Your contacts could not be loaded.")}{" "}
              {filtered ? (
                <button type="button" className="font-medium underline underline-offset-4" onClick={clearFilters}>
                  Clear filters
                </button>
              ) : null}
            </div>
          ) : data && data.total === 0 ? (
            <EmptyState icon={SearchXIcon}>
              <span className="text-foreground block font-medium">No contacts match</span>
              {q.trim() ? `Nothing close to “${q.trim()}”${tag || company ? " with these filters" : ""}. ` : "No one has these filters. "}
              <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={clearFilters}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <div className="rounded-lg border">
              <Table aria-busy={list.isFetching || undefined} aria-label="Contacts">
                <TableHeader>
                  <TableRow>
                    <TableHead className="w-10 pl-3">
                      <Checkbox
                        aria-label="Select all"
                        disabled={!data}
                        checked={allOnPage ? true : selectedOnPage > 0 ? "indeterminate" : false}
                        onCheckedChange={(v) => toggleAll(v === true)}
                      />
                    </TableHead>
                    <SortableHead sortKey="name" current={data?.sort} direction={data?.direction} onSort={sortBy} />
                    <TableHead className="hidden md:table-cell">Company</TableHead>
                    <TableHead className="hidden lg:table-cell">Phone</TableHead>
                    <TableHead className="hidden 2xl:table-cell">Tags</TableHead>
                    <SortableHead
                      sortKey="lastContactedAt"
                      current={data?.sort}
                      direction={data?.direction}
                      onSort={sortBy}
                      className="hidden sm:table-cell"
                    />
                    <SortableHead sortKey="relationshipScore" current={data?.sort} direction={data?.direction} onSort={sortBy} />
                    <SortableHead
                      sortKey="updatedAt"
                      current={data?.sort}
                      direction={data?.direction}
                      onSort={sortBy}
                      className="hidden lg:table-cell"
                    />
                  </TableRow>
                </TableHeader>
                <TableBody className={cn(list.isFetching && list.isPlaceholderData && "opacity-60 transition-opacity")}>
                  {!data
                    ? Array.from({ length: 8 }, (_, i) => (
                        <TableRow key={i}>
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
                      ))
                    : data.items.map((contact) => {
                        const name = contactLabel(contact);
                        const isSelected = selected.has(contact.id);
                        return (
                          <TableRow key={contact.id} data-state={isSelected ? "selected" : undefined}>
                            <TableCell className="pl-3">
                              <Checkbox
                                aria-label={`Select ${name}`}
                                checked={isSelected}
                                onCheckedChange={(v) => toggle(contact.id, v === true)}
                              />
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
                                  <Link
                                    href={`/contacts/${contact.id}`}
                                    className="block truncate font-medium underline-offset-4 hover:underline"
                                  >
                                    {name}
                                  </Link>
                                  <p className="text-muted-foreground truncate text-xs">
                                    {contact.emails[0] ??
                                      (contact.company ? [contact.jobTitle, contact.company].filter(Boolean).join(" · ") : "")}
                                  </p>
                                </div>
                              </div>
                            </TableCell>
                            <TableCell className="hidden max-w-[12rem] md:table-cell">
                              {contact.company ? (
                                <div className="min-w-0">
                                  <p className="truncate">{contact.company}</p>
                                  {contact.jobTitle ? (
                                    <p className="text-muted-foreground truncate text-xs">{contact.jobTitle}</p>
                                  ) : null}
                                </div>
                              ) : (
                                <span className="text-muted-foreground">—</span>
                              )}
                            </TableCell>
                            <TableCell className="hidden whitespace-nowrap tabular-nums lg:table-cell">
                              {contact.phones[0] ? formatPhone(contact.phones[0]) : <span className="text-muted-foreground">—</span>}
                            </TableCell>
                            <TableCell className="hidden 2xl:table-cell">
                              <div className="flex max-w-[12rem] flex-wrap gap-1">
                                {contact.tags.slice(0, 3).map((t) => (
                                  <Badge key={t} variant="secondary" className="font-normal">
                                    #{t}
                                  </Badge>
                                ))}
                                {contact.tags.length > 3 ? (
                                  <span className="text-muted-foreground text-xs">+{contact.tags.length - 3}</span>
                                ) : null}
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
                      })}
                </TableBody>
              </Table>
              {data ? (
                <div className="flex flex-col items-center justify-between gap-2 border-t px-3 py-2 sm:flex-row">
                  <p className="text-muted-foreground text-sm" aria-live="polite">
                    {data.total === 0
                      ? "No contacts"
                      : `${formatCount((data.page - 1) * PAGE_SIZE + 1)}–${formatCount(
                          Math.min(data.page * PAGE_SIZE, data.total),
                        )} of ${formatCount(data.total)} contact${data.total === 1 ? "" : "s"}`}
                  </p>
                  {pageCount > 1 ? (
                    <Pagination className="mx-0 w-auto">
                      <PaginationContent>
                        <PaginationItem>
                          <PaginationPrevious
                            disabled={data.page <= 1}
                            onClick={() => setParams({ page: data.page - 1 > 1 ? String(data.page - 1) : null })}
                          />
                        </PaginationItem>
                        <PaginationItem>
                          <span className="text-muted-foreground px-2 text-sm whitespace-nowrap">
                            Page {data.page} of {pageCount}
                          </span>
                        </PaginationItem>
                        <PaginationItem>
                          <PaginationNext
                            disabled={data.page >= pageCount}
                            onClick={() => setParams({ page: String(data.page + 1) })}
                          />
                        </PaginationItem>
                      </PaginationContent>
                    </Pagination>
                  ) : null}
                </div>
              ) : null}
            </div>
          )}
        </>
      )}

      <NewContactDialog open={newOpen} onOpenChange={setNewOpen} />
      {importOpen ? <ImportContactsDialog open={importOpen} onOpenChange={setImportOpen} /> : null}

      <ConfirmDialog
        open={confirmBulk}
        onOpenChange={setConfirmBulk}
        title={`Delete ${formatCount(selected.size)} contact${selected.size === 1 ? "" : "s"}?`}
        description="Their calls, texts, tasks and events stay, but no longer point to them. This cannot be undone."
        confirmLabel={`Delete ${formatCount(selected.size)}`}
        onConfirm={async () => {
          try {
            const result = await bulkDelete.mutateAsync({ ids: [...selected] });
            toast.success(`Deleted ${formatCount(result.count)} contact${result.count === 1 ? "" : "s"}.`);
          } catch (error) {
            toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not delete the contacts."));
            throw error;
          }
          setSelected(new Set());
          await Promise.all([utils.contacts.list.invalidate(), utils.contacts.tags.invalidate(), utils.contacts.companies.invalidate()]);
        }}
      />
    </div>
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
    <TableHead
      className={className}
      aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}
    >
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
