import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createLocalEmbedder, LOCAL_EMBEDDING_MODEL } from "~/server/providers/local-embedder";
import type { Embedder } from "~/server/providers/types";
import { createVoyageEmbedder } from "~/server/providers/voyage";
import { createTestUser } from "~/test/callers";
import { startTestDatabase, type TestDatabase } from "~/test/database";
import { fakeEmbedding, startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { EMBEDDED_TABLES, EMBEDDED_TYPES, type EmbeddedType } from "./documents";
import { embedPending, MAX_REQUEST_TEXTS } from "./embed";
import { MAX_EMBED_CHARS } from "./text";

/** embedPending against a real database: which rows get vectors, when, and from which text. */

let t: TestDatabase;
let voyage: FakeVoyage;
beforeAll(async () => {
  [t, voyage] = await Promise.all([startTestDatabase(), startFakeVoyage()]);
});
afterAll(async () => {
  await Promise.all([t?.stop(), voyage?.close()]);
});

/** The local embedder, recording every text it is asked for; `during` runs inside its first call. */
function spyEmbedder(options: { during?: () => Promise<void>; model?: string } = {}) {
  const local = createLocalEmbedder();
  const texts: string[][] = [];
  let during = options.during;
  const embedder: Embedder = {
    model: options.model ?? local.model,
    relatedAbove: local.relatedAbove,
    async embed(batch, opts) {
      texts.push([...batch]);
      const hook = during;
      during = undefined;
      await hook?.();
      return local.embed(batch, opts);
    },
  };
  return { embedder, texts, all: () => texts.flat() };
}

/** One row of every type for the user, each mentioning `word`. */
async function rowsOfEveryType(userId: string, word: string) {
  const contact = await t.db.contact.create({
    data: { userId, firstName: "Ada", lastName: word, company: "Engines", emails: [`${word.toLowerCase()}@engines.example`], phones: ["+14155550111"], notes: `Met at the ${word} fair` },
  });
  const message = await t.db.message.create({
    data: { userId, direction: "inbound", fromNumber: "+14155550111", toNumber: "+14155550100", counterpartNumber: "+14155550111", body: `The ${word} invoice is attached`, deliveryStatus: "received" },
  });
  const task = await t.db.task.create({ data: { userId, title: `Send the ${word} contract`, description: "With the new terms", tags: ["legal"] } });
  const event = await t.db.calendarEvent.create({
    data: { userId, title: `${word} review`, location: "Room 4", startsAt: new Date("2026-12-22T16:00:00Z"), endsAt: new Date("2026-12-22T17:00:00Z") },
  });
  const reminder = await t.db.reminder.create({
    data: {
      userId,
      kind: "custom",
      title: `Pay the ${word} rent`,
      message: "The rent is due",
      timeZone: "UTC",
      startsAtLocal: "2026-12-24T09:00",
      channels: ["in_app"],
      nextDueAt: new Date("2026-12-24T09:00:00Z"),
    },
  });
  return { contact: contact.id, message: message.id, task: task.id, event: event.id, reminder: reminder.id } satisfies Record<EmbeddedType, string>;
}

/** Per type, an edit of a field the document reads and one of a field it does not. */
const edits: Record<EmbeddedType, { read: (id: string) => Promise<unknown>; other: (id: string) => Promise<unknown> }> = {
  contact: {
    read: (id) => t.db.contact.update({ where: { id }, data: { notes: "Talk about the difference engine" } }),
    other: (id) => t.db.contact.update({ where: { id }, data: { phones: ["+14155550199"], relationshipScore: 42 } }),
  },
  message: {
    read: (id) => t.db.message.update({ where: { id }, data: { body: "A corrected invoice" } }),
    other: (id) => t.db.message.update({ where: { id }, data: { readAt: new Date(), deliveryStatus: "delivered" } }),
  },
  task: {
    read: (id) => t.db.task.update({ where: { id }, data: { tags: ["legal", "urgent"] } }),
    other: (id) => t.db.task.update({ where: { id }, data: { status: "done", priority: "high", dueAt: new Date() } }),
  },
  event: {
    read: (id) => t.db.calendarEvent.update({ where: { id }, data: { location: "Room 5" } }),
    other: (id) => t.db.calendarEvent.update({ where: { id }, data: { startsAt: new Date("2026-12-23T16:00:00Z"), endsAt: new Date("2026-12-23T17:00:00Z") } }),
  },
  reminder: {
    read: (id) => t.db.reminder.update({ where: { id }, data: { message: "The rent is due on Friday" } }),
    other: (id) => t.db.reminder.update({ where: { id }, data: { nextDueAt: new Date("2026-12-25T09:00:00Z") } }),
  },
};

interface VectorState {
  id: string;
  text: string;
  hasVector: boolean;
  model: string | null;
  fresh: boolean;
  vector: string | null;
}

async function vectorState(type: EmbeddedType, id: string): Promise<VectorState> {
  const { table, document } = EMBEDDED_TABLES[type];
  const [row] = await t.db.$queryRaw<VectorState[]>(Prisma.sql`
    SELECT "id", ${document} AS "text", "embedding" IS NOT NULL AS "hasVector", "embeddingModel" AS "model",
           coalesce("embeddedHash" = "documentHash", false) AS "fresh", "embedding"::text AS "vector"
      FROM ${table} WHERE "id" = ${id}`);
  return row!;
}

describe("embedPending", () => {
  it("embeds each type after it is created, again after an edit to a field its text reads, and not after an edit to another", async () => {
    const user = await createTestUser(t.db);
    const ids = await rowsOfEveryType(user.id, "Zephyr");
    for (const type of EMBEDDED_TYPES) expect((await vectorState(type, ids[type])).fresh, type).toBe(false);

    const first = spyEmbedder();
    expect(await embedPending({ db: t.db, embedder: first.embedder }, user.id)).toEqual({ embedded: 5, remaining: false });
    const before = new Map<EmbeddedType, VectorState>();
    for (const type of EMBEDDED_TYPES) {
      const state = await vectorState(type, ids[type]);
      expect(state, type).toMatchObject({ hasVector: true, model: LOCAL_EMBEDDING_MODEL, fresh: true });
      expect(first.all(), type).toContain(state.text);
      before.set(type, state);
    }
    // All five texts went in one request.
    expect(first.texts).toHaveLength(1);

    // Nothing changed: nothing to do.
    const idle = spyEmbedder();
    expect(await embedPending({ db: t.db, embedder: idle.embedder }, user.id)).toEqual({ embedded: 0, remaining: false });
    expect(idle.texts).toHaveLength(0);

    // Fields the embedder does not read: still fresh, not embedded again.
    for (const type of EMBEDDED_TYPES) await edits[type].other(ids[type]);
    for (const type of EMBEDDED_TYPES) expect((await vectorState(type, ids[type])).fresh, type).toBe(true);
    expect(await embedPending({ db: t.db, embedder: idle.embedder }, user.id)).toEqual({ embedded: 0, remaining: false });
    expect(idle.texts).toHaveLength(0);

    // Fields it reads: each row is embedded again, from its new text.
    for (const type of EMBEDDED_TYPES) await edits[type].read(ids[type]);
    for (const type of EMBEDDED_TYPES) expect((await vectorState(type, ids[type])).fresh, type).toBe(false);
    const second = spyEmbedder();
    expect(await embedPending({ db: t.db, embedder: second.embedder }, user.id)).toEqual({ embedded: 5, remaining: false });
    for (const type of EMBEDDED_TYPES) {
      const state = await vectorState(type, ids[type]);
      expect(state.fresh, type).toBe(true);
      expect(state.text, type).not.toBe(before.get(type)!.text);
      expect(second.all(), type).toEqual(expect.arrayContaining([state.text]));
      expect(state.vector, type).not.toBe(before.get(type)!.vector);
    }
  });

  it("embeds a row edited while its text was being embedded again, from the edited text", async () => {
    const user = await createTestUser(t.db);
    const task = await t.db.task.create({ data: { userId: user.id, title: "Call the plumber" } });
    const spy = spyEmbedder({
      // The user saves a new title after the job read the old one, before it wrote the vector.
      during: () => t.db.task.update({ where: { id: task.id }, data: { title: "Call the electrician" } }).then(() => undefined),
    });
    const result = await embedPending({ db: t.db, embedder: spy.embedder }, user.id);
    // The first write carried the old text's hash: the row still differed, and the next pass embedded it again.
    expect(spy.texts).toEqual([["Call the plumber\n\n"], ["Call the electrician\n\n"]]);
    expect(result).toEqual({ embedded: 2, remaining: false });
    const state = await vectorState("task", task.id);
    expect(state.fresh).toBe(true);
    const [expected] = await createLocalEmbedder().embed(["Call the electrician\n\n"], { inputType: "document" });
    const stored = JSON.parse(state.vector!) as number[];
    // halfvec keeps ~3 significant digits.
    stored.forEach((value, i) => expect(value).toBeCloseTo(expected![i]!, 2));
  });

  it("stops at the deadline and says rows remain; a later run finishes them", async () => {
    const user = await createTestUser(t.db);
    await t.db.task.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ userId: user.id, title: `Task number ${i}` })) });
    const spy = spyEmbedder();
    const partial = await embedPending({ db: t.db, embedder: spy.embedder }, user.id, { batchSize: 3, deadlineMs: 0 });
    expect(partial).toEqual({ embedded: 3, remaining: true });
    const rest = await embedPending({ db: t.db, embedder: spy.embedder }, user.id, { batchSize: 3 });
    expect(rest).toEqual({ embedded: 4, remaining: false });
    expect(spy.texts.map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  it("leaves another user's rows alone", async () => {
    const [alice, bob] = await Promise.all([createTestUser(t.db), createTestUser(t.db)]);
    const [aliceIds, bobIds] = await Promise.all([rowsOfEveryType(alice.id, "Alpine"), rowsOfEveryType(bob.id, "Baltic")]);
    const spy = spyEmbedder();
    await embedPending({ db: t.db, embedder: spy.embedder }, alice.id);
    for (const type of EMBEDDED_TYPES) {
      expect((await vectorState(type, aliceIds[type])).fresh, type).toBe(true);
      expect(await vectorState(type, bobIds[type]), type).toMatchObject({ hasVector: false, fresh: false });
    }
    expect(spy.all().join(" ")).not.toContain("Baltic");
  });

  it("indexes a message with no words without a vector, and cuts very long texts", async () => {
    const user = await createTestUser(t.db);
    const picture = await t.db.message.create({
      data: { userId: user.id, direction: "inbound", fromNumber: "+14155550111", toNumber: "+14155550100", counterpartNumber: "+14155550111", body: "", deliveryStatus: "received" },
    });
    const long = await t.db.task.create({ data: { userId: user.id, title: "Long", description: "word ".repeat(10_000) } });
    const spy = spyEmbedder();
    expect(await embedPending({ db: t.db, embedder: spy.embedder }, user.id)).toEqual({ embedded: 2, remaining: false });
    expect(await vectorState("message", picture.id)).toMatchObject({ hasVector: false, model: LOCAL_EMBEDDING_MODEL, fresh: true });
    expect(await vectorState("task", long.id)).toMatchObject({ hasVector: true, fresh: true });
    expect(spy.all()).toHaveLength(1);
    expect(spy.all()[0]).toHaveLength(MAX_EMBED_CHARS);
  });

  it("embeds through Voyage (its HTTP fake) in requests of at most 128 texts", async () => {
    const user = await createTestUser(t.db);
    const count = MAX_REQUEST_TEXTS + 22;
    await t.db.contact.createMany({ data: Array.from({ length: count }, (_, i) => ({ userId: user.id, firstName: `Person${i}`, notes: `Notes about person ${i}` })) });
    const embedder = createVoyageEmbedder({ apiKey: voyage.apiKey, baseUrl: voyage.baseUrl, model: "voyage-3.5", timeoutMs: 10_000 });
    const requestsBefore = voyage.embeddings().length;
    const result = await embedPending({ db: t.db, embedder }, user.id, { batchSize: 500 });
    expect(result).toEqual({ embedded: count, remaining: false });
    const requests = voyage.embeddings().slice(requestsBefore);
    const sizes = requests.map((r) => (r.json as { input: string[] }).input.length);
    expect(sizes).toEqual([MAX_REQUEST_TEXTS, count - MAX_REQUEST_TEXTS]);
    for (const request of requests) expect(request.json).toMatchObject({ model: "voyage-3.5", input_type: "document", output_dimension: 1024 });

    const rows = await t.db.$queryRaw<{ text: string; model: string; vector: string }[]>`
      SELECT ${EMBEDDED_TABLES.contact.document} AS "text", "embeddingModel" AS "model", "embedding"::text AS "vector"
        FROM "Contact" WHERE "userId" = ${user.id} AND "embeddedHash" = "documentHash"`;
    expect(rows).toHaveLength(count);
    const sample = rows[0]!;
    expect(sample.model).toBe("voyage:voyage-3.5");
    const expected = fakeEmbedding(`document:${sample.text}`);
    (JSON.parse(sample.vector) as number[]).slice(0, 20).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 2));
  });
});
