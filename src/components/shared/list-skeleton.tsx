import { Skeleton } from "~/components/ui/skeleton";
import { cn } from "~/lib/utils";

/**
 * Placeholder rows while a list loads, announced to screen readers by `label`
 * ("Loading calls…") unless the page around it already says so. Each row: an optional leading shape (avatar, checkbox), text lines of the
 * given widths, and trailing shapes (badges, buttons) shaped like the real row.
 */
export function ListSkeleton({
  label,
  rows,
  lead,
  lines = ["w-2/5", "w-1/4"],
  trailing = [],
  className,
  rowClassName,
}: {
  label?: string;
  rows: number;
  /** Classes of the leading shape, e.g. "size-8 rounded-full"; none when omitted. */
  lead?: string;
  /** Width classes of the text lines: the first is a title (h-4), the rest details (h-3). */
  lines?: string[];
  /** Classes of the shapes after the text, e.g. ["h-5 w-20", "hidden h-4 w-12 sm:block"]. */
  trailing?: string[];
  className?: string;
  rowClassName?: string;
}) {
  return (
    <div className={cn("space-y-1", className)} aria-busy="true">
      {label ? <span className="sr-only">{label}</span> : null}
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={cn("flex items-center gap-4 py-2", rowClassName)}>
          {lead ? <Skeleton className={lead} /> : null}
          <div className="flex-1 space-y-2">
            {lines.map((width, k) => (
              <Skeleton key={k} className={cn(k === 0 ? "h-4" : "h-3", width)} />
            ))}
          </div>
          {trailing.map((shape, k) => (
            <Skeleton key={k} className={shape} />
          ))}
        </div>
      ))}
    </div>
  );
}
