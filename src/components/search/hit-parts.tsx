import { PlayIcon } from "lucide-react";

import { cn } from "~/lib/utils";
import { formatDuration } from "~/lib/format";
import { SEARCH_TYPE_META, type SearchType } from "./search-meta";

/** A hit's type as its sidebar icon in a soft square. */
export function HitIcon({ type, className }: { type: SearchType; className?: string }) {
  const Icon = SEARCH_TYPE_META[type].icon;
  return (
    <span
      className={cn("bg-muted text-muted-foreground flex size-8 shrink-0 items-center justify-center rounded-md", className)}
      aria-hidden="true"
    >
      <Icon className="size-4" />
    </span>
  );
}

/** "▶ 0:17": where in the call a transcript hit was said (the call opens playing from there). */
export function HitOffset({ seconds, className }: { seconds: number; className?: string }) {
  return (
    <span
      className={cn(
        "bg-primary/10 text-primary inline-flex shrink-0 items-center gap-1 rounded px-1.5 py-0.5 text-[11px] font-medium tabular-nums",
        className,
      )}
      title={`Said at ${formatDuration(seconds)} into the call`}
    >
      <PlayIcon className="text-primary size-3 fill-current" aria-hidden="true" />
      <span className="sr-only">at </span>
      {formatDuration(seconds)}
    </span>
  );
}
