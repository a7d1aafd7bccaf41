"use client";

import * as React from "react";
import { RefreshCwIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatCount } from "~/lib/format";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Progress } from "~/components/ui/progress";
import { Skeleton } from "~/components/ui/skeleton";
import { ListError, loadError } from "~/components/shared/list-state";
import { errorMessage } from "~/components/shared/form-errors";

export type SearchIndexStatus = RouterOutputs["search"]["indexStatus"];

/** When everything is indexed the card still looks now and then (new rows arrive all the time). */
const IDLE_REFETCH_MS = 60_000;

const typeLabels: Record<SearchIndexStatus["types"][number]["type"], string> = {
  contact: "Contacts",
  call: "Calls",
  message: "Messages",
  task: "Tasks",
  event: "Events",
  reminder: "Reminders",
};

export type IndexState = "up-to-date" | "indexing" | "queued";

/** Up to date: every row has a current vector and no job is pending; indexing: the job runs; otherwise waiting for it. */
export function indexState(status: Pick<SearchIndexStatus, "total" | "indexed" | "job">): IndexState {
  if (status.job === "active") return "indexing";
  if (status.indexed >= status.total && status.job === null) return "up-to-date";
  return "queued";
}

/** The card's body for a loaded status: the state, a progress bar and the counts per type. */
export function SearchIndexSummary({ status }: { status: SearchIndexStatus }) {
  const state = indexState(status);
  const percent = status.total === 0 ? 100 : Math.floor((status.indexed / status.total) * 100);
  const label =
    state === "up-to-date"
      ? "Up to date"
      : state === "indexing"
        ? `Indexing ${formatCount(status.indexed)} of ${formatCount(status.total)}`
        : `Queued: ${formatCount(status.indexed)} of ${formatCount(status.total)} indexed`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span role="status" className="font-medium">
          {label}
        </span>
        <Badge variant="outline" className="font-mono text-xs" title="The embedding model; only its vectors are searched">
          {status.model}
        </Badge>
      </div>
      <Progress value={percent} aria-label="Search index progress" aria-valuetext={`${percent}%`} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        {status.types.map((row) => (
          <div key={row.type} className="flex justify-between gap-2">
            <dt className="text-muted-foreground">{typeLabels[row.type]}</dt>
            <dd className="tabular-nums">
              {row.indexed === row.total ? formatCount(row.total) : `${formatCount(row.indexed)} / ${formatCount(row.total)}`}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The Jobs page's "Search index" card: how much of the account is searchable by meaning, and Rebuild. */
export function SearchIndexCard({ refetchMs }: { refetchMs: number }) {
  const utils = api.useUtils();
  const [confirming, setConfirming] = React.useState(false);
  // Polled while indexing, slowly once up to date; react-query pauses polling while the tab is hidden.
  const status = api.search.indexStatus.useQuery(undefined, {
    refetchInterval: (query) => (query.state.data && indexState(query.state.data) === "up-to-date" ? IDLE_REFETCH_MS : refetchMs),
  });
  const rebuild = api.search.rebuildIndex.useMutation();

  async function confirmRebuild() {
    try {
      await rebuild.mutateAsync();
      toast.success("Rebuilding the search index.", { description: "Everything stays searchable while it runs." });
    } catch (error) {
      toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not start the rebuild."));
      throw error;
    } finally {
      await utils.search.indexStatus.invalidate();
    }
  }

  const error = loadError("The search index could not be loaded.", status.data ? null : status.error);
  return (
    <Card aria-labelledby="search-index-heading" role="region">
      <CardHeader>
        <CardTitle id="search-index-heading">Search index</CardTitle>
        <CardDescription>
          What search by meaning covers: new and edited items are indexed within about a minute (words are found at once).
        </CardDescription>
        <CardAction>
          <Button variant="outline" size="sm" disabled={!status.data || rebuild.isPending} onClick={() => setConfirming(true)}>
            <RefreshCwIcon aria-hidden="true" />
            Rebuild
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent aria-busy={status.isFetching || undefined}>
        {error ? (
          <ListError>{error}</ListError>
        ) : status.data ? (
          <SearchIndexSummary status={status.data} />
        ) : (
          <div className="space-y-3" role="status" aria-label="Loading the search index…">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-2 w-full" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        )}
      </CardContent>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Rebuild the search index?"
        description="Every contact, call, message, task, event and reminder is embedded again. Search keeps working meanwhile; with Voyage this uses API credits."
        confirmLabel="Rebuild"
        destructive={false}
        onConfirm={confirmRebuild}
      />
    </Card>
  );
}
