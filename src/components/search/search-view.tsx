"use client";

import * as React from "react";
import Link from "next/link";
import { keepPreviousData } from "@tanstack/react-query";
import { parseAsStringLiteral, useQueryStates } from "nuqs";
import { SearchIcon, SearchXIcon } from "lucide-react";

import { api } from "~/trpc/react";
import { SEARCH_INPUT_MAX, type SearchHit } from "~/server/search/schemas";
import { pageParam, searchParam } from "~/hooks/url-state";
import { useDebouncedSearch } from "~/hooks/use-debounced-value";
import { Input } from "~/components/ui/input";
import { Pagination, PaginationContent, PaginationItem, PaginationNext, PaginationPrevious } from "~/components/ui/pagination";
import { Spinner } from "~/components/ui/spinner";
import { ToggleGroup, ToggleGroupItem } from "~/components/ui/toggle-group";
import { LocalTime } from "~/components/local-time";
import { EmptyState } from "~/components/shared/empty-state";
import { Highlighted } from "~/components/shared/highlighted";
import { ListSkeleton } from "~/components/shared/list-skeleton";
import { ListState, loadError } from "~/components/shared/list-state";
import { HitIcon, HitOffset } from "./hit-parts";
import { rememberRecent } from "./recent-items";
import { SEARCH_AS_YOU_TYPE_MS, SEARCH_PAGE_SIZE, SEARCH_TYPE_META, SEARCH_TYPES } from "./search-meta";

/** /search?q=renewal&type=call&page=2: the query, the one type shown (none: all) and the page. */
const searchUrlParams = {
  q: searchParam,
  type: parseAsStringLiteral(SEARCH_TYPES),
  page: pageParam,
};

/** Everything that matches, ranked across types, with a type filter and pages. */
export function SearchView({ userKey }: { userKey: string }) {
  const [params, setParams] = useQueryStates(searchUrlParams, { history: "push" });
  const q = useDebouncedSearch(params.q, SEARCH_AS_YOU_TYPE_MS);
  const { type, page } = params;
  const query = api.search.query.useQuery(
    { q, types: type ? [type] : undefined, mode: "list", limit: SEARCH_PAGE_SIZE, page },
    { enabled: q !== "", placeholderData: keepPreviousData, staleTime: 30_000 },
  );
  const data = q === "" ? undefined : query.data;
  const searching = q !== "" && query.isFetching;

  const topRef = React.useRef<HTMLDivElement>(null);
  function changePage(next: number) {
    void setParams({ page: next === 1 ? null : next });
    topRef.current?.scrollIntoView({ block: "start" });
  }

  return (
    <div className="space-y-6" ref={topRef}>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
        <p className="text-muted-foreground text-sm">
          Contacts, calls (to the second something was said), messages, tasks, events and reminders.
        </p>
      </div>

      <div className="space-y-3">
        <div className="relative sm:max-w-xl">
          <SearchIcon className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden="true" />
          <Input
            type="search"
            aria-label="Search everything"
            placeholder="A name, a number, something that was said…"
            className="pr-8 pl-8"
            autoFocus={params.q === ""}
            maxLength={SEARCH_INPUT_MAX}
            value={params.q}
            onChange={(event) => void setParams({ q: event.target.value, page: null }, { history: "replace" })}
          />
          {searching ? <Spinner className="text-muted-foreground absolute top-1/2 right-2.5 -translate-y-1/2" aria-hidden /> : null}
        </div>
        <ToggleGroup
          type="single"
          variant="outline"
          size="sm"
          aria-label="Show"
          value={type ?? "all"}
          onValueChange={(value) => {
            // Clicking the pressed item again would clear the group: it stays as it is.
            if (!value) return;
            void setParams({ type: value === "all" ? null : (value as (typeof SEARCH_TYPES)[number]), page: null });
          }}
          // One row that scrolls sideways on a phone (wrapped rows would break the joined borders).
          className="max-w-full overflow-x-auto"
        >
          <ToggleGroupItem value="all" className="flex-none px-3">
            All
          </ToggleGroupItem>
          {SEARCH_TYPES.map((value) => {
            const Icon = SEARCH_TYPE_META[value].icon;
            return (
              <ToggleGroupItem key={value} value={value} className="flex-none gap-1.5 px-3">
                <Icon aria-hidden="true" />
                {SEARCH_TYPE_META[value].plural}
              </ToggleGroupItem>
            );
          })}
        </ToggleGroup>
      </div>

      <span className="sr-only" role="status" aria-live="polite">
        {searching ? "Searching…" : data ? resultsText(data.hits.length, data.hasMore, page) : ""}
      </span>

      {q === "" ? (
        <EmptyState icon={SearchIcon}>
          Type something to search your contacts, calls, messages, tasks, events and reminders. Anywhere in
          Switchboard, ⌘K, Ctrl+K or / opens quick search.
        </EmptyState>
      ) : (
        <ListState
          data={data}
          error={data ? null : loadError("Search failed.", query.error)}
          skeleton={<ListSkeleton label="Searching…" rows={6} lead="size-8 rounded-md" lines={["w-1/3", "w-3/4"]} trailing={["hidden h-3 w-20 sm:block"]} />}
          isEmpty={(result) => result.hits.length === 0}
          empty={
            <EmptyState icon={SearchXIcon}>
              {page > 1 ? (
                <>
                  No more results for “{data?.q ?? q}”.{" "}
                  <button type="button" className="text-foreground font-medium underline underline-offset-4" onClick={() => changePage(1)}>
                    Back to the first page
                  </button>
                </>
              ) : (
                <>
                  No {type ? SEARCH_TYPE_META[type].plural.toLowerCase() : "results"} for “{data?.q ?? q}”.
                  {type ? (
                    <>
                      {" "}
                      <button
                        type="button"
                        className="text-foreground font-medium underline underline-offset-4"
                        onClick={() => void setParams({ type: null, page: null })}
                      >
                        Search everything
                      </button>
                    </>
                  ) : null}
                </>
              )}
            </EmptyState>
          }
        >
          {(result) => (
            <div className="space-y-4">
              <ol className={searching ? "opacity-70 transition-opacity" : undefined} aria-label="Results" data-testid="search-results">
                {result.hits.map((hit, index) => (
                  <li key={`${hit.type}:${hit.id}:${hit.seconds ?? ""}:${index}`}>
                    <HitRow hit={hit} onOpen={() => rememberRecent(userKey, hit)} />
                  </li>
                ))}
              </ol>
              {page > 1 || result.hasMore ? (
                <Pagination>
                  <PaginationContent>
                    <PaginationItem>
                      <PaginationPrevious disabled={page <= 1} onClick={() => changePage(page - 1)} />
                    </PaginationItem>
                    <PaginationItem>
                      <span className="text-muted-foreground px-2 text-sm whitespace-nowrap">Page {page}</span>
                    </PaginationItem>
                    <PaginationItem>
                      <PaginationNext disabled={!result.hasMore} onClick={() => changePage(page + 1)} />
                    </PaginationItem>
                  </PaginationContent>
                </Pagination>
              ) : null}
            </div>
          )}
        </ListState>
      )}
    </div>
  );
}

function resultsText(count: number, hasMore: boolean, page: number) {
  if (count === 0) return "No results.";
  return `${count}${hasMore ? "+" : ""} ${count === 1 ? "result" : "results"}${page > 1 ? ` on page ${page}` : ""}.`;
}

/** One hit: its type, title and second line, the matched words, and when it happened. */
function HitRow({ hit, onOpen }: { hit: SearchHit; onOpen: () => void }) {
  const meta = SEARCH_TYPE_META[hit.type];
  return (
    <Link
      href={hit.href}
      onClick={onOpen}
      className="hover:bg-accent focus-visible:ring-ring/50 -mx-2 flex items-start gap-3 rounded-md px-2 py-3 outline-none focus-visible:ring-[3px]"
      data-testid="search-hit"
      data-type={hit.type}
    >
      <HitIcon type={hit.type} className="mt-0.5" />
      <div className="min-w-0 flex-1 space-y-0.5">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
          <span className="truncate font-medium">{hit.title}</span>
          {hit.seconds !== null ? <HitOffset seconds={hit.seconds} /> : null}
          <span className="text-muted-foreground text-xs">{meta.label}</span>
        </div>
        {hit.subtitle ? <p className="text-muted-foreground truncate text-sm">{hit.subtitle}</p> : null}
        {hit.snippet ? (
          <p className="line-clamp-2 text-sm" data-testid="search-snippet">
            <Highlighted text={hit.snippet} />
          </p>
        ) : null}
      </div>
      {hit.at ? <LocalTime value={hit.at} format="date" className="text-muted-foreground shrink-0 pt-0.5 text-xs whitespace-nowrap" /> : null}
    </Link>
  );
}
