import type { CountryCode } from "libphonenumber-js";
import type { Db } from "~/server/db";
import type { Embedder } from "~/server/providers/types";
import type { SearchQuery } from "../query";
import type { SearchHit, SearchType } from "../schemas";

/** How a ranking matches; `search-quality` compares each alone with both fused ("hybrid"). */
export type SearchMethod = "text" | "vector";

/** What every source needs to search one type of the user's rows. */
export interface SourceContext {
  db: Db;
  embedder: Embedder;
  userId: string;
  query: SearchQuery;
  /** The user's region (numbers shown national there) and time zone (dates in subtitles). */
  region: CountryCode;
  timeZone: string;
  now: Date;
  /**
   * The query's vector from the embedder (asked once per search, while the text rankings run), or
   * null: no word long enough to mean something, a phone number, or the embedder failing (the
   * other rankings still find rows).
   */
  queryVector: Promise<number[] | null>;
  /** Rows each ranking returns at most. */
  candidates: number;
  /** Rows the ranking by meaning returns at most, across the types (sources/meaning.ts). */
  nearest: number;
}

/** One way of ordering a type's matches (full text, a number, meaning, ...), best first. */
export interface Ranking {
  /** Names the matcher, for the hit's snippet ("phone", "email", "words", ...). */
  name: string;
  /** Words, numbers, addresses and spellings ("text"), or meaning (the embeddings, "vector"). */
  method: SearchMethod;
  /** Its weight in the fusion, before the type's boost (1: an ordinary ranking). */
  weight: number;
  ids: string[];
  /**
   * For a ranking by meaning: each id's cosine distance to the query (same order). Fusion merges
   * such rankings across types by distance (fusion.ts).
   */
  distances?: number[];
}

export type HitDetails = Omit<SearchHit, "score" | "type">;

/**
 * One type of searchable rows: its rankings, and the display of the rows that made the cut
 * (`matchedBy`: the names of the rankings each id appeared in).
 */
export interface SearchSource {
  type: SearchType;
  rank(ctx: SourceContext): Promise<Ranking[]>;
  details(ctx: SourceContext, ids: string[], matchedBy: Map<string, Set<string>>): Promise<Map<string, HitDetails>>;
}
