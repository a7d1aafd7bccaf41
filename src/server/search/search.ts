import type { CountryCode } from "libphonenumber-js";
import type { z } from "zod";
import type { Db } from "~/server/db";
import type { Embedder } from "~/server/providers/types";
import { queryVector } from "./calls";
import { fuseRankings, type Fused } from "./fusion";
import { isEmptyQuery, parseSearchQuery, type SearchQuery } from "./query";
import { SEARCH_QUERY_MAX, SEARCH_TYPES, type SearchGroup, type SearchHit, type searchQueryInput, type SearchResult, type SearchType } from "./schemas";
import { callSource } from "./sources/calls";
import { contactSource } from "./sources/contacts";
import { eventSource } from "./sources/events";
import { messageSource } from "./sources/messages";
import { reminderSource } from "./sources/reminders";
import { rankByMeaning } from "./sources/meaning";
import type { Ranking, SearchMethod, SearchSource, SourceContext } from "./sources/source";
import { taskSource } from "./sources/tasks";

const SOURCES: Readonly<Record<SearchType, SearchSource>> = {
  contact: contactSource,
  call: callSource,
  message: messageSource,
  task: taskSource,
  event: eventSource,
  reminder: reminderSource,
};

/** Rows each ranking contributes before fusion: enough to fuse well, and to page through in "list" mode. */
const MIN_CANDIDATES = 100;
/**
 * Neighbours by meaning, across the types, in "grouped" mode (the palette shows five of each
 * type): enough to reach each type's top few; an HNSW scan costs with the rows it must find.
 */
const GROUPED_NEAREST = 60;
/** "list" mode pages past this many hits of one ranking find nothing more. */
const MAX_CANDIDATES = 1_000;

export interface SearchDeps {
  db: Db;
  providers: { embedder: Embedder };
  now?: () => Date;
  /**
   * Which rankings are fused: all of them ("hybrid", the product), or only one method's (the
   * `search-quality` benchmark's baselines). Not offered to clients.
   */
  methods?: SearchMethod | "hybrid";
}

/**
 * "Search everything" (issue 14): the user's contacts, calls, messages, tasks, calendar events
 * and reminders that match `input.q`. Each type ranks its rows several ways (full text on a
 * weighted tsvector, a phone number's digits, an email's start, trigram similarity of names, the
 * meaning of a call; see sources/*), and every ranking of every type is fused by weighted
 * reciprocal rank with per-type boosts (fusion.ts), so one score orders hits within and across
 * types. "grouped": the best `limit` of each type with hits; "list": one ranked list, paged.
 * Every query is scoped to `userId`. Input that no matcher can use (empty, only punctuation or
 * emoji) returns no hits without touching the database.
 */
export async function searchEverything(deps: SearchDeps, userId: string, input: z.output<typeof searchQueryInput>): Promise<SearchResult> {
  const q = input.q.trim().slice(0, SEARCH_QUERY_MAX);
  const none: SearchResult = { q, groups: [], hits: [], hasMore: false };
  if (!q) return none;
  const user = await deps.db.user.findUnique({ where: { id: userId }, select: { defaultRegion: true, timezone: true } });
  if (!user) return none;
  const region = (user.defaultRegion || "US") as CountryCode;
  const query = parseSearchQuery(q, region);
  if (isEmptyQuery(query)) return none;

  const methods = deps.methods ?? "hybrid";
  const meaningful = methods !== "text" && hasMeaning(query);
  const types = input.types ? SEARCH_TYPES.filter((type) => input.types!.includes(type)) : [...SEARCH_TYPES];
  const wanted = input.mode === "list" ? input.page * input.limit + 1 : input.limit + 1;
  const ctx: SourceContext = {
    db: deps.db,
    embedder: deps.providers.embedder,
    userId,
    query,
    region,
    timeZone: user.timezone || "UTC",
    now: deps.now?.() ?? new Date(),
    // Asked once, while the text rankings run (a round trip to Voyage).
    queryVector: meaningful ? queryVector(deps.providers.embedder, query.text) : Promise.resolve(null),
    candidates: Math.min(MAX_CANDIDATES, Math.max(MIN_CANDIDATES, wanted)),
    nearest: input.mode === "list" ? Math.min(MAX_CANDIDATES, Math.max(2 * MIN_CANDIDATES, wanted)) : GROUPED_NEAREST,
  };

  const used = (rankings: Ranking[]) => (methods === "hybrid" ? rankings : rankings.filter((ranking) => ranking.method === methods));
  const [ranked, byMeaning] = await Promise.all([Promise.all(types.map((type) => SOURCES[type].rank(ctx))), rankByMeaning(ctx, types)]);
  const byType = fuseRankings(new Map(types.map((type, index) => [type, used([...ranked[index]!, ...(byMeaning.get(type) ?? [])])])));

  if (input.mode === "list") {
    // One order across types: score, then the type's place in SEARCH_TYPES, then its own rank.
    const all = types.flatMap((type) => byType.get(type)!);
    all.sort((a, b) => b.score - a.score || SEARCH_TYPES.indexOf(a.type) - SEARCH_TYPES.indexOf(b.type));
    const start = (input.page - 1) * input.limit;
    const shown = all.slice(start, start + input.limit);
    const hits = await withDetails(ctx, shown);
    return { q, groups: [], hits, hasMore: all.length > start + input.limit };
  }

  const shown = types.flatMap((type) => byType.get(type)!.slice(0, input.limit));
  const hits = await withDetails(ctx, shown);
  const groups: SearchGroup[] = [];
  for (const type of types) {
    const ofType = hits.filter((hit) => hit.type === type);
    if (ofType.length) groups.push({ type, hits: ofType, more: byType.get(type)!.length > input.limit });
  }
  return { q, groups, hits: [], hasMore: false };
}

/** Meaning needs a word: not a phone number, nor the first letter or two of a word while typing. */
export function hasMeaning(query: SearchQuery): boolean {
  return !query.phoneDigits && query.words.some((word) => /\p{L}{3}/u.test(word));
}

/** The hits of `shown`, in its order, with each type's display (rows deleted meanwhile drop out). */
async function withDetails(ctx: SourceContext, shown: Fused[]): Promise<SearchHit[]> {
  const types = SEARCH_TYPES.filter((type) => shown.some((row) => row.type === type));
  const details = await Promise.all(
    types.map((type) => {
      const rows = shown.filter((row) => row.type === type);
      return SOURCES[type].details(
        ctx,
        rows.map((row) => row.id),
        new Map(rows.map((row) => [row.id, row.matchedBy])),
      );
    }),
  );
  const byType = new Map(types.map((type, index) => [type, details[index]!]));
  const hits: SearchHit[] = [];
  for (const row of shown) {
    const detail = byType.get(row.type)?.get(row.id);
    if (detail) hits.push({ ...detail, type: row.type, score: row.score });
  }
  return hits;
}
