"use client";

import * as React from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { DownloadIcon, PlusIcon, SearchXIcon, UploadIcon, UsersIcon } from "lucide-react";
import { toast } from "sonner";

import { api } from "~/trpc/react";
import { countText } from "~/lib/format";
import { Button } from "~/components/ui/button";
import { Spinner } from "~/components/ui/spinner";
import { EmptyState } from "~/components/shared/empty-state";
import { ClearFiltersLink, ListState } from "~/components/shared/list-state";
import { errorMessage } from "~/components/shared/form-errors";
import { NewContactDialog } from "./contact-dialog";
import { ImportContactsDialog } from "./import-dialog";
import { ContactsBulkBar } from "./contacts-bulk-bar";
import { ContactsTable } from "./contacts-table";
import { ContactsToolbar } from "./contacts-toolbar";
import { SORTABLE, useContactsParams, type ServerSort } from "./use-contacts-params";

const PAGE_SIZE = 25;

export function ContactsView() {
  const params = useContactsParams();
  const { search, tag, company, sort, direction, page, filtered } = params;

  const list = api.contacts.list.useQuery(
    {
      search: search || undefined,
      tags: tag ? [tag] : undefined,
      company: company || undefined,
      sort,
      direction,
      page,
      pageSize: PAGE_SIZE,
    },
    { placeholderData: keepPreviousData },
  );
  const data = list.data;

  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [newOpen, setNewOpen] = React.useState(false);
  const [importOpen, setImportOpen] = React.useState(false);
  const selectedOnPage = data?.items.filter((c) => selected.has(c.id)).length ?? 0;

  function select(ids: string[], on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  function sortBy(key: ServerSort) {
    const current = data?.sort ?? sort;
    const currentDir = data?.direction ?? direction;
    params.setSort(key, current === key ? (currentDir === "asc" ? "desc" : "asc") : SORTABLE[key].defaultDirection);
  }

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
      toast.success(`Exported ${countText(count, "contact")} to contacts.csv.`);
    },
    onError: (error) => toast.error(errorMessage(error, "Could not export your contacts.")),
  });

  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Contacts</h1>
          <p className="text-muted-foreground text-sm">
            {data && data.total > 0 && !filtered
              ? `${countText(data.total, "person", "people")} you keep in touch with.`
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

      {data && data.total === 0 && !filtered ? (
        <NoContactsYet onNew={() => setNewOpen(true)} onImport={() => setImportOpen(true)} />
      ) : (
        <>
          <ContactsToolbar params={params} />
          <ContactsBulkBar selected={selected} selectedOnPage={selectedOnPage} onClear={() => setSelected(new Set())} />
          <ListState
            data={data}
            error={
              list.isError ? (
                <>
                  {errorMessage(list.error, "Your contacts could not be loaded.")}{" "}
                  {filtered ? <ClearFiltersLink onClick={params.clearFilters} className="text-inherit" /> : null}
                </>
              ) : null
            }
            errorClassName="border-destructive/40 rounded-lg border px-4 py-3"
            skeleton={<ContactsTable data={undefined} pageSize={PAGE_SIZE} fetching selected={selected} stale={false} onSelect={select} onSort={sortBy} onPageChange={params.setPage} />}
            isEmpty={(d) => d.total === 0}
            empty={
              <EmptyState icon={SearchXIcon}>
                <span className="text-foreground block font-medium">No contacts match</span>
                {search
                  ? `Nothing close to “${search}”${tag || company ? " with these filters" : ""}. `
                  : "No one has these filters. "}
                <ClearFiltersLink onClick={params.clearFilters} />
              </EmptyState>
            }
          >
            {(page) => (
              <ContactsTable
                data={page}
                pageSize={PAGE_SIZE}
                fetching={list.isFetching}
                stale={list.isPlaceholderData}
                selected={selected}
                onSelect={select}
                onSort={sortBy}
                onPageChange={params.setPage}
              />
            )}
          </ListState>
        </>
      )}

      <NewContactDialog open={newOpen} onOpenChange={setNewOpen} />
      {importOpen ? <ImportContactsDialog open={importOpen} onOpenChange={setImportOpen} /> : null}
    </div>
  );
}

/** A new account's contacts page: what contacts are for and the two ways to add them. */
function NoContactsYet({ onNew, onImport }: { onNew: () => void; onImport: () => void }) {
  return (
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
        <Button onClick={onNew}>
          <PlusIcon aria-hidden="true" />
          New contact
        </Button>
        <Button variant="outline" onClick={onImport}>
          <UploadIcon aria-hidden="true" />
          Import
        </Button>
      </div>
    </div>
  );
}
