"use client";

import * as React from "react";

/**
 * How long typing must pause before a search runs: long enough that a query is not sent (and,
 * for call search, embedded) on every key, short enough to feel immediate.
 */
export const SEARCH_DEBOUNCE_MS = 300;

/** `value`, once it has stopped changing for `delayMs` (the first render gets it at once). */
export function useDebouncedValue<T>(value: T, delayMs: number = SEARCH_DEBOUNCE_MS): T {
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * A search box's text as a search: trimmed, once typing pauses; emptying the box applies at
 * once (showing everything again needs no wait).
 */
export function useDebouncedSearch(text: string, delayMs: number = SEARCH_DEBOUNCE_MS): string {
  const typed = text.trim();
  const debounced = useDebouncedValue(typed, delayMs);
  return typed === "" ? "" : debounced;
}
