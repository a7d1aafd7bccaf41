/**
 * What the embedder is given, and how a vector goes back into SQL. Shared by the recording
 * pipeline's embed stage (src/server/pipeline/embed.ts re-exports these) and the search index jobs.
 */

/** Enough for a long call; Voyage's context (32k tokens) holds it with room to spare. */
export const MAX_EMBED_CHARS = 24_000;

/** A call's text: its summary, topics and transcript, cut to MAX_EMBED_CHARS. */
export function callEmbeddingText(call: { summary: string | null; topics: string[]; transcriptText: string | null }): string {
  const parts = [call.summary, call.topics.length ? `Topics: ${call.topics.join(", ")}` : null, call.transcriptText];
  return parts.filter((part): part is string => !!part?.trim()).join("\n\n").slice(0, MAX_EMBED_CHARS);
}

/** A row's document as the embedder reads it: cut as a call's text is. */
export function documentEmbeddingText(text: string): string {
  return text.slice(0, MAX_EMBED_CHARS);
}

/** pgvector's text form; the value is bound as a parameter and cast, never spliced into SQL. */
export function vectorLiteral(vector: number[]): string {
  return `[${vector.join(",")}]`;
}
