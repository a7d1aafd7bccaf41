import { Skeleton } from "~/components/ui/skeleton";
import { ListSkeleton } from "~/components/shared/list-skeleton";

export default function SearchLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading search…</span>
      <div className="space-y-2">
        <Skeleton className="h-7 w-24" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-3">
        <Skeleton className="h-9 w-full sm:max-w-xl" />
        <Skeleton className="h-8 w-full max-w-2xl" />
      </div>
      <ListSkeleton rows={6} lead="size-8 rounded-md" lines={["w-1/3", "w-3/4"]} trailing={["hidden h-3 w-20 sm:block"]} />
    </div>
  );
}
