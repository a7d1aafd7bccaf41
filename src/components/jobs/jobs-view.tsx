"use client";

import * as React from "react";
import { keepPreviousData } from "@tanstack/react-query";
import { parseAsString, useQueryStates } from "nuqs";
import { CircleCheckIcon, RotateCwIcon } from "lucide-react";
import { toast } from "sonner";

import { api, type RouterOutputs } from "~/trpc/react";
import { formatCount, plural } from "~/lib/format";
import { cn } from "~/lib/utils";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "~/components/ui/select";
import { Spinner } from "~/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { LocalTime } from "~/components/local-time";
import { pageParam } from "~/hooks/url-state";
import { EmptyState } from "~/components/shared/empty-state";
import { ListPager, pageCountOf } from "~/components/shared/list-pager";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListState, loadError } from "~/components/shared/list-state";
import { errorMessage } from "~/components/shared/form-errors";
import { SearchIndexCard } from "./search-index-card";

type QueueOverview = RouterOutputs["jobs"]["overview"][number];
type JobFailure = RouterOutputs["jobs"]["failures"]["items"][number];

const PAGE_SIZE = 20;
/** Jobs move in seconds; refreshed this often (paused while the tab is hidden). */
export const JOBS_REFETCH_MS = 5000;

/** The failed-jobs list's queue filter and page, in the URL (/jobs?queue=call.transcribe&page=2). */
const failuresParams = { queue: parseAsString.withDefault("all"), page: pageParam };

/** A count as a badge: muted when zero so the states that matter stand out. */
function CountBadge({ value, variant, label }: { value: number; variant: "secondary" | "outline" | "success" | "destructive" | "warning"; label: string }) {
  return (
    <Badge
      variant={value === 0 ? "outline" : variant}
      className={cn("tabular-nums", value === 0 && "text-muted-foreground")}
      aria-label={`${formatCount(value)} ${label}`}
    >
      {formatCount(value)}
    </Badge>
  );
}

export function JobsView() {
  const utils = api.useUtils();
  const [{ queue, page }, setParams] = useQueryStates(failuresParams, { history: "push" });
  const [confirmQueue, setConfirmQueue] = React.useState<QueueOverview | null>(null);
  const [retrying, setRetrying] = React.useState<ReadonlySet<string>>(new Set());

  const overview = api.jobs.overview.useQuery(undefined, { refetchInterval: JOBS_REFETCH_MS });
  const failures = api.jobs.failures.useQuery(
    { queue: queue === "all" ? undefined : queue, page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData, refetchInterval: JOBS_REFETCH_MS },
  );
  const retry = api.jobs.retry.useMutation();
  const retryAll = api.jobs.retryAllFailed.useMutation();

  const refresh = () => Promise.all([utils.jobs.overview.invalidate(), utils.jobs.failures.invalidate()]);
  const data = failures.data;
  const pageCount = data ? pageCountOf(data.total, PAGE_SIZE) : 1;

  // Retrying empties pages: step back to the last page that still has failures (the page lives
  // in the URL, so this is an effect rather than a state adjustment during render).
  const pastTheEnd = !!data && data.items.length === 0 && data.total > 0 && page > pageCount;
  React.useEffect(() => {
    if (pastTheEnd) void setParams({ page: pageCount }, { history: "replace" });
  }, [pastTheEnd, pageCount, setParams]);

  async function retryOne(failure: JobFailure) {
    setRetrying((prev) => new Set(prev).add(failure.id));
    try {
      await retry.mutateAsync({ queue: failure.queue, id: failure.id });
      toast.success(`Retrying ${failure.job}.`, {
        description: failure.kind === "dead" ? "Sent to its queue again as a new job." : "It runs again shortly.",
      });
    } catch (error) {
      toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not retry the job."));
    } finally {
      setRetrying((prev) => {
        const next = new Set(prev);
        next.delete(failure.id);
        return next;
      });
      await refresh();
    }
  }

  async function confirmRetryAll(target: QueueOverview) {
    try {
      const { retried } = await retryAll.mutateAsync({ queue: target.job });
      toast.success(`Retrying ${formatCount(retried)} ${target.job} ${plural(retried, "job")}.`);
    } catch (error) {
      toast.error(errorMessage(error as Parameters<typeof errorMessage>[0], "Could not retry the jobs."));
      throw error;
    } finally {
      await refresh();
    }
  }

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Jobs</h1>
        <p className="text-muted-foreground text-sm">
          Background work for your account: recordings, transcripts, analysis, scores and notices. A job that fails
          is retried on its own a few times, then listed here to retry by hand.
        </p>
      </div>

      <SearchIndexCard refetchMs={JOBS_REFETCH_MS} />

      <section aria-labelledby="queues-heading" className="space-y-3">
        <h2 id="queues-heading" className="text-lg font-semibold">
          Queues
        </h2>
        <ListState
          data={overview.data}
          error={loadError("Queues could not be loaded.", overview.data ? null : overview.error)}
          skeleton={<QueuesTableSkeleton />}
          isEmpty={() => false}
          empty={null}
        >
          {(queues) => (
            <div className="rounded-lg border">
              <Table aria-label="Queues">
                <TableHeader>
                  <TableRow>
                    <TableHead className="pl-4">Queue</TableHead>
                    <TableHead className="text-right">Waiting</TableHead>
                    <TableHead className="text-right">Running</TableHead>
                    <TableHead className="hidden text-right sm:table-cell">Done</TableHead>
                    <TableHead className="text-right">Failed</TableHead>
                    <TableHead className="hidden text-right md:table-cell">Dead letters</TableHead>
                    <TableHead className="w-0 pr-4">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {queues.map((q) => (
                    <TableRow key={q.job}>
                      <TableCell className="pl-4 font-mono text-xs sm:text-sm">{q.job}</TableCell>
                      <TableCell className="text-right">
                        <CountBadge value={q.counts.created + q.counts.retry} variant="secondary" label="waiting" />
                      </TableCell>
                      <TableCell className="text-right">
                        <CountBadge value={q.counts.active} variant="secondary" label="running" />
                      </TableCell>
                      <TableCell className="hidden text-right sm:table-cell">
                        <CountBadge value={q.counts.completed} variant="success" label="done" />
                      </TableCell>
                      <TableCell className="text-right">
                        <CountBadge value={q.counts.failed} variant="destructive" label="failed" />
                      </TableCell>
                      <TableCell className="hidden text-right md:table-cell">
                        <CountBadge value={q.deadLetter.total} variant="warning" label="dead letters" />
                      </TableCell>
                      <TableCell className="pr-4 text-right">
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={q.failures === 0}
                          onClick={() => setConfirmQueue(q)}
                          aria-label={`Retry all failed ${q.job} jobs`}
                        >
                          <RotateCwIcon aria-hidden="true" />
                          <span className="max-sm:sr-only">Retry all failed</span>
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </ListState>
      </section>

      <section aria-labelledby="failures-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="space-y-1">
            <h2 id="failures-heading" className="text-lg font-semibold">
              Failed jobs
            </h2>
            <p className="text-muted-foreground text-sm">
              Newest first
              {data ? (
                <>
                  {" "}
                  · <span className="tabular-nums">{formatCount(data.total)}</span> {plural(data.total, "job")}
                </>
              ) : null}
            </p>
          </div>
          <Select
            value={queue}
            onValueChange={(value) => void setParams({ queue: value, page: null })}
          >
            <SelectTrigger className="w-full sm:w-56" aria-label="Filter by queue">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All queues</SelectItem>
              {overview.data?.map((q) => (
                <SelectItem key={q.job} value={q.job}>
                  {q.job}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>

        <ListState
          data={data}
          error={loadError("Failed jobs could not be loaded.", data ? null : failures.error)}
          skeleton={<FailuresSkeleton />}
          isEmpty={(d) => d.total === 0}
          empty={<EmptyState icon={CircleCheckIcon}>No failed jobs{queue === "all" ? "" : ` in ${queue}`}.</EmptyState>}
        >
          {(data) => (
            <ul className="divide-y rounded-lg border" aria-label="Failed jobs" aria-busy={failures.isFetching || undefined}>
              {data.items.map((failure) => (
                <FailureRow
                  key={failure.id}
                  failure={failure}
                  busy={retrying.has(failure.id)}
                  onRetry={() => void retryOne(failure)}
                />
              ))}
            </ul>
          )}
        </ListState>

        {data ? <ListPager page={data.page} pageCount={pageCount} onPageChange={(p) => void setParams({ page: p })} /> : null}
      </section>

      <ConfirmDialog
        open={confirmQueue !== null}
        onOpenChange={(open) => {
          if (!open) setConfirmQueue(null);
        }}
        title={`Retry all failed ${confirmQueue?.job ?? ""} jobs?`}
        description={
          confirmQueue
            ? `${formatCount(confirmQueue.failures)} ${confirmQueue.failures === 1 ? "job runs" : "jobs run"} again. Jobs are safe to repeat: nothing already stored is duplicated.`
            : undefined
        }
        confirmLabel="Retry all"
        destructive={false}
        onConfirm={() => (confirmQueue ? confirmRetryAll(confirmQueue) : undefined)}
      />
    </div>
  );
}

function FailureRow({ failure, busy, onRetry }: { failure: JobFailure; busy: boolean; onRetry: () => void }) {
  const payload = failure.data ? Object.entries(failure.data) : null;
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start">
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm font-medium">{failure.job}</span>
          {failure.kind === "dead" ? (
            <Badge variant="warning">Dead letter</Badge>
          ) : (
            <Badge variant="destructive">Failed</Badge>
          )}
          <span className="text-muted-foreground text-xs">
            <LocalTime value={failure.failedAt} format="relative" />
            {failure.kind === "failed" ? (
              <>
                {" "}
                · {failure.retryCount + 1} {failure.retryCount === 0 ? "attempt" : "attempts"}
              </>
            ) : null}
          </span>
        </div>
        <p className="text-destructive font-mono text-xs break-words whitespace-pre-wrap">
          {failure.error ?? "No error message was recorded."}
        </p>
        <p className="text-muted-foreground flex flex-wrap gap-x-3 gap-y-0.5 font-mono text-xs">
          {payload ? (
            payload.map(([key, value]) => (
              <span key={key} className="break-all">
                {key}: {String(value)}
              </span>
            ))
          ) : (
            <span>The payload no longer matches this job&apos;s definition.</span>
          )}
          <span className="break-all">id: {failure.id}</span>
        </p>
      </div>
      <Button
        variant="outline"
        size="sm"
        className="self-start"
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={onRetry}
        aria-label={`Retry ${failure.job} job ${failure.id}`}
      >
        {busy ? <Spinner aria-hidden /> : <RotateCwIcon aria-hidden="true" />}
        Retry
      </Button>
    </li>
  );
}

export function QueuesTableSkeleton() {
  return (
    <ListSkeleton
      label="Loading queues…"
      rows={5}
      className="rounded-lg border p-4"
      lines={["w-full"]}
      trailing={["h-5 w-10", "h-5 w-10", "hidden h-5 w-10 sm:block", "h-5 w-10", "h-8 w-32"]}
    />
  );
}

export function FailuresSkeleton() {
  return (
    <ListSkeleton
      label="Loading failed jobs…"
      rows={3}
      className="rounded-lg border p-4"
      rowClassName="items-start"
      lines={["w-1/3", "w-2/3", "w-1/2"]}
      trailing={["h-8 w-20"]}
    />
  );
}
