/**
 * A small SQL lexer for the embedded server's proxy. It does not parse SQL; it splits a query
 * string into top-level statements (respecting quotes, dollar quotes and comments) and looks at
 * their keywords to answer three questions:
 *  - can this statement change session state that must not leak to other connections
 *    (SET, RESET, set_config(..., false))? Then the proxy snapshots the connection's settings when
 *    it releases PGlite;
 *  - does it use a session feature the proxy cannot isolate between connections? Then the proxy
 *    replaces it with a statement that fails with SQLSTATE 0A000 (feature_not_supported);
 *  - does it mention STDIN at all (a safety net for COPY FROM STDIN, which would kill PGlite)?
 */

export interface Rejection {
  message: string;
  hint: string;
}

export interface SqlScan {
  /** SET / RESET / set_config: the connection's settings must be snapshotted on release. */
  sessionChange: boolean;
  /** Custom (dotted) setting names this text sets; pg_settings does not list them. */
  customSettings: string[];
  /** Non-null: the text must not reach PGlite. */
  reject: Rejection | null;
  /** The text contains "stdin" somewhere (case-insensitive). */
  mentionsStdin: boolean;
}

const NOTHING: SqlScan = Object.freeze({
  sessionChange: false,
  customSettings: [],
  reject: null,
  mentionsStdin: false,
}) as SqlScan;

const SHARED_BACKEND = "every connection to the embedded database shares one PostgreSQL session";

export const REJECT = {
  sqlPrepare: {
    message: "SQL-level PREPARE, EXECUTE and DEALLOCATE are not supported by the embedded database server",
    hint: `${SHARED_BACKEND}; use protocol-level prepared statements (e.g. node-postgres { name, text, values }), which the server isolates per connection.`,
  },
  listen: {
    message: "LISTEN is not supported by the embedded database server",
    hint: `${SHARED_BACKEND}; point DATABASE_URL at a PostgreSQL server for LISTEN/NOTIFY.`,
  },
  tempTable: {
    message: "temporary tables are not supported by the embedded database server",
    hint: `${SHARED_BACKEND}; CREATE TEMP TABLE ... ON COMMIT DROP inside a transaction is allowed.`,
  },
  copyFromStdin: {
    message: "COPY ... FROM STDIN is not supported by the embedded database server",
    hint: "Use INSERT statements (COPY ... TO STDOUT works), or point DATABASE_URL at a PostgreSQL server.",
  },
  discardAll: {
    message: "DISCARD ALL is not supported by the embedded database server",
    hint: `${SHARED_BACKEND}; use RESET ALL. Named prepared statements are closed when the connection closes.`,
  },
  holdCursor: {
    message: "cursors WITH HOLD are not supported by the embedded database server",
    hint: `${SHARED_BACKEND}; use a cursor inside a transaction (WITHOUT HOLD).`,
  },
} satisfies Record<string, Rejection>;

const INTERESTING = /set|prepare|execute|deallocate|discard|listen|stdin|temp|hold/i;

const cache = new Map<string, SqlScan>();
const CACHE_LIMIT = 2000;

export function scanSql(text: string): SqlScan {
  if (!INTERESTING.test(text)) return NOTHING;
  const hit = cache.get(text);
  if (hit) return hit;
  const result = scanUncached(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, result);
  return result;
}

interface Statement {
  words: string[];
  start: number;
  end: number;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

/** Splits into top-level statements, collecting each statement's bare (unquoted) words. */
export function splitStatements(text: string): Statement[] {
  const out: Statement[] = [];
  const n = text.length;
  let i = 0;
  let words: string[] = [];
  let start = 0;
  const finish = (end: number) => {
    if (words.length > 0) out.push({ words, start, end });
    words = [];
    start = end + 1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // -- comment
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf("\n", i + 2);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    // /* nested comment */
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
          depth++;
          i += 2;
        } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (c === 39 /* ' */) {
      i = skipQuoted(text, i + 1, 39, false);
      continue;
    }
    if (c === 34 /* " */) {
      i = skipQuoted(text, i + 1, 34, false);
      words.push("\u0000quoted");
      continue;
    }
    if (c === 36 /* $ */) {
      const d = dollarTagEnd(text, i);
      if (d > 0) {
        const tag = text.slice(i, d);
        const close = text.indexOf(tag, d);
        i = close < 0 ? n : close + tag.length;
        continue;
      }
      i++;
      continue;
    }
    if (c === 59 /* ; */) {
      finish(i);
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      // E'...' escape string (backslash escapes), also U&'...', B'...', X'...', N'...'.
      if (text.charCodeAt(j) === 39) {
        const lw = word.toLowerCase();
        if (lw === "e") {
          i = skipQuoted(text, j + 1, 39, true);
          continue;
        }
        if (lw === "b" || lw === "x" || lw === "n") {
          i = skipQuoted(text, j + 1, 39, false);
          continue;
        }
      }
      if ((word === "U" || word === "u") && text.charCodeAt(j) === 38 /* & */) {
        const q = text.charCodeAt(j + 1);
        if (q === 39 || q === 34) {
          i = skipQuoted(text, j + 2, q, false);
          if (q === 34) words.push("\u0000quoted");
          continue;
        }
      }
      words.push(word.toLowerCase());
      i = j;
      continue;
    }
    i++;
  }
  finish(n);
  return out;
}

function skipQuoted(text: string, i: number, quote: number, backslash: boolean): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (backslash && c === 92) {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return n;
}

/** If a dollar-quote opening tag starts at i, the index just after it; otherwise -1. */
function dollarTagEnd(text: string, i: number): number {
  // A `$` that continues an identifier (e.g. `a$b`) is not a quote; callers only reach here at a
  // token start. `$1` is a parameter, not a tag.
  const first = text.charCodeAt(i + 1);
  if (first === 36) return i + 2; // $$
  if (!isIdentStart(first)) return -1;
  let j = i + 2;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 36) return j + 1;
    if (!isIdentPart(c) || c === 36) return -1;
    j++;
  }
  return -1;
}

const CUSTOM_SET = /^\s*set\s+(?:session\s+)?("?[A-Za-z_][\w$]*"?\s*\.\s*"?[\w$]+"?)/i;
const CUSTOM_SET_CONFIG = /set_config\s*\(\s*'([^']+\.[^']+)'/gi;

function scanUncached(text: string): SqlScan {
  const stmts = splitStatements(text);
  let sessionChange = false;
  let reject: Rejection | null = null;
  const customSettings: string[] = [];

  for (const s of stmts) {
    const w = s.words;
    const first = w[0];
    switch (first) {
      case "set": {
        const second = w[1];
        if (second !== "local" && second !== "transaction" && second !== "constraints") {
          sessionChange = true;
          const m = CUSTOM_SET.exec(text.slice(s.start, s.end));
          if (m) customSettings.push(normalizeName(m[1]!));
        }
        break;
      }
      case "reset":
        sessionChange = true;
        break;
      case "prepare":
      case "execute":
      case "deallocate":
        reject ??= REJECT.sqlPrepare;
        break;
      case "listen":
        reject ??= REJECT.listen;
        break;
      case "discard":
        if (w[1] === "all") reject ??= REJECT.discardAll;
        break;
      case "copy":
        if (w.includes("stdin")) reject ??= REJECT.copyFromStdin;
        break;
      case "create": {
        const head = w.slice(1, 5);
        if ((head.includes("temp") || head.includes("temporary")) && !onCommitDrop(w)) reject ??= REJECT.tempTable;
        break;
      }
      case "declare":
        if (followedBy(w, "with", "hold")) reject ??= REJECT.holdCursor;
        break;
      default:
        break;
    }
    // SELECT ... INTO TEMP t
    if ((first === "select" || first === "with") && (followedBy(w, "into", "temp") || followedBy(w, "into", "temporary"))) {
      reject ??= REJECT.tempTable;
    }
  }
  if (/set_config/i.test(text)) {
    sessionChange = true;
    for (const m of text.matchAll(CUSTOM_SET_CONFIG)) customSettings.push(m[1]!.toLowerCase());
  }
  const mentionsStdin = /stdin/i.test(text);
  if (!sessionChange && !reject && !mentionsStdin) return NOTHING;
  return { sessionChange, customSettings, reject, mentionsStdin };
}

function followedBy(words: string[], a: string, b: string): boolean {
  for (let i = 0; i + 1 < words.length; i++) if (words[i] === a && words[i + 1] === b) return true;
  return false;
}

function onCommitDrop(words: string[]): boolean {
  for (let i = 0; i + 2 < words.length; i++) {
    if (words[i] === "on" && words[i + 1] === "commit" && words[i + 2] === "drop") return true;
  }
  return false;
}

function normalizeName(raw: string): string {
  return raw
    .split(".")
    .map((p) => {
      const t = p.trim();
      return t.startsWith('"') ? t.slice(1, -1) : t.toLowerCase();
    })
    .join(".");
}

/** A statement that fails in PGlite with SQLSTATE 0A000 and the given message. */
export function rejectionSql(r: Rejection): string {
  return (
    "DO $sb_reject$BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', " +
    `MESSAGE = ${escapeLiteral(r.message)}, HINT = ${escapeLiteral(r.hint)}; END$sb_reject$`
  );
}

/** An E'' literal: safe whatever standard_conforming_strings is. */
export function escapeLiteral(s: string): string {
  return "E'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
}

/** A (possibly dotted) setting name as an identifier chain for RESET. */
export function quoteSettingName(name: string): string {
  return name
    .split(".")
    .map((p) => '"' + p.replace(/"/g, '""') + '"')
    .join(".");
}
