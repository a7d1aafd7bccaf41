import { Prisma } from "~/generated/prisma/client";
import { formatDateTime } from "~/lib/format";
import { contactName, displayNumber } from "~/server/contacts/counterpart";
import { vectorLiteral } from "~/server/pipeline/embed";
import { callRankings, callSnippets } from "../calls";
import { excerpt, headline, tsqueryOf, withMatch, wordTsqueries } from "../query";
import type { HitDetails, Ranking, SearchSource, SourceContext } from "./source";

/*
 * Calls: summary and transcript (Call."searchVector"), topics (Call."topicsVector") and meaning
 * (the call's embedding), ranked by callRankings as calls.list does; meaning per moment (the
 * transcript pieces of CallChunk); and the counterpart's number (Call_counterpartNumber_trgm_idx)
 * when the query is one. A hit whose transcript has the query's words carries the second its best
 * segment starts at; one found by meaning alone, the start of its nearest piece.
 */

/** Weights of the rankings (before the type's boost): topics are a coarser signal. */
const WEIGHTS = { words: 1, topics: 0.8, phone: 1 } as const;

const PIECES = Prisma.sql`"CallChunk"`;
const NO_VECTOR = Promise.resolve(null);

/** Each call's transcript piece nearest the query: where a hit by meaning opens the call. */
async function nearestMoments(ctx: SourceContext, ids: string[]): Promise<Map<string, { start: number; text: string }>> {
  const vector = ids.length ? await ctx.queryVector : null;
  if (!vector) return new Map();
  const rows = await ctx.db.$queryRaw<{ callId: string; start: number; text: string }[]>`
    SELECT DISTINCT ON ("callId") "callId", "startSeconds" AS "start", "text"
      FROM ${PIECES}
     WHERE "userId" = ${ctx.userId} AND "callId" = ANY(${ids}::text[]) AND "embeddingModel" = ${ctx.embedder.model}
     ORDER BY "callId", "embedding" <=> ${vectorLiteral(vector)}::halfvec`;
  return new Map(rows.map((row) => [row.callId, { start: row.start, text: row.text }]));
}

async function rank(ctx: SourceContext): Promise<Ranking[]> {
  const { db, embedder, userId, query, candidates } = ctx;
  const rankings: Promise<Ranking[]>[] = [];
  if (query.words.length) {
    rankings.push(
      // Meaning (the call's vector and its pieces') is ranked with every type's (meaning.ts).
      callRankings(db, embedder, userId, query.text, { words: tsqueryOf(query, "english"), candidates, vector: NO_VECTOR }).then(({ byWords, byTopics }) => [
        { name: "words", method: "text", weight: WEIGHTS.words, ids: byWords },
        { name: "topics", method: "text", weight: WEIGHTS.topics, ids: byTopics },
      ]),
    );
  }
  if (query.phoneDigits) {
    const digits = query.phoneDigits;
    rankings.push(
      db.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Call"
         WHERE "userId" = ${userId} AND "counterpartNumber" LIKE ${`%${digits}%`}
         ORDER BY ("counterpartNumber" = ${query.phoneE164 ?? ""}) DESC, "startedAt" DESC, "id"
         LIMIT ${candidates}`.then((rows) => [{ name: "phone", method: "text", weight: WEIGHTS.phone, ids: rows.map((row) => row.id) }]),
    );
  }
  return (await Promise.all(rankings)).flat();
}

interface Row {
  id: string;
  direction: "inbound" | "outbound";
  counterpartNumber: string;
  startedAt: Date;
  firstName: string | null;
  lastName: string | null;
  hasTranscript: boolean;
  segmentStart: number | null;
  segmentSnippet: string | null;
  summarySnippet: string | null;
  topicsSnippet: string | null;
}

/**
 * The segment of Call.transcriptSegments ([{ speaker, start, end, text }]) with the most of the
 * query's words (the earliest of equals), none when no segment has any.
 */
function bestSegment(words: Prisma.Sql, perWord: Prisma.Sql[]): Prisma.Sql {
  const count = Prisma.join(perWord.map((word) => Prisma.sql`(t.v @@ ${word})::int`), " + ");
  return Prisma.sql`
    SELECT best.start, ${headline("english", Prisma.sql`best.text`, words)} AS snippet
      FROM (
        SELECT (s.value->>'start')::float8 AS start, s.value->>'text' AS text, ${count} AS hits, s.n
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c."transcriptSegments") = 'array' THEN c."transcriptSegments" ELSE '[]'::jsonb END)
               WITH ORDINALITY AS s(value, n)
         CROSS JOIN LATERAL (SELECT to_tsvector('english'::regconfig, coalesce(s.value->>'text', '')) AS v) t
         WHERE jsonb_typeof(s.value) = 'object' AND jsonb_typeof(s.value->'start') = 'number'
      ) best
     WHERE best.hits > 0
     ORDER BY best.hits DESC, best.n
     LIMIT 1`;
}

async function details(ctx: SourceContext, ids: string[], matchedBy: Map<string, Set<string>>): Promise<Map<string, HitDetails>> {
  const { db, userId, query, region, timeZone, now } = ctx;
  if (!ids.length) return new Map();
  const words = query.words.length ? tsqueryOf(query, "english") : null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT c."id", c."direction"::text AS "direction", c."counterpartNumber", c."startedAt",
           ct."firstName", ct."lastName", (c."transcriptText" IS NOT NULL) AS "hasTranscript",
           ${words ? Prisma.sql`seg.start` : Prisma.sql`NULL::float8`} AS "segmentStart",
           ${words ? Prisma.sql`seg.snippet` : Prisma.sql`NULL::text`} AS "segmentSnippet",
           ${words ? headline("english", Prisma.sql`c."summary"`, words) : Prisma.sql`NULL::text`} AS "summarySnippet",
           ${words ? headline("english", Prisma.sql`nullif(array_to_string(c."topics", ', '), '')`, words) : Prisma.sql`NULL::text`} AS "topicsSnippet"
      FROM "Call" c
      LEFT JOIN "Contact" ct ON ct."id" = c."contactId"
      ${words ? Prisma.sql`LEFT JOIN LATERAL (${bestSegment(words, wordTsqueries(query, "english"))}) seg ON true` : Prisma.empty}
     WHERE c."userId" = ${userId} AND c."id" = ANY(${ids}::text[])`;

  // Calls transcribed without segments: the transcript's own best words (calls.list's snippet).
  const fallback = rows.filter((row) => row.hasTranscript && row.segmentStart === null && !withMatch(row.summarySnippet));
  const transcriptSnippets = words && fallback.length ? await callSnippets(db, userId, query.text, fallback.map((row) => row.id), words) : new Map<string, string | null>();

  // Found by meaning and not by its words: the piece nearest the query says where.
  const moments = await nearestMoments(
    ctx,
    rows.filter((row) => row.segmentStart === null && matchedBy.get(row.id)?.has("moment")).map((row) => row.id),
  );

  const result = new Map<string, HitDetails>();
  for (const row of rows) {
    const moment = moments.get(row.id);
    const start = row.segmentStart ?? moment?.start ?? null;
    const seconds = start === null ? null : Math.max(0, Math.floor(start));
    const snippet =
      withMatch(row.segmentSnippet) ??
      withMatch(row.summarySnippet) ??
      withMatch(row.topicsSnippet) ??
      withMatch(transcriptSnippets.get(row.id)) ??
      (moment ? excerpt(moment.text) : null);
    const who = contactName(row.firstName === null ? null : { firstName: row.firstName, lastName: row.lastName });
    const number = displayNumber(row.counterpartNumber, region);
    const subtitle = [
      `${row.direction === "inbound" ? "Incoming" : "Outgoing"} call`,
      formatDateTime(row.startedAt, { timeZone, locale: "en-US" }, now),
      who && matchedBy.get(row.id)?.has("phone") ? number : null,
    ];
    const href = `/calls/${encodeURIComponent(row.id)}`;
    result.set(row.id, {
      id: row.id,
      title: who ?? number,
      subtitle: subtitle.filter(Boolean).join(" · "),
      snippet,
      href: seconds === null ? href : `${href}?t=${seconds}`,
      seconds,
      at: row.startedAt,
    });
  }
  return result;
}

export const callSource: SearchSource = { type: "call", rank, details };
