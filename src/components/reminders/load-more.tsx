"use client";

import { Button } from "~/components/ui/button";
import { Spinner } from "~/components/ui/spinner";

/** "Load more" under a cursor-paged list: the next page is appended, the rows above stay put. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  label = "Load more",
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  label?: string;
}) {
  if (!hasMore) return null;
  return (
    <div className="flex justify-center pt-2">
      <Button type="button" variant="outline" size="sm" onClick={onLoad} disabled={loading} aria-busy={loading || undefined}>
        {loading ? <Spinner aria-hidden="true" /> : null}
        {label}
      </Button>
    </div>
  );
}
