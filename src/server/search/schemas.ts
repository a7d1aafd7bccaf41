import { z } from "zod";

/**
 * The contract of "search everything" (issue 14): `search.query` over the signed-in user's
 * contacts, calls, messages, tasks, calendar events and reminders. Pure zod and types, so the ⌘K
 * palette and the /search page import it (UI code may import `~/server/<domain>/schemas` only).
 */

export const SEARCH_TYPES = ["contact", "call", "message", "task", "event", "reminder"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Longer queries are cut here (a pasted page is searched by its start, never refused). */
export const SEARCH_QUERY_MAX = 500;
/** Accepted from the client before cutting: anything longer is refused as malformed. */
export const SEARCH_INPUT_MAX = 10_000;

export const searchQueryInput = z.object({
  /** What the user typed; trimmed, cut to SEARCH_QUERY_MAX. Empty or only punctuation: no hits, no error. */
  q: z
    .string()
    .max(SEARCH_INPUT_MAX, `At most ${SEARCH_INPUT_MAX.toLocaleString("en-US")} characters.`)
    .transform((q) => q.trim().slice(0, SEARCH_QUERY_MAX)),
  /** Only these types (default: all). */
  types: z.array(z.enum(SEARCH_TYPES)).min(1).max(SEARCH_TYPES.length).optional(),
  /** Hits per type in "grouped" mode (the palette), or per page in "list" mode (the /search page). */
  limit: z.number().int().min(1).max(50).default(5),
  /** "grouped": the best `limit` of each type. "list": one ranked list across the chosen types, paged. */
  mode: z.enum(["grouped", "list"]).default("grouped"),
  /** 1-based page, "list" mode only. */
  page: z.number().int().min(1).max(1_000).default(1),
});
export type SearchQueryInput = z.input<typeof searchQueryInput>;

export interface SearchHit {
  type: SearchType;
  id: string;
  /** The row's name: a contact's name, a call's counterpart and date, a task's title, ... */
  title: string;
  /** A second line: company, phone, due date, the thread's counterpart, ... (null: none). */
  subtitle: string | null;
  /**
   * Words around the match, with the matched words between HIGHLIGHT_START and HIGHLIGHT_END of
   * ~/lib/highlight (control characters: the client renders text, never HTML). Null: the title
   * itself matched.
   */
  snippet: string | null;
  /** Where the hit opens: /contacts/<id>, /calls/<id>?t=<seconds>, /messages?thread=..., ... */
  href: string;
  /** A transcript hit: the second of the call where the matched words were said. */
  seconds: number | null;
  /** When it happened or is due (calls, messages, events, tasks, reminders); null: not dated. */
  at: Date | null;
  /** Fused score (higher is better); only the order means anything. */
  score: number;
}

export interface SearchGroup {
  type: SearchType;
  hits: SearchHit[];
  /** More hits of this type exist than were returned. */
  more: boolean;
}

export interface SearchResult {
  /** The query as searched (trimmed and cut). */
  q: string;
  /** "grouped" mode: one group per type with hits, in SEARCH_TYPES order. */
  groups: SearchGroup[];
  /** "list" mode: this page of the ranked list across types. */
  hits: SearchHit[];
  /** "list" mode: another page exists. */
  hasMore: boolean;
}
