import type { Prisma } from "~/generated/prisma/client";
import type { Tx } from "~/server/db";
import type { Embedder } from "~/server/providers/types";
import { callChunks, type CallChunk } from "./chunks";
import { embedDocuments, type EmbedDeps } from "./embed";
import { deleteCallChunks, insertCallChunks, lockCall, writeCallVector } from "./sql";
import { callEmbeddingText, vectorLiteral } from "./text";

/**
 * A call's vectors: one for the whole call (summary, topics, transcript) and one per transcript
 * piece (chunks.ts), all made in batched embedder requests. The recording pipeline's embed stage
 * (src/server/pipeline/embed.ts) and `embedCall` (re-embedding after a model change or a rebuild,
 * the search-quality benchmark) are the same code.
 */

/** What embedding a call reads of it. */
export const callEmbeddingSelect = {
  id: true,
  userId: true,
  summary: true,
  topics: true,
  transcriptText: true,
  transcriptSegments: true,
} as const satisfies Prisma.CallSelect;

export interface CallToEmbed {
  id: string;
  userId: string;
  summary: string | null;
  topics: string[];
  transcriptText: string | null;
  transcriptSegments: Prisma.JsonValue | null;
}

export interface CallVectors {
  model: string;
  vector: number[];
  chunks: (CallChunk & { vector: number[] })[];
}

/**
 * Embeds the call's text and its transcript's pieces. A call with only `transcriptText` (no
 * segments: nothing says when each word was said) gets no pieces, only the call's vector.
 */
export async function embedCallTexts(embedder: Embedder, call: CallToEmbed): Promise<CallVectors> {
  const chunks = callChunks(call.transcriptSegments);
  const [vector, ...chunkVectors] = await embedDocuments(embedder, [callEmbeddingText(call), ...chunks.map((chunk) => chunk.text)]);
  if (!vector) throw new Error(`${embedder.model} returned no vector`);
  return { model: embedder.model, vector, chunks: chunks.map((chunk, i) => ({ ...chunk, vector: chunkVectors[i]! })) };
}

/** Stores the call's vector and replaces its pieces, in the caller's transaction. */
export async function writeCallVectors(tx: Tx, call: { id: string; userId: string }, vectors: CallVectors): Promise<void> {
  await tx.$executeRaw(writeCallVector(call.id, vectorLiteral(vectors.vector), vectors.model));
  await tx.$executeRaw(deleteCallChunks(call.id));
  if (vectors.chunks.length === 0) return;
  const rows = vectors.chunks.map((chunk) => ({ ...chunk, vector: vectorLiteral(chunk.vector) }));
  await tx.$executeRaw(insertCallChunks(call.id, call.userId, vectors.model, rows));
}

/**
 * Embeds one call (and its pieces) now, outside the pipeline. False when there is nothing to
 * embed (no such call, no transcript) or the call changed while it was being embedded (a
 * pipeline stage wrote to it: that stage's own embed step follows, so this result is dropped).
 */
export async function embedCall(deps: EmbedDeps, callId: string): Promise<boolean> {
  const call = await deps.db.call.findUnique({ where: { id: callId }, select: { ...callEmbeddingSelect, updatedAt: true } });
  if (!call?.transcriptText) return false;
  const vectors = await embedCallTexts(deps.embedder, call);
  return deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ updatedAt: Date }[]>(lockCall(call.id));
    if (!row || row.updatedAt.getTime() !== call.updatedAt.getTime()) return false;
    await writeCallVectors(tx, call, vectors);
    return true;
  });
}
