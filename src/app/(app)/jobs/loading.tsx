import { Skeleton } from "~/components/ui/skeleton";
import { FailuresSkeleton, QueuesTableSkeleton } from "~/components/jobs/jobs-view";

export default function JobsLoading() {
  return (
    <div className="space-y-8" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading jobs…</span>
      <div className="space-y-2">
        <Skeleton className="h-7 w-20" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-3">
        <Skeleton className="h-6 w-24" />
        <QueuesTableSkeleton />
      </div>
      <div className="space-y-3">
        <Skeleton className="h-6 w-32" />
        <FailuresSkeleton />
      </div>
    </div>
  );
}
