"use client";

import * as React from "react";
import { cn } from "~/lib/utils";
import { Skeleton } from "~/components/ui/skeleton";

/** Pieces the palette's result lists share (search results and the contact picker). */

/**
 * Selects the first item whenever the list's items change under the selection (new results
 * arrived, the mode changed): Enter then opens the best match, never a row that is gone.
 */
export function useFirstSelected(items: string[], selected: string, onSelect: (value: string) => void, resetKey: string) {
  const lastReset = React.useRef<string | null>(null);
  const joined = items.join("\n");
  React.useEffect(() => {
    const first = items[0] ?? "";
    if (lastReset.current !== resetKey || !items.includes(selected)) {
      lastReset.current = resetKey;
      if (selected !== first) onSelect(first);
    }
    // `joined` stands for `items`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [joined, resetKey, selected, onSelect]);
}

/**
 * Search as you type with one search in flight: sends `typed` (trimmed) at once, or after
 * `delayMs` without typing, while no search is in flight; while one is, waits for its answer and
 * then sends the newest text (texts typed meanwhile are skipped, never queued). Emptying the box
 * applies at once. `sent` and `send` are the caller's state of the text its query runs for.
 */
export function useSearchWhenIdle(typed: string, sent: string, send: (text: string) => void, inFlight: boolean, delayMs = 0) {
  React.useEffect(() => {
    if (typed === sent || (typed !== "" && inFlight)) return;
    if (typed === "" || delayMs <= 0) {
      send(typed);
      return;
    }
    const timer = setTimeout(() => send(typed), delayMs);
    return () => clearTimeout(timer);
  }, [typed, sent, send, inFlight, delayMs]);
}

export function ResultsSkeleton() {
  return (
    <div className="space-y-1 p-2" aria-busy="true">
      <span className="sr-only" role="status">
        Searching…
      </span>
      <Skeleton className="mx-2 mt-1 mb-2 h-3 w-16" />
      {[0, 1, 2].map((row) => (
        <div key={row} className="flex items-center gap-3 px-2 py-1.5">
          <Skeleton className="size-8 rounded-md" />
          <div className="flex-1 space-y-1.5">
            <Skeleton className={cn("h-3.5", row === 1 ? "w-1/3" : "w-2/5")} />
            <Skeleton className="h-3 w-3/5" />
          </div>
        </div>
      ))}
    </div>
  );
}
