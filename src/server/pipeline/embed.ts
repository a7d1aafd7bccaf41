import { defineStage } from "./stage-run";
import { WAITING_FOR_TRANSCRIPT } from "./table";

/** Enough for a long call; Voyage's context (32k tokens) holds it with room to spare. */
const MAX_EMBED_CHARS = 24_000;

export function callEmbeddingText(call: { summary: string | null; topics: string[]; transcriptText: string | null }): string {
  const parts = [call.summary, call.topics.length ? `Topics: ${call.topics.join(", ")}` : null, call.transcriptText];
  return parts.filter((part): part is string => !!part?.trim()).join("\n\n").slice(0, MAX_EMBED_CHARS);
}

/** pgvector's text form; the value is bound as a parameter and cast, never spliced into SQL. */
export function vectorLiteral(vector: number[]): string {
  return `[${vector.join(",")}]`;
}

/** Stage 4: the call's vector for semantic search (Voyage, or the local embedder). */
export const embedStage = defineStage({
  select: { summary: true, topics: true, transcriptText: true },
  plan(deps, call) {
    if (!call.transcriptText) return { wait: WAITING_FOR_TRANSCRIPT };
    const text = callEmbeddingText(call);
    const embedder = deps.providers.embedder;
    return {
      provider: embedder.model,
      async run() {
        const [vector] = await embedder.embed([text], { inputType: "document" });
        if (!vector) throw new Error(`${embedder.model} returned no vector`);
        return {
          provider: embedder.model,
          data: { embeddingModel: embedder.model },
          commit: async (tx) => {
            await tx.$executeRaw`UPDATE "Call" SET embedding = ${vectorLiteral(vector)}::halfvec WHERE id = ${call.id}`;
          },
        };
      },
    };
  },
});
