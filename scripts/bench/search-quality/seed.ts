import type { Prisma } from "../../../src/generated/prisma/client";
import type { Db } from "../../../src/server/db";
import type { Embedder } from "../../../src/server/providers/types";
import { embedCall } from "../../../src/server/search/embeddings/calls";
import { embedPending } from "../../../src/server/search/embeddings/embed";
import { CORPUS_NOW, type Corpus } from "./corpus";

/**
 * The corpus into one user's rows (and back: a hit's type and id to the item's key), and its
 * vectors. Ids are the keys' own ("contact:0042" → "sq-contact-0042"), so the labels' keys map to
 * database ids without a lookup.
 */

const BATCH = 500;

export const idOf = (key: string) => `sq-${key.replace(":", "-")}`;
export const keyOfId = (type: string, id: string) => (id.startsWith("sq-") ? id.slice(3).replace("-", ":") : `${type}:?${id}`);

async function inBatches<T>(items: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH) await insert(items.slice(start, start + BATCH));
}

const USER_NUMBER = "+14155550100";

export async function seedCorpus(db: Db, userId: string, corpus: Corpus): Promise<void> {
  await inBatches(corpus.contacts, (batch) =>
    db.contact.createMany({
      data: batch.map((contact) => ({
        id: idOf(contact.key),
        userId,
        firstName: contact.firstName,
        lastName: contact.lastName,
        company: contact.company,
        jobTitle: contact.jobTitle,
        emails: contact.emails,
        phones: contact.phones,
        tags: contact.tags,
        notes: contact.notes,
        lastContactedAt: contact.lastContactedAt,
      })),
    }),
  );
  await inBatches(corpus.calls, (batch) =>
    db.call.createMany({
      data: batch.map((call) => ({
        id: idOf(call.key),
        userId,
        direction: call.direction,
        status: "completed" as const,
        fromNumber: call.direction === "inbound" ? call.counterpartNumber : USER_NUMBER,
        toNumber: call.direction === "inbound" ? USER_NUMBER : call.counterpartNumber,
        counterpartNumber: call.counterpartNumber,
        contactId: idOf(call.contactKey),
        startedAt: call.startedAt,
        answeredAt: call.startedAt,
        endedAt: new Date(call.startedAt.getTime() + call.durationSeconds * 1000),
        durationSeconds: call.durationSeconds,
        transcriptText: call.transcriptText,
        transcriptSegments: call.segments as unknown as Prisma.InputJsonValue,
        summary: call.summary,
        topics: call.topics,
        fetchStatus: "succeeded" as const,
        transcribeStatus: "succeeded" as const,
        analyzeStatus: "succeeded" as const,
      })),
    }),
  );
  await inBatches(corpus.messages, (batch) =>
    db.message.createMany({
      data: batch.map((message) => ({
        id: idOf(message.key),
        userId,
        direction: message.direction,
        fromNumber: message.direction === "inbound" ? message.counterpartNumber : USER_NUMBER,
        toNumber: message.direction === "inbound" ? USER_NUMBER : message.counterpartNumber,
        counterpartNumber: message.counterpartNumber,
        contactId: idOf(message.contactKey),
        body: message.body,
        deliveryStatus: message.direction === "inbound" ? ("received" as const) : ("delivered" as const),
        receivedAt: message.direction === "inbound" ? message.createdAt : null,
        sentAt: message.direction === "outbound" ? message.createdAt : null,
        createdAt: message.createdAt,
      })),
    }),
  );
  await inBatches(corpus.tasks, (batch) =>
    db.task.createMany({
      data: batch.map((task) => ({
        id: idOf(task.key),
        userId,
        title: task.title,
        description: task.description,
        tags: task.tags,
        contactId: task.contactKey ? idOf(task.contactKey) : null,
        dueAt: task.dueAt,
        updatedAt: task.updatedAt,
      })),
    }),
  );
  await inBatches(corpus.events, (batch) =>
    db.calendarEvent.createMany({
      data: batch.map((event) => ({
        id: idOf(event.key),
        userId,
        title: event.title,
        description: event.description,
        location: event.location,
        startsAt: event.startsAt,
        endsAt: new Date(event.startsAt.getTime() + 3_600_000),
      })),
    }),
  );
  await inBatches(corpus.reminders, (batch) =>
    db.reminder.createMany({
      data: batch.map((reminder) => ({
        id: idOf(reminder.key),
        userId,
        kind: "custom" as const,
        title: reminder.title,
        message: reminder.message,
        timeZone: "UTC",
        startsAtLocal: reminder.nextDueAt.toISOString().slice(0, 16),
        nextDueAt: reminder.nextDueAt,
        channels: ["in_app" as const],
        createdAt: CORPUS_NOW,
      })),
    }),
  );
}

/**
 * The corpus' vectors, as the app makes them: embedPending (every contact, message, task, event
 * and reminder) and embedCall for each call (its vector and its transcript's CallChunk pieces).
 */
export async function indexCorpus(db: Db, embedder: Embedder, userId: string): Promise<{ rows: number; calls: number; chunks: number }> {
  const deps = { db, embedder };
  const { embedded } = await embedPending(deps, userId, { batchSize: 500 });
  const calls = await db.call.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } });
  let done = 0;
  for (const call of calls) if (await embedCall(deps, call.id)) done++;
  const [chunks] = await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS "count" FROM "CallChunk" WHERE "userId" = ${userId}`;
  return { rows: embedded, calls: done, chunks: chunks?.count ?? 0 };
}

/**
 * Runs `load` with the vector (HNSW) indexes dropped, then builds them again: a bulk load, as a
 * restore or a first backfill would do it. Inserting the 9,200 vectors into the HNSW indexes one
 * by one took the embedded database about 6.5 minutes; building the indexes afterwards about 70
 * seconds. Returns the build's milliseconds.
 */
export async function withVectorIndexesBuiltAfter(db: Db, load: () => Promise<unknown>): Promise<number> {
  const indexes = await db.$queryRaw<{ name: string; definition: string }[]>`
    SELECT indexname AS "name", indexdef AS "definition" FROM pg_indexes
     WHERE schemaname = current_schema() AND indexdef ILIKE '%USING hnsw%'`;
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  await load();
  const started = performance.now();
  for (const index of indexes) await db.$executeRawUnsafe(index.definition);
  return performance.now() - started;
}

