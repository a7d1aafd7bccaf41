import { callEmbeddingSelect, embedCallTexts, writeCallVectors } from "~/server/search/embeddings/calls";
import { defineStage } from "./stage-run";
import { WAITING_FOR_TRANSCRIPT } from "./table";

export { callEmbeddingText, MAX_EMBED_CHARS, vectorLiteral } from "~/server/search/embeddings/text";

/**
 * Stage 4: the call's vector for semantic search, and its transcript's time-stamped pieces with
 * theirs (Voyage, or the local embedder), stored with the stage's result in one transaction: the
 * pieces of an earlier transcript are replaced. The same code embeds calls again after a model
 * change or a rebuild (embedCall, src/server/search/embeddings/calls.ts).
 */
export const embedStage = defineStage({
  select: callEmbeddingSelect,
  plan(deps, call) {
    if (!call.transcriptText) return { wait: WAITING_FOR_TRANSCRIPT };
    const embedder = deps.providers.embedder;
    return {
      provider: embedder.model,
      async run() {
        const vectors = await embedCallTexts(embedder, call);
        return {
          provider: embedder.model,
          data: { embeddingModel: embedder.model },
          commit: (tx) => writeCallVectors(tx, call, vectors),
        };
      },
    };
  },
});
