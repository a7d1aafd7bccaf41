import type { Db } from "~/server/db";
import type { Embedder } from "~/server/providers/types";
import { EMBEDDED_TYPES, type EmbeddedType } from "./documents";
import { staleRows, writeVectors, type StaleRow, type VectorWrite } from "./sql";
import { documentEmbeddingText, vectorLiteral } from "./text";

/**
 * Vectors for the rows of every embedded type (contacts, messages, tasks, events, reminders)
 * whose text changed since they were embedded ("embeddedHash" differs from the generated
 * "documentHash"; see documents.ts and the migration). Calls have theirs from the recording
 * pipeline (calls.ts).
 */

export interface EmbedDeps {
  db: Db;
  embedder: Embedder;
}

/**
 * One embedder request at most this many texts and characters: Voyage takes 128 inputs per
 * request (the fake enforces it) and 320k tokens for voyage-3.5; 100k characters stay far under
 * that even for token-dense text, and keep one request a few seconds.
 */
export const MAX_REQUEST_TEXTS = 128;
export const MAX_REQUEST_CHARS = 100_000;
/** Rows read per type and pass. */
export const DEFAULT_BATCH_SIZE = 128;

/** Texts in request-sized groups, in order. */
export function requestBatches(texts: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (current.length === MAX_REQUEST_TEXTS || (current.length > 0 && chars + text.length > MAX_REQUEST_CHARS)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += text.length;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** One document vector per text, in order, in as few requests as the limits allow. */
export async function embedDocuments(embedder: Embedder, texts: readonly string[]): Promise<number[][]> {
  const vectors: number[][] = [];
  for (const batch of requestBatches(texts)) {
    const result = await embedder.embed(batch, { inputType: "document" });
    if (result.length !== batch.length) throw new Error(`${embedder.model} returned ${result.length} vectors for ${batch.length} texts`);
    vectors.push(...result);
  }
  return vectors;
}

export interface EmbedPendingOptions {
  /** Rows read per type and pass (default 128). */
  batchSize?: number;
  /** Milliseconds from now after which no new pass starts (the job's budget); default: until done. */
  deadlineMs?: number;
}

/**
 * Embeds the user's rows that need a vector, a batch of each type per pass, until none is left or
 * the deadline passes. `remaining`: stopped at the deadline with rows possibly left (the caller
 * runs it again). A row edited while its text was being embedded keeps differing hashes (the
 * hash written is the one read with the text) and is embedded again by the next pass.
 */
export async function embedPending(
  deps: EmbedDeps,
  userId: string,
  options: EmbedPendingOptions = {},
): Promise<{ embedded: number; remaining: boolean }> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const deadline = options.deadlineMs === undefined ? Infinity : Date.now() + options.deadlineMs;
  let embedded = 0;
  for (;;) {
    // A pass reads a batch of every type and embeds them together: a few new rows of each type
    // are one embedder request, not five.
    const pass: { type: EmbeddedType; rows: StaleRow[] }[] = [];
    for (const type of EMBEDDED_TYPES) {
      const rows = await deps.db.$queryRaw<StaleRow[]>(staleRows(type, userId, batchSize));
      if (rows.length) pass.push({ type, rows });
    }
    if (pass.length === 0) return { embedded, remaining: false };
    const writes = await vectorsFor(deps.embedder, pass.flatMap(({ rows }) => rows));
    let offset = 0;
    for (const { type, rows } of pass) {
      await deps.db.$executeRaw(writeVectors(type, userId, deps.embedder.model, writes.slice(offset, offset + rows.length)));
      offset += rows.length;
      embedded += rows.length;
    }
    if (Date.now() >= deadline) return { embedded, remaining: true };
  }
}

async function vectorsFor(embedder: Embedder, rows: StaleRow[]): Promise<VectorWrite[]> {
  const texts = rows.map((row) => documentEmbeddingText(row.text));
  // A row with no words (a message that was only a picture) is indexed without a vector.
  const wordy = texts.flatMap((text, i) => (text.trim() ? [i] : []));
  const vectors = await embedDocuments(embedder, wordy.map((i) => texts[i]!));
  const byRow = new Map(wordy.map((row, k) => [row, vectors[k]!]));
  return rows.map((row, i) => {
    const vector = byRow.get(i);
    return { id: row.id, hash: row.documentHash, vector: vector ? vectorLiteral(vector) : null };
  });
}
