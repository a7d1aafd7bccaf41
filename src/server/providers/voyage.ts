import { GeneratedVoyageAIClient, VoyageAIError, VoyageAITimeoutError } from "voyageai";
import { ProviderError } from "./errors";
import { connectionError, invalidResponse, statusError, withDeadline } from "./request";
import { EMBEDDING_DIMENSIONS, type Embedder } from "./types";

/**
 * Voyage AI embeddings through the `voyageai` SDK (Fern-generated; `baseUrl` replaces its
 * https://api.voyageai.com/v1 environment). The SDK's default export, `VoyageAIClient`, runs
 * some models ("voyage-4-nano") in-process through Transformers.js, which is not installed;
 * the generated client always calls the API, whatever VOYAGE_MODEL says.
 *
 * `output_dimension` 1024 matches the vector columns; batches stay within the API's 128 texts
 * and well within its token limit per request.
 */

export interface VoyageEmbedderOptions {
  apiKey: string;
  /** Including /v1: "https://api.voyageai.com/v1". */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

const MAX_BATCH_TEXTS = 128;
/** About 125k tokens: under voyage-3.5's 320k tokens per request even for token-dense text. */
const MAX_BATCH_CHARS = 500_000;

export function createVoyageEmbedder(options: VoyageEmbedderOptions): Embedder {
  const model = `voyage:${options.model}`;
  const client = new GeneratedVoyageAIClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    timeoutInSeconds: options.timeoutMs / 1000,
    // The job queue retries with backoff; SDK retries would multiply the attempts behind its back.
    maxRetries: 0,
  });

  const embedBatch = async (texts: string[], inputType: "document" | "query", signal: AbortSignal | undefined) => {
    const response = await withDeadline(
      { provider: model, timeoutMs: options.timeoutMs, signal },
      (abortSignal) =>
        client.embed(
          { input: texts, model: options.model, inputType, outputDimension: EMBEDDING_DIMENSIONS },
          { abortSignal },
        ),
      (error) => classify(model, error),
    );
    const data = [...(response.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.length !== texts.length) throw invalidResponse(model, `${data.length} embeddings for ${texts.length} texts`);
    return data.map(({ embedding }) => {
      if (!embedding || embedding.length !== EMBEDDING_DIMENSIONS) {
        throw invalidResponse(model, `embedding of ${embedding?.length ?? 0} dimensions, expected ${EMBEDDING_DIMENSIONS}`);
      }
      return normalise(model, embedding);
    });
  };

  return {
    model,
    // Voyage's general-purpose models put unrelated text around 0.1–0.3 cosine and related
    // text above; 0.3 keeps loosely related calls while dropping the merely nearest.
    relatedAbove: 0.3,
    async embed(texts, { inputType, signal }) {
      const vectors: number[][] = [];
      // One batch at a time: the rate limit is per minute, parallel batches only hit it sooner.
      for (const batch of batches(texts)) vectors.push(...(await embedBatch(batch, inputType, signal)));
      return vectors;
    },
  };
}

function classify(provider: string, error: unknown): ProviderError {
  if (error instanceof VoyageAITimeoutError) return new ProviderError(provider, error.message, "timeout", null, false);
  if (error instanceof VoyageAIError && error.statusCode !== undefined) return statusError(provider, error.statusCode, error.body);
  return connectionError(provider, error);
}

function batches(texts: string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (current.length === MAX_BATCH_TEXTS || (current.length > 0 && chars + text.length > MAX_BATCH_CHARS)) {
      result.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += text.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Voyage's vectors are unit length already; re-normalising keeps that a checked fact. */
function normalise(provider: string, vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  if (!Number.isFinite(norm) || norm === 0) throw invalidResponse(provider, "embedding is zero or not finite");
  return vector.map((value) => value / norm);
}
