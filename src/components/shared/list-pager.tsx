import {
  Pagination,
  PaginationContent,
  PaginationItem,
  PaginationNext,
  PaginationPrevious,
} from "~/components/ui/pagination";
import { Button } from "~/components/ui/button";
import { cn } from "~/lib/utils";

/** How many pages `total` items fill (at least one, so an empty list is "page 1 of 1"). */
export function pageCountOf(total: number, pageSize: number) {
  return Math.max(1, Math.ceil(total / pageSize));
}

type ListPagerProps = {
  page: number;
  pageCount: number;
  onPageChange: (page: number) => void;
  className?: string;
} & (
  | { compact?: false }
  /** A narrow column's pager (the Messages thread list): two worded buttons and "2 / 5". */
  | { compact: true; previousLabel: string; nextLabel: string }
);

/** Previous / "Page 2 of 5" / Next under a paged list; nothing when everything fits on one page. */
export function ListPager(props: ListPagerProps) {
  const { page, pageCount, onPageChange, className } = props;
  if (pageCount <= 1) return null;
  const previous = () => onPageChange(Math.max(1, page - 1));
  const next = () => onPageChange(Math.min(pageCount, page + 1));

  if (props.compact) {
    return (
      <div className={cn("flex items-center justify-between border-t p-2 text-sm", className)}>
        <Button variant="ghost" size="sm" disabled={page <= 1} onClick={previous}>
          {props.previousLabel}
        </Button>
        <span className="text-muted-foreground text-xs">
          {page} / {pageCount}
        </span>
        <Button variant="ghost" size="sm" disabled={page >= pageCount} onClick={next}>
          {props.nextLabel}
        </Button>
      </div>
    );
  }

  return (
    <Pagination className={className}>
      <PaginationContent>
        <PaginationItem>
          <PaginationPrevious disabled={page <= 1} onClick={previous} />
        </PaginationItem>
        <PaginationItem>
          <span className="text-muted-foreground px-2 text-sm whitespace-nowrap">
            Page {page} of {pageCount}
          </span>
        </PaginationItem>
        <PaginationItem>
          <PaginationNext disabled={page >= pageCount} onClick={next} />
        </PaginationItem>
      </PaginationContent>
    </Pagination>
  );
}
