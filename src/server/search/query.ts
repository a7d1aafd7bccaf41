import type { CountryCode } from "libphonenumber-js";
import { Prisma } from "~/generated/prisma/client";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "~/lib/highlight";
import { toE164 } from "~/server/contacts/normalize";

/**
 * What a search box's text means to each matcher: its words (for full text), its digits (when it
 * reads as a phone number), an email or the start of one, and the text for trigram similarity.
 * Only words made of letters, digits and combining marks reach PostgreSQL's tsquery functions, so
 * no punctuation the user types (`& | ! ( ) : * <-> ' " \`) is ever read as tsquery syntax; every
 * value is bound as a parameter.
 */

/** Words beyond these are ignored (a pasted paragraph is searched by its start). */
const MAX_WORDS = 16;
/** A longer "word" (a pasted token) is cut. */
const MAX_WORD_LENGTH = 64;
/** The last word matches as a prefix ("joh" finds John) from this length. */
const MIN_PREFIX_LENGTH = 2;
/** A number search needs this many digits (fewer would match most numbers). */
const MIN_PHONE_DIGITS = 4;
/** Email matching from this length. */
const MIN_EMAIL_LENGTH = 3;
/** Typo-tolerant name matching needs this many letters. */
const MIN_FUZZY_LETTERS = 3;
/** Trigram pieces of one word used to narrow the typo-tolerant candidates. */
const MAX_FUZZY_PIECES = 24;
/** A query of more words is not a name: no typo-tolerant name matching. */
const MAX_FUZZY_WORDS = 3;

export type TextSearchConfig = "simple" | "english";

export interface SearchQuery {
  /** The query as searched (trimmed and cut by searchQueryInput), control characters as spaces. */
  text: string;
  /** Lower-cased words (letters, digits, marks), at most MAX_WORDS. */
  words: string[];
  /** The digits of a query that reads as a phone number (digits, spaces, + - . ( ) /), or null. */
  phoneDigits: string | null;
  /** The same in E.164 in the user's region when it parses as one, or null. */
  phoneE164: string | null;
  /** A query without spaces that could be an email or its start, lower-cased, or null. */
  email: string | null;
  /**
   * The words for trigram similarity (letters only, ≥ MIN_FUZZY_LETTERS in all, at most
   * MAX_FUZZY_WORDS words: a name), or null.
   */
  fuzzy: string | null;
  /**
   * Per fuzzy word of three letters or more, three-letter pieces of it and of its one-typo
   * variants: a name within typo distance of the word almost always has one, so
   * `name ~* '(piece|piece|…)'` for every word narrows the candidates before similarity() runs.
   * Letters only (no regex syntax).
   */
  fuzzyPieces: string[][];
}

export function parseSearchQuery(text: string, region: CountryCode): SearchQuery {
  // Control characters (a NUL byte PostgreSQL would refuse) separate words like spaces.
  const q = text.normalize("NFC").replace(/\p{Cc}/gu, " ").trim();
  const words = (q.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [])
    .slice(0, MAX_WORDS)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));

  const digits = q.replace(/\D/g, "");
  const phoneLike = /^[+\d\s().\-/]+$/.test(q) && digits.length >= MIN_PHONE_DIGITS;

  const compact = q.toLowerCase();
  const email =
    !/\s/.test(compact) && compact.length >= MIN_EMAIL_LENGTH && /[\p{L}\p{N}]/u.test(compact) && !phoneLike ? compact : null;

  const letterWords = words.filter((word) => /^\p{L}[\p{L}\p{M}]*$/u.test(word));
  const fuzzyText = letterWords.join(" ");
  // An address is matched as one ("j@x.com" is not the name "J X Com").
  const nameLike = letterWords.length <= MAX_FUZZY_WORDS && letterWords.length === words.length;
  const fuzzy = nameLike && fuzzyText.replace(/\s/g, "").length >= MIN_FUZZY_LETTERS && !q.includes("@") ? fuzzyText : null;
  const pieces = fuzzy ? letterWords.filter((word) => Array.from(word).length >= 3).map(fuzzyPiecesOf) : [];

  return {
    text: q,
    words,
    phoneDigits: phoneLike ? digits : null,
    phoneE164: phoneLike ? toE164(q, region) : null,
    email,
    fuzzy,
    fuzzyPieces: pieces,
  };
}

/**
 * The three-letter pieces of a word, then of the word with two neighbours swapped ("jhon": "joh",
 * "ohn" of "john"), then with one letter dropped ("smiht": "mit" of "smit"), at most
 * MAX_FUZZY_PIECES: a one-typo name shares a piece with at least one of them.
 */
function fuzzyPiecesOf(word: string): string[] {
  const pieces = new Set<string>();
  const add = (chars: string[]) => {
    for (let i = 0; i + 3 <= chars.length; i++) pieces.add(chars.slice(i, i + 3).join(""));
  };
  const chars = Array.from(word);
  add(chars);
  for (let i = 0; i + 1 < chars.length; i++) add([...chars.slice(0, i), chars[i + 1]!, chars[i]!, ...chars.slice(i + 2)]);
  if (chars.length >= 4) for (let i = 0; i < chars.length; i++) add([...chars.slice(0, i), ...chars.slice(i + 1)]);
  return [...pieces].slice(0, MAX_FUZZY_PIECES);
}

/** Nothing any matcher could use: no words, no number, no email. */
export function isEmptyQuery(query: SearchQuery): boolean {
  return !query.words.length && !query.phoneDigits && !query.email;
}

function config(name: TextSearchConfig): Prisma.Sql {
  // A constant of this module, never user input.
  return Prisma.raw(`'${name}'::regconfig`);
}

/**
 * The query's words as a tsquery in `cfg` (the configuration of the index it is matched against):
 * every word must occur, the last one as a prefix (search as you type). Stop words drop out
 * (PostgreSQL ignores them, with a notice); a query of stop words only matches nothing.
 */
export function tsqueryOf(query: SearchQuery, cfg: TextSearchConfig): Prisma.Sql {
  const words = query.words;
  const last = words.at(-1);
  if (!last || Array.from(last).length < MIN_PREFIX_LENGTH) {
    return Prisma.sql`plainto_tsquery(${config(cfg)}, ${words.join(" ")})`;
  }
  // `last` is letters, digits and marks only: `:*` is the only syntax to_tsquery sees.
  return Prisma.sql`(plainto_tsquery(${config(cfg)}, ${words.slice(0, -1).join(" ")}) && to_tsquery(${config(cfg)}, ${`${last}:*`}))`;
}

/** One tsquery per word (the last as a prefix), to count how many of the words a text has. */
export function wordTsqueries(query: SearchQuery, cfg: TextSearchConfig): Prisma.Sql[] {
  return query.words.map((word, index) =>
    index === query.words.length - 1 && Array.from(word).length >= MIN_PREFIX_LENGTH
      ? Prisma.sql`to_tsquery(${config(cfg)}, ${`${word}:*`})`
      : Prisma.sql`plainto_tsquery(${config(cfg)}, ${word})`,
  );
}

/** ts_headline's options: the highlight marks of ~/lib/highlight around a fragment of ~30 words. */
export const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=30, MinWords=12, MaxFragments=1`;

/** Highlighted words around the match in `text` (an SQL expression), or NULL for a NULL text. */
export function headline(cfg: TextSearchConfig, text: Prisma.Sql, tsquery: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`ts_headline(${config(cfg)}, ${text}, ${tsquery}, ${HEADLINE_OPTIONS})`;
}

/** Words a hit found by meaning shows (nothing to highlight): the text's start, cut at a word. */
const EXCERPT_LENGTH = 160;
export function excerpt(text: string | null | undefined): string | null {
  const flat = text?.replace(/\s+/g, " ").trim();
  if (!flat) return null;
  if (flat.length <= EXCERPT_LENGTH) return flat;
  const cut = flat.slice(0, EXCERPT_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(" ") > EXCERPT_LENGTH / 2 ? cut.lastIndexOf(" ") : EXCERPT_LENGTH)}…`;
}

/** The whole text marked as matched. */
export function marked(text: string): string {
  return `${HIGHLIGHT_START}${text}${HIGHLIGHT_END}`;
}

/** A snippet only when it shows a match (ts_headline returns the text's start when none is in it). */
export function withMatch(snippet: string | null | undefined): string | null {
  return snippet?.includes(HIGHLIGHT_START) ? snippet : null;
}
