"use client";

import { parseAsString, parseAsStringLiteral, useQueryStates } from "nuqs";

import { useDebouncedSearch } from "~/hooks/use-debounced-value";
import { pageParam, searchParam } from "~/hooks/url-state";

/** Columns contacts.list can sort by (it has no company sort, so Company is a plain header). */
export const SORTABLE = {
  name: { label: "Name", defaultDirection: "asc" },
  lastContactedAt: { label: "Last contacted", defaultDirection: "desc" },
  relationshipScore: { label: "Score", defaultDirection: "desc" },
  updatedAt: { label: "Updated", defaultDirection: "desc" },
} as const satisfies Record<string, { label: string; defaultDirection: "asc" | "desc" }>;
export type ServerSort = keyof typeof SORTABLE;
const SORT_KEYS = Object.keys(SORTABLE) as ServerSort[];

const contactsParams = {
  q: searchParam,
  tag: parseAsString.withDefault(""),
  company: parseAsString.withDefault(""),
  sort: parseAsStringLiteral(SORT_KEYS),
  dir: parseAsStringLiteral(["asc", "desc"] as const),
  page: pageParam,
};

/**
 * The contacts list's search, filters, sort and page, all in the URL (/contacts?q=ada&tag=work&page=2),
 * so a reload, a shared link or Back shows the same list. Filter and sort changes are history
 * entries; typing in the search box replaces the current one.
 */
export function useContactsParams() {
  const [params, setParams] = useQueryStates(contactsParams, { history: "push" });
  // The box shows every key; the list follows once typing pauses.
  const search = useDebouncedSearch(params.q);
  const filtered = search !== "" || params.tag !== "" || params.company !== "";

  return {
    /** What the search box shows. */
    text: params.q,
    /** The search the list runs (trimmed, debounced). */
    search,
    tag: params.tag,
    company: params.company,
    sort: params.sort ?? undefined,
    direction: params.dir ?? undefined,
    page: params.page,
    filtered,
    setText: (text: string) => void setParams({ q: text, page: null }, { history: "replace" }),
    setTag: (tag: string | null) => void setParams({ tag, page: null }),
    setCompany: (company: string | null) => void setParams({ company, page: null }),
    setSort: (sort: ServerSort, dir: "asc" | "desc") => void setParams({ sort, dir, page: null }),
    setPage: (page: number) => void setParams({ page }),
    clearFilters: () => void setParams({ q: null, tag: null, company: null, page: null }),
  };
}

export type ContactsParams = ReturnType<typeof useContactsParams>;
