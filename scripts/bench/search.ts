/**
 * Search everything (issue 14) at scale: BENCH_SEARCH_ROWS searchable rows (default 100,000) for
 * one user plus as many for another, mixed across contacts (20%), calls with transcripts (10%),
 * messages (45%), tasks (15%), calendar events (5%) and reminders (5%), on the embedded database
 * (and BENCH_DATABASE_URL's PostgreSQL when set). 200 mixed queries (BENCH_SEARCH_QUERIES: names,
 * names with a typo, phone numbers in four formats, emails, transcript words, message phrases,
 * task gists, no-match) go through `searchEverything` in grouped mode, as the ⌘K palette asks;
 * reported: its p50/p95 (goal p95 ≤ 100 ms), and for the same queries each type's `rank` alone
 * and the ranking by meaning of all types (one HNSW scan), the slowest of them per query (the
 * slowest single index query it runs), and the ratio.
 *
 * BENCH_SEARCH_COMPARE (default 1; 0 skips it): also times, on BENCH_SEARCH_COMPARE_QUERIES of the
 * queries (default 50), the full-text rankings as they were before migration *_search_vectors
 * (an expression GIN index per type, `@@` and ts_rank on the expression, which re-parses the text
 * whenever the planner does not use the index) next to the same rankings on the stored
 * "searchVector" columns. The old expression indexes are created for that (their build time is
 * reported).
 *
 * Then, on the embedded database only, keystroke → rendered results in Chromium (goal p95 ≤ 150 ms;
 * scripts/bench/search-keystroke.ts, whose BENCH_KEYSTROKE* knobs are documented there: 0 skips it)
 * with the production build's web process on the same seeded database, under `keystroke`
 * (`{ skipped: why }` without Chromium or a build).
 *
 * Vectors: BENCH_SEARCH_VECTORS rows per user get one (default 10,000; see search-vectors.ts for
 * why not all), so every type's ranking by meaning runs its HNSW scan over a populated index.
 * Run alone: `npm run bench -- search`.
 */
import { pathToFileURL } from "node:url";
import { Prisma } from "../../src/generated/prisma/client";
import { createDb, type Db } from "../../src/server/db";
import { createLocalEmbedder } from "../../src/server/providers/local-embedder";
import { queryVector } from "../../src/server/search/calls";
import { isEmptyQuery, parseSearchQuery, tsqueryOf } from "../../src/server/search/query";
import { hasMeaning, searchEverything } from "../../src/server/search/search";
import { callSource } from "../../src/server/search/sources/calls";
import { contactSource } from "../../src/server/search/sources/contacts";
import { eventSource } from "../../src/server/search/sources/events";
import { messageSource } from "../../src/server/search/sources/messages";
import { reminderSource } from "../../src/server/search/sources/reminders";
import { SEARCH_TYPES } from "../../src/server/search/schemas";
import { rankByMeaning } from "../../src/server/search/sources/meaning";
import type { SearchSource, SourceContext } from "../../src/server/search/sources/source";
import { taskSource } from "../../src/server/search/sources/tasks";
import { onEachBenchDatabase, type BenchDatabase } from "./databases";
import { benchKeystroke } from "./search-keystroke";
import { seedVectors } from "./search-vectors";
import { percentile, round } from "./stats";

const ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 100_000);
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 200);
const COMPARE = process.env.BENCH_SEARCH_COMPARE !== "0";
const COMPARE_QUERIES = Number(process.env.BENCH_SEARCH_COMPARE_QUERIES ?? 50);
const BATCH = 2_000;
const WARMUP = 10;

const SOURCES: [string, SearchSource][] = [
  ["contact", contactSource],
  ["call", callSource],
  ["message", messageSource],
  ["task", taskSource],
  ["event", eventSource],
  ["reminder", reminderSource],
];

const FIRST = ["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "Benjamin", "Charlotte", "Lucas", "Harper", "Henry", "Evelyn", "Theodore", "Abigail", "Jack", "Ingrid", "Mateo", "Freya", "Dmitri", "Priya", "Kenji", "Lucia", "Tomasz", "Aisha", "Rafael"];
const LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lindqvist", "Okafor", "Nakamura", "Kowalski", "Petrov", "Fischer", "Rossi", "Haddad", "Novak", "Silva"];
const COMPANIES = ["Acme Plumbing", "Northwind Traders", "Blue Harbor Dental", "Summit Roofing", "Greenleaf Clinic", "Brightside Realty", "Ironwood Builders", "Maple Street Bakery"];
const SENTENCES = [
  "We want to renew the contract for another year.",
  "Can you send the renewal paperwork by Friday?",
  "The renewal price looks fine to our finance team.",
  "The delivery is late again and the supplier missed the shipment date.",
  "When will the roofing materials arrive at the site?",
  "The invoice is overdue and we were billed twice.",
  "Please send a corrected invoice to accounting.",
  "I need to move my appointment to Thursday afternoon.",
  "The clinic can see you next week for the checkup.",
  "We are hiring two engineers for the warehouse project.",
  "The candidate accepted the offer yesterday.",
  "The boiler broke again and the basement is cold.",
  "The plumber can come on Monday morning.",
  "The repair estimate is too high for the landlord.",
  "The flight to Stockholm is booked for the conference.",
  "Send me the travel itinerary and the hotel address.",
  "Let me check my calendar and get back to you.",
  "Thanks for calling, talk to you soon.",
];
const MESSAGES = [
  "running ten minutes late, sorry",
  "can we push the meeting to tomorrow",
  "the keys are under the blue flowerpot",
  "did you get the photos of the kitchen",
  "please call me back when you can",
  "happy birthday, hope you have a great day",
  "the package arrived this morning",
  "see you at the dentist at three",
  "parking is behind the old library",
  "thanks again for dinner last night",
];
const TASKS = [
  ["Send the quote to", "include the discount for the second unit"],
  ["Follow up with", "about the unpaid invoice from March"],
  ["Book the inspection for", "the city needs two weeks notice"],
  ["Order replacement filters for", "model number is on the sticker"],
  ["Call back", "wants to reschedule the site visit"],
  ["Renew the insurance policy of", "compare the premium with last year"],
];
const EVENTS = ["Quarterly planning", "Dentist appointment", "Site visit", "Team lunch", "Insurance review", "Contract signing"];
const PLACES = ["Main office", "Riverside cafe", "Client site", "Downtown clinic"];
const REMINDERS = [
  ["Take blood pressure pills", "Time to take your blood pressure pills with water."],
  ["Water the garden", "The tomatoes need water before noon."],
  ["Pay the electricity bill", "The electricity bill is due on the fifteenth."],
  ["Pick up dry cleaning", "Your dry cleaning is ready at the corner shop."],
];

const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length]!;
const nameOf = (n: number) => ({ first: pick(FIRST, n), last: pick(LAST, Math.floor(n / FIRST.length) + n) });
/** National number of contact n: (312) 4xx-xxxx style, unique per contact. */
const phoneOf = (n: number) => `312${String(4_000_000 + n).padStart(7, "0")}`;
const emailOf = (n: number) => {
  const { first, last } = nameOf(n);
  return `${first}.${last}${n}@example.com`.toLowerCase();
};
const transcriptOf = (n: number) => [0, 1, 2, 3, 4, 5].map((i) => pick(SENTENCES, n * 7 + i * 5 + (i ? 0 : n >> 3)));

interface Counts {
  contacts: number;
  calls: number;
  messages: number;
  tasks: number;
  events: number;
  reminders: number;
}

function countsOf(rows: number): Counts {
  const contacts = Math.round(rows * 0.2);
  const calls = Math.round(rows * 0.1);
  const tasks = Math.round(rows * 0.15);
  const events = Math.round(rows * 0.05);
  const reminders = Math.round(rows * 0.05);
  return { contacts, calls, tasks, events, reminders, messages: rows - contacts - calls - tasks - events - reminders };
}

async function batches(count: number, insert: (ns: number[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    await insert(Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => start + i));
  }
}

/** The user's rows: generated in code so that the queries can name them. */
async function seed(db: Db, userId: string, counts: Counts): Promise<void> {
  const p = userId;
  await batches(counts.contacts, (ns) =>
    db.$executeRaw`
      INSERT INTO "Contact" ("id", "userId", "firstName", "lastName", "company", "emails", "phones", "notes", "tags", "lastContactedAt", "updatedAt")
      SELECT ${p} || '-ct-' || r.n, ${userId}, r.first, r.last, r.company, ARRAY[r.email], ARRAY['+1' || r.phone],
             'Met at the ' || r.company || ' open house; prefers texts.', ARRAY['client'], now() - (r.n || ' hours')::interval, now()
        FROM unnest(${ns}::int[], ${ns.map((n) => nameOf(n).first)}::text[], ${ns.map((n) => nameOf(n).last)}::text[],
                    ${ns.map((n) => pick(COMPANIES, n))}::text[], ${ns.map(emailOf)}::text[], ${ns.map(phoneOf)}::text[])
             AS r(n, first, last, company, email, phone)`,
  );
  await batches(counts.calls, (ns) => {
    const segments = ns.map((n) =>
      JSON.stringify(transcriptOf(n).map((text, i) => ({ speaker: i % 2 ? "Caller" : "You", start: i * 9.5, end: i * 9.5 + 9, text }))),
    );
    return db.$executeRaw`
      INSERT INTO "Call" ("id", "userId", "direction", "status", "fromNumber", "toNumber", "counterpartNumber", "contactId",
                          "startedAt", "transcriptText", "transcriptSegments", "summary", "topics", "updatedAt")
      SELECT ${p} || '-ca-' || r.n, ${userId}, 'inbound', 'completed', '+1' || r.phone, '+14155550100', '+1' || r.phone,
             ${p} || '-ct-' || (r.n % ${Math.max(1, counts.contacts)}), now() - (r.n || ' minutes')::interval,
             r.text, r.segments::jsonb, r.summary, ARRAY[r.topic], now()
        FROM unnest(${ns}::int[], ${ns.map((n) => phoneOf(n % Math.max(1, counts.contacts)))}::text[], ${ns.map((n) => transcriptOf(n).join(" "))}::text[],
                    ${segments}::text[], ${ns.map((n) => transcriptOf(n)[1]!)}::text[], ${ns.map((n) => pick(["renewal", "delivery", "invoice", "repair", "travel"], n))}::text[])
             AS r(n, phone, text, segments, summary, topic)`;
  });
  await batches(counts.messages, (ns) =>
    db.$executeRaw`
      INSERT INTO "Message" ("id", "userId", "direction", "fromNumber", "toNumber", "counterpartNumber", "body", "deliveryStatus", "createdAt", "updatedAt")
      SELECT ${p} || '-ms-' || r.n, ${userId}, 'inbound', '+1' || r.phone, '+14155550100', '+1' || r.phone, r.body, 'received',
             now() - (r.n || ' minutes')::interval, now()
        FROM unnest(${ns}::int[], ${ns.map((n) => phoneOf(n % Math.max(1, counts.contacts)))}::text[],
                    ${ns.map((n) => `${pick(MESSAGES, n)} ${n % 3 ? "" : pick(MESSAGES, n >> 2)}`.trim())}::text[]) AS r(n, phone, body)`,
  );
  await batches(counts.tasks, (ns) =>
    db.$executeRaw`
      INSERT INTO "Task" ("id", "userId", "title", "description", "tags", "updatedAt")
      SELECT ${p} || '-tk-' || r.n, ${userId}, r.title, r.description, ARRAY['work'], now() - (r.n || ' minutes')::interval
        FROM unnest(${ns}::int[], ${ns.map((n) => `${pick(TASKS, n)[0]} ${nameOf(n).first} ${nameOf(n).last}`)}::text[],
                    ${ns.map((n) => pick(TASKS, n)[1]!)}::text[]) AS r(n, title, description)`,
  );
  await batches(counts.events, (ns) =>
    db.$executeRaw`
      INSERT INTO "CalendarEvent" ("id", "userId", "title", "description", "location", "startsAt", "updatedAt")
      SELECT ${p} || '-ev-' || r.n, ${userId}, r.title, 'With ' || r.who, r.place, now() + (r.n || ' hours')::interval, now()
        FROM unnest(${ns}::int[], ${ns.map((n) => pick(EVENTS, n))}::text[], ${ns.map((n) => `${nameOf(n).first} ${nameOf(n).last}`)}::text[],
                    ${ns.map((n) => pick(PLACES, n))}::text[]) AS r(n, title, who, place)`,
  );
  await batches(counts.reminders, (ns) =>
    db.$executeRaw`
      INSERT INTO "Reminder" ("id", "userId", "kind", "title", "message", "timeZone", "startsAtLocal", "nextDueAt", "updatedAt")
      SELECT ${p} || '-rm-' || r.n, ${userId}, 'custom', r.title, r.message, 'UTC', '2026-12-01T09:00', now() + (r.n || ' hours')::interval, now()
        FROM unnest(${ns}::int[], ${ns.map((n) => pick(REMINDERS, n)[0]!)}::text[], ${ns.map((n) => pick(REMINDERS, n)[1]!)}::text[]) AS r(n, title, message)`,
  );
}

/** One query of each kind in turn (typos: a letter dropped, swapped or doubled). */
function queriesFor(counts: Counts, total: number): { kind: string; q: string }[] {
  const typo = (word: string, n: number) => {
    const at = 1 + (n % (word.length - 2));
    if (n % 3 === 0) return word.slice(0, at) + word.slice(at + 1);
    if (n % 3 === 1) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    return word.slice(0, at) + word[at] + word.slice(at);
  };
  const kinds: ((n: number) => { kind: string; q: string })[] = [
    (n) => ({ kind: "name", q: `${nameOf(n).first} ${nameOf(n).last}` }),
    (n) => ({ kind: "name-typo", q: `${nameOf(n).first} ${typo(nameOf(n).last, n)}` }),
    (n) => ({ kind: "first-name-typo", q: typo(nameOf(n).first, n) }),
    (n) => {
      const d = phoneOf(n);
      const formats = [`+1${d}`, `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`, d];
      return { kind: "phone", q: pick(formats, n >> 1) };
    },
    (n) => ({ kind: "email", q: emailOf(n) }),
    (n) => ({ kind: "email-prefix", q: emailOf(n).slice(0, 8) }),
    (n) => ({ kind: "transcript", q: pick(["renewal price", "boiler basement", "missed the shipment", "corrected invoice", "flight to Stockholm", "candidate accepted the offer"], n) }),
    (n) => ({ kind: "message", q: pick(["keys under the flowerpot", "push the meeting", "photos of the kitchen", "package arrived", "parking behind the library"], n) }),
    (n) => ({ kind: "task", q: pick(["quote discount", "unpaid invoice", "book the inspection", "replacement filters", "insurance premium"], n) }),
    (n) => ({ kind: "event-reminder", q: pick(["dentist appointment", "blood pressure pills", "electricity bill", "site visit"], n) }),
    (n) => ({ kind: "no-match", q: pick(["zebra xylophone", "quixotic", "flibbertigibbet parade", "+44 20 7946 0000"], n) }),
  ];
  return Array.from({ length: total }, (_, i) => kinds[i % kinds.length]!(Math.floor((i * 7919) % Math.max(1, counts.contacts))));
}

/** Queries worth typing key by key: the kinds people type into ⌘K (no full emails, no no-match). */
const KEYSTROKE_KINDS = new Set(["name", "name-typo", "first-name-typo", "phone", "email-prefix", "transcript", "message", "task", "event-reminder"]);

/** The full-text rankings as they were before *_search_vectors: the expressions, not the stored columns. */
const LEGACY = {
  contact: {
    table: Prisma.sql`"Contact"`,
    cfg: "simple" as const,
    newest: Prisma.sql`"lastContactedAt"`,
    document: Prisma.sql`(
  setweight(to_tsvector('simple'::regconfig, coalesce("firstName", '') || ' ' || coalesce("lastName", '')), 'A')
  || setweight(to_tsvector('simple'::regconfig,
       coalesce("company", '') || ' ' || coalesce("jobTitle", '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("emails", ' '), '') || ' ' ||
       coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
  || setweight(to_tsvector('simple'::regconfig, coalesce("notes", '')), 'C')
)`,
    stored: Prisma.sql`"searchVector"`,
  },
  call: {
    table: Prisma.sql`"Call"`,
    cfg: "english" as const,
    newest: Prisma.sql`"startedAt"`,
    document: Prisma.sql`to_tsvector('english'::regconfig, coalesce("summary", '') || ' ' || coalesce("transcriptText", ''))`,
    stored: Prisma.sql`"searchVector"`,
  },
  callTopics: {
    table: Prisma.sql`"Call"`,
    cfg: "english" as const,
    newest: Prisma.sql`"startedAt"`,
    document: Prisma.sql`to_tsvector('english'::regconfig, coalesce("sb_immutable_array_to_string"("topics", ' '), ''))`,
    stored: Prisma.sql`"topicsVector"`,
  },
  message: {
    table: Prisma.sql`"Message"`,
    cfg: "english" as const,
    newest: Prisma.sql`"createdAt"`,
    document: Prisma.sql`to_tsvector('english'::regconfig, coalesce("body", ''))`,
    stored: Prisma.sql`"searchVector"`,
  },
  task: {
    table: Prisma.sql`"Task"`,
    cfg: "english" as const,
    newest: Prisma.sql`"updatedAt"`,
    document: Prisma.sql`(
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig,
       coalesce("description", '') || ' ' || coalesce("sb_immutable_array_to_string"("tags", ' '), '')), 'B')
)`,
    stored: Prisma.sql`"searchVector"`,
  },
  event: {
    table: Prisma.sql`"CalendarEvent"`,
    cfg: "english" as const,
    newest: Prisma.sql`"startsAt"`,
    document: Prisma.sql`(
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("description", '') || ' ' || coalesce("location", '')), 'B')
)`,
    stored: Prisma.sql`"searchVector"`,
  },
  reminder: {
    table: Prisma.sql`"Reminder"`,
    cfg: "english" as const,
    newest: Prisma.sql`"nextDueAt"`,
    document: Prisma.sql`(
  setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A')
  || setweight(to_tsvector('english'::regconfig, coalesce("message", '')), 'B')
)`,
    stored: Prisma.sql`"searchVector"`,
  },
};

/** The expression GIN indexes of *_search_indexes / *_search_everything, for the comparison only. */
async function createLegacyIndexes(db: Db): Promise<void> {
  for (const [name, legacy] of Object.entries(LEGACY)) {
    await db.$executeRaw`CREATE INDEX ${Prisma.raw(`"bench_legacy_${name}_idx"`)} ON ${legacy.table} USING gin ((${legacy.document}))`;
  }
}

async function fullTextRanking(db: Db, userId: string, q: string, which: keyof typeof LEGACY, document: "document" | "stored"): Promise<number> {
  const legacy = LEGACY[which];
  const query = parseSearchQuery(q, "US");
  if (!query.words.length) return 0;
  const words = tsqueryOf(query, legacy.cfg);
  const doc = legacy[document];
  const started = performance.now();
  await db.$queryRaw`
    SELECT "id" FROM ${legacy.table}
     WHERE "userId" = ${userId} AND ${doc} @@ ${words}
     ORDER BY ts_rank(${doc}, ${words}) DESC, ${legacy.newest} DESC NULLS LAST, "id"
     LIMIT 100`;
  return performance.now() - started;
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? 0) };
};

async function benchOn(database: BenchDatabase): Promise<Record<string, unknown>> {
  const db = createDb(database.url, { max: 8 });
  try {
    const [owner, other] = await Promise.all([
      db.user.create({ data: { email: "bench@example.com", name: "Bench", passwordHash: "x", defaultRegion: "US" } }),
      db.user.create({ data: { email: "other@example.com", name: "Other", passwordHash: "x", defaultRegion: "US" } }),
    ]);
    const counts = countsOf(ROWS);
    const seeded = performance.now();
    for (const user of [owner, other]) {
      console.error(`search: seeding ${ROWS} rows for ${user.email} on ${database.engine}…`);
      await seed(db, user.id, counts);
    }
    await db.$executeRawUnsafe(`ANALYZE`);
    const seedMs = performance.now() - seeded;
    console.error(`search: embedding and indexing vectors on ${database.engine}…`);
    const vectors = await seedVectors(db, createLocalEmbedder(), [owner.id, other.id], ROWS);

    let legacyIndexMs: number | null = null;
    if (COMPARE) {
      const started = performance.now();
      await createLegacyIndexes(db);
      await db.$executeRawUnsafe(`ANALYZE`);
      legacyIndexMs = Math.round(performance.now() - started);
    }

    const deps = { db, providers: { embedder: createLocalEmbedder() } };
    const queries = queriesFor(counts, QUERIES);
    const searchMs: number[] = [];
    const slowestRankMs: number[] = [];
    const rankMs = new Map<string, number[]>([...SOURCES.map(([type]) => [type, []] as [string, number[]]), ["meaning", []]]);
    const byKind = new Map<string, number[]>();
    const emptyKinds = new Map<string, number>();
    let foreign = 0;
    console.error(`search: ${queries.length} queries (+${WARMUP} warm-up) on ${database.engine}…`);
    for (let i = 0; i < queries.length + WARMUP; i++) {
      const { kind, q } = queries[(i + queries.length - WARMUP) % queries.length]!;
      const started = performance.now();
      const result = await searchEverything(deps, owner.id, { q, limit: 5, mode: "grouped", page: 1 });
      const ms = performance.now() - started;

      // Each type's rankings alone, for the same query: the slowest index query the search waits for.
      const query = parseSearchQuery(q, "US");
      const ctx: SourceContext = {
        db,
        embedder: deps.providers.embedder,
        userId: owner.id,
        query,
        region: "US",
        timeZone: "UTC",
        now: new Date(),
        queryVector: hasMeaning(query) ? queryVector(deps.providers.embedder, q) : Promise.resolve(null),
        nearest: 60,
        candidates: 100,
      };
      let slowest = 0;
      const perType: [string, number][] = [];
      if (!isEmptyQuery(query)) {
        for (const [type, source] of SOURCES) {
          const t = performance.now();
          await source.rank(ctx);
          const took = performance.now() - t;
          perType.push([type, took]);
          slowest = Math.max(slowest, took);
        }
        // Meaning, every type in one scan (the query's vector awaited first: not an index query).
        await ctx.queryVector;
        const t = performance.now();
        await rankByMeaning(ctx, SEARCH_TYPES);
        const took = performance.now() - t;
        perType.push(["meaning", took]);
        slowest = Math.max(slowest, took);
      }
      if (i < WARMUP) continue;
      searchMs.push(ms);
      slowestRankMs.push(slowest);
      for (const [type, took] of perType) rankMs.get(type)!.push(took);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
      const hits = result.groups.flatMap((group) => group.hits);
      if (!hits.length) emptyKinds.set(kind, (emptyKinds.get(kind) ?? 0) + 1);
      foreign += hits.filter((hit) => !hit.id.startsWith(`${owner.id}-`)).length;
    }
    if (foreign) throw new Error(`search returned ${foreign} rows of another user`);

    let comparison: Record<string, unknown> | null = null;
    if (COMPARE) {
      const sample = queries.filter((query) => query.kind !== "phone").slice(0, COMPARE_QUERIES);
      console.error(`search: comparing expression and stored full text on ${sample.length} queries on ${database.engine}…`);
      const before = new Map<string, number[]>();
      const after = new Map<string, number[]>();
      const beforeAll: number[] = [];
      const afterAll: number[] = [];
      for (const { q } of sample) {
        // As searchEverything runs them: every type's full-text ranking at once.
        for (const [document, into, total] of [
          ["document", before, beforeAll],
          ["stored", after, afterAll],
        ] as const) {
          const started = performance.now();
          const took = await Promise.all(
            (Object.keys(LEGACY) as (keyof typeof LEGACY)[]).map(async (which) => [which, await fullTextRanking(db, owner.id, q, which, document)] as const),
          );
          total.push(performance.now() - started);
          for (const [which, ms] of took) into.set(which, [...(into.get(which) ?? []), ms]);
        }
      }
      comparison = {
        queries: sample.length,
        legacyIndexBuildMs: legacyIndexMs,
        allFullTextRankingsAtOnceMs: { expressions: stats(beforeAll), storedColumns: stats(afterAll) },
        perRankingMs: Object.fromEntries(
          Object.keys(LEGACY).map((which) => [which, { expressions: stats(before.get(which) ?? []), storedColumns: stats(after.get(which) ?? []) }]),
        ),
      };
    }

    // In Chromium, on the same database (the embedded one: what the app runs on by default).
    const keystroke =
      database.engine === "embedded"
        ? await benchKeystroke({
            databaseUrl: database.url,
            db,
            userId: owner.id,
            email: owner.email,
            queries: queriesFor(counts, 400).filter((query) => KEYSTROKE_KINDS.has(query.kind)),
          }).catch((error: unknown) => {
            console.error("search: the keystroke bench failed:", error);
            return { failed: error instanceof Error ? error.message : String(error) };
          })
        : null;

    const search = stats(searchMs);
    const slowestRank = stats(slowestRankMs);
    return {
      engine: database.engine,
      server: database.server,
      rowsPerUser: ROWS,
      rowsInTotal: ROWS * 2,
      perUser: counts,
      seedMs: Math.round(seedMs),
      seedRowsPerSecond: Math.round((ROWS * 2) / (seedMs / 1000)),
      vectors,
      queries: searchMs.length,
      searchEverythingMs: search,
      goalP95Ms: 100,
      meetsGoal: search.p95 <= 100,
      slowestSingleRankMs: slowestRank,
      ratioP50: slowestRank.p50 ? round(search.p50 / slowestRank.p50) : null,
      ratioP95: slowestRank.p95 ? round(search.p95 / slowestRank.p95) : null,
      rankAloneMs: Object.fromEntries([...rankMs].map(([type, ms]) => [type, stats(ms)])),
      searchByKindMs: Object.fromEntries([...byKind].map(([kind, ms]) => [kind, stats(ms)])),
      queriesWithoutHitsByKind: Object.fromEntries(emptyKinds),
      expressionsVsStoredColumns: comparison,
      ...(keystroke ? { keystroke } : {}),
    };
  } finally {
    await db.$disconnect();
  }
}

export async function benchSearch(): Promise<Record<string, unknown>> {
  return { benchmark: "search", databases: await onEachBenchDatabase(benchOn) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSearch(), null, 2));
}
