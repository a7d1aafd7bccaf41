import {
  BellRingIcon,
  CalendarDaysIcon,
  ListTodoIcon,
  MessageSquareIcon,
  PhoneIcon,
  UserIcon,
  type LucideIcon,
} from "lucide-react";

import { SEARCH_TYPES, type SearchType } from "~/server/search/schemas";

export { SEARCH_TYPES, type SearchType };

/**
 * How long typing must pause before a search-as-you-type runs (the /search box, the palette's
 * contact picker; the palette's own search waits for none, see PALETTE_DEBOUNCE_MS). Shorter than
 * the lists' SEARCH_DEBOUNCE_MS: these should feel instant, and search.query is built for it.
 */
export const SEARCH_AS_YOU_TYPE_MS = 120;

/**
 * The ⌘K palette waits for no pause in typing: it searches each new text at once while none of
 * its searches is in flight, else the newest text as soon as the one in flight answers
 * (useSearchWhenIdle). A fixed debounce added its whole delay to every result and still let
 * outdated searches queue up on the database behind a slow one (scripts/bench/search-keystroke.ts).
 */
export const PALETTE_DEBOUNCE_MS = 0;

/** Hits per type in the palette. */
export const PALETTE_LIMIT = 5;
/** Hits per page on /search. */
export const SEARCH_PAGE_SIZE = 20;

export interface SearchTypeMeta {
  /** "Contact": a badge on one hit. */
  label: string;
  /** "Contacts": a group's heading, a filter. */
  plural: string;
  icon: LucideIcon;
}

/** Each type's words and icon (the icons are the sidebar's, so a hit looks like where it opens). */
export const SEARCH_TYPE_META: Record<SearchType, SearchTypeMeta> = {
  contact: { label: "Contact", plural: "Contacts", icon: UserIcon },
  call: { label: "Call", plural: "Calls", icon: PhoneIcon },
  message: { label: "Message", plural: "Messages", icon: MessageSquareIcon },
  task: { label: "Task", plural: "Tasks", icon: ListTodoIcon },
  event: { label: "Event", plural: "Events", icon: CalendarDaysIcon },
  reminder: { label: "Reminder", plural: "Reminders", icon: BellRingIcon },
};

export function isSearchType(value: unknown): value is SearchType {
  return typeof value === "string" && (SEARCH_TYPES as readonly string[]).includes(value);
}

/** The full results page: /search?q=…(&type=…). */
export function searchPageHref(q: string, type?: SearchType | null) {
  const params = new URLSearchParams({ q: q.trim() });
  if (type) params.set("type", type);
  return `/search?${params.toString()}`;
}
