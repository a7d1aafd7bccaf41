/**
 * Contacts list at 50,000 contacts: p50/p95 latency of the `contacts.list` tRPC call (with a
 * typo'd search) against the raw SQL it runs, same query and parameters on the same connection
 * pool, interleaved in one run. Run alone: `tsx scripts/bench/contacts.ts`.
 */
import { pathToFileURL } from "node:url";
import { startEmbeddedPostgres } from "../../src/embedded-db/server";
import { migrate } from "../../src/server/db/migrator";
import { createDb } from "../../src/server/db";
import { benchCaller, percentile, round } from "./stats";
import { contactListQuery } from "../../src/server/contacts/list";
import { listContactsInput } from "../../src/server/contacts/schemas";

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50_000);
const SAMPLES = Number(process.env.BENCH_CONTACTS_SAMPLES ?? 120);
const SEARCHES = ["Jonh Smyth", "mari garcia", "Kowalsky", "415 000 1234", "person4242@example.com", "Olivr Brwn"];


export async function benchContacts(): Promise<Record<string, unknown>> {
  const server = await startEmbeddedPostgres({ port: 0 });
  const db = createDb(server.url, { max: 4 });
  try {
    await migrate({ connectionString: server.url });
    const [owner, other] = await Promise.all([
      db.user.create({ data: { email: "bench@example.com", name: "Bench", passwordHash: "x" } }),
      db.user.create({ data: { email: "other@example.com", name: "Other", passwordHash: "x" } }),
    ]);
    const seeded = performance.now();
    // Set-based: names, companies, phones and tags cycle through small lists, as in a real book.
    for (const [userId, count] of [
      [owner.id, CONTACTS],
      [other.id, Math.round(CONTACTS / 10)],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO "Contact" ("id", "userId", "firstName", "lastName", "emails", "phones", "company", "tags", "updatedAt")
        SELECT ${userId} || '-' || g,
               ${userId},
               -- One contact in 100 has a common real name; the rest pseudo-random ones, so a
               -- search matches a realistic handful instead of a tenth of the book.
               CASE WHEN g % 100 = 0 THEN (ARRAY['John','Maria','Oliver','Anna','Piotr'])[1 + (g / 100) % 5]
                    ELSE initcap(substr(md5(g::text), 1, 3 + g % 5)) END,
               CASE WHEN g % 100 = 0 THEN (ARRAY['Smith','Garcia','Brown','Kowalski','Hopper'])[1 + (g / 500) % 5]
                    ELSE initcap(translate(substr(md5((g * 7)::text), 1, 8), '0123456789', 'aeioulrnst')) END,
               ARRAY['person' || g || '@example.com'],
               ARRAY['+1415' || lpad(g::text, 7, '0')],
               CASE WHEN g % 3 = 0 THEN NULL ELSE 'Company ' || initcap(substr(md5((g % 2000)::text), 1, 6)) END,
               ARRAY[(ARRAY['client','vendor','friend','family'])[1 + g % 4]],
               now()
          FROM generate_series(1, ${count}::int) AS g`;
    }
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Contact"`);
    const seedMs = performance.now() - seeded;

    const api = await benchCaller(db, owner);
    const raw = async (input: { search: string; page: number; pageSize: number }) => {
      const { setup, query } = contactListQuery(owner.id, listContactsInput.parse(input));
      // The same statements listContacts sends, in the same transaction shape.
      return db.$transaction([...setup.map((s) => db.$executeRaw(s)), db.$queryRaw(query)]);
    };

    const trpcMs: number[] = [];
    const rawMs: number[] = [];
    const bySearch = new Map<string, number[]>();
    let matches = 0;
    for (let i = 0; i < SAMPLES + 10; i++) {
      const input = { search: SEARCHES[i % SEARCHES.length]!, page: 1, pageSize: 25 };
      // Alternate which goes first so neither always gets the warmer cache.
      const order = i % 2 === 0 ? ["trpc", "raw"] : ["raw", "trpc"];
      for (const which of order) {
        const started = performance.now();
        if (which === "trpc") {
          const result = await api.contacts.list(input);
          if (i >= 10) matches += result.total;
        } else {
          await raw(input);
        }
        const ms = performance.now() - started;
        if (i >= 10) {
          // The first 10 rounds warm up.
          (which === "trpc" ? trpcMs : rawMs).push(ms);
          if (which === "trpc") bySearch.set(input.search, [...(bySearch.get(input.search) ?? []), ms]);
        }
      }
    }
    trpcMs.sort((a, b) => a - b);
    rawMs.sort((a, b) => a - b);
    const trpc = { p50: round(percentile(trpcMs, 50)), p95: round(percentile(trpcMs, 95)) };
    const rawSql = { p50: round(percentile(rawMs, 50)), p95: round(percentile(rawMs, 95)) };
    if (matches === 0) throw new Error("the searches matched nothing: the benchmark measured empty results");
    return {
      benchmark: "contacts-list",
      contacts: CONTACTS,
      samplesEach: SAMPLES,
      searches: SEARCHES,
      seedMs: Math.round(seedMs),
      trpcMs: trpc,
      rawSqlMs: rawSql,
      ratioP50: round(trpc.p50 / rawSql.p50),
      ratioP95: round(trpc.p95 / rawSql.p95),
      averageMatches: Math.round(matches / SAMPLES),
      trpcP50BySearchMs: Object.fromEntries(
        [...bySearch].map(([search, ms]) => [search, round(percentile(ms.sort((a, b) => a - b), 50))]),
      ),
    };
  } finally {
    await db.$disconnect();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchContacts()
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
