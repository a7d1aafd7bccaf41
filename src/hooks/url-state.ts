"use client";

import * as React from "react";
import { format, isValid, parse } from "date-fns";
import { createParser, parseAsString, useQueryState, useQueryStates } from "nuqs";

import { api } from "~/trpc/react";
import { contactDisplayName } from "~/lib/contact-name";

/**
 * Parsers for list views' URL state (nuqs). Defaults are left out of the URL, so an unfiltered
 * list is its bare path (/contacts, /calls).
 */

/** `?page=3`: a page number from 1; anything else (0, -2, "x") is page 1. */
export const pageParam = createParser({
  parse: (value) => {
    const page = Math.floor(Number(value));
    return Number.isFinite(page) && page >= 1 ? page : null;
  },
  serialize: (page) => String(page),
}).withDefault(1);

/**
 * `?q=…`: a search box's text as typed (spaces kept while typing); text that is only spaces
 * counts as no search and leaves the URL.
 */
export const searchParam = createParser({
  parse: (value) => value,
  serialize: (value) => value,
  eq: (a, b) => a.trim() === b.trim(),
}).withDefault("");

/** `?from=2026-03-01`: a calendar day, as the user's local midnight (date pickers work in local days). */
export const localDateParam = createParser({
  parse: (value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    const day = parse(value, "yyyy-MM-dd", new Date());
    return isValid(day) ? day : null;
  },
  serialize: (day) => format(day, "yyyy-MM-dd"),
  eq: (a, b) => a.getTime() === b.getTime(),
});

export interface UrlContact {
  id: string;
  label: string;
}

/**
 * A contact filter kept in the URL as its id (`?contactId=…`). The label comes from the pick,
 * from `initial` (the page resolved it on the server), or, for an id reached another way (Back),
 * from the server. Setting it returns the list to its first page through `onChange`.
 */
export function useUrlContact(key: string, initial: UrlContact | null) {
  const [id, setId] = useQueryState(key, parseAsString.withOptions({ history: "push" }));
  const [known, setKnown] = React.useState<UrlContact | null>(initial);
  const lookup = api.contacts.get.useQuery(
    { id: id ?? "" },
    { enabled: !!id && known?.id !== id, retry: false, staleTime: 60_000 },
  );
  const contact: UrlContact | null = !id
    ? null
    : known?.id === id
      ? known
      : { id, label: lookup.data ? contactDisplayName(lookup.data.contact) : "" };
  const setContact = React.useCallback(
    (next: UrlContact | null) => {
      setKnown(next);
      return setId(next?.id ?? null);
    },
    [setId],
  );
  return [contact, setContact] as const;
}


/**
 * Drops a link's one-off instructions (/tasks?contactId=…&new=1, /tasks?task=…) from the URL once
 * the page has followed them (`followed`), replacing the history entry so a reload or Back does
 * not repeat them. `keys` must not change between renders.
 */
export function useDropUrlKeys(keys: readonly string[], followed: boolean) {
  const parsers = React.useMemo(() => Object.fromEntries(keys.map((key) => [key, parseAsString])), [keys]);
  const [values, setKeys] = useQueryStates(parsers, { history: "replace" });
  // Present again after a client navigation to the same page (see useUrlKeyArrivals): dropped again.
  const present = Object.values(values).some((value) => value !== null);
  React.useEffect(() => {
    if (followed && present) void setKeys(Object.fromEntries(keys.map((key) => [key, null])));
  }, [followed, present, keys, setKeys]);
}

/**
 * A link's one-off instruction (`?new=1`, `?task=<id>`) reached by a client navigation while its
 * page is already open (the ⌘K palette's "New task" on /tasks): the view stays mounted, so the
 * state it started from (the server-read `openNew`, `initialTask`) does not follow it. Calls
 * `onArrive(value)` each time `key` takes a new value after the first render, and on the first
 * render too with `initial` (an instruction only the client reads); useDropUrlKeys then drops it.
 */
export function useUrlKeyArrivals(key: string, onArrive: (value: string) => void, { initial = false }: { initial?: boolean } = {}) {
  const [value] = useQueryState(key, parseAsString);
  const seen = React.useRef<string | null>(initial ? null : value);
  const arrive = React.useEffectEvent(onArrive);
  React.useEffect(() => {
    if (value !== null && value !== seen.current) arrive(value);
    seen.current = value;
  }, [value]);
}

/** `?new=1` (or `true`) arriving while the page is open: see useUrlKeyArrivals. */
export function useNewFlagArrivals(onArrive: () => void) {
  useUrlKeyArrivals("new", (value) => {
    if (value === "1" || value === "true") onArrive();
  });
}
