import { createHash, randomUUID } from "node:crypto";
import { header, startFakeProviderServer, type FakeProviderServer, type RecordedRequest } from "./provider-server";

/**
 * A local stand-in for Voyage AI's embeddings API (`POST /v1/embeddings`), reached by the
 * `voyageai` SDK through its base URL. It checks `Authorization: Bearer <key>`, enforces the
 * documented limits (at most 128 inputs; output_dimension one of 256/512/1024/2048), and
 * answers `{object: "list", data: [{object: "embedding", embedding, index}], model, usage}` with
 * a deterministic unit vector per text (the same text always gets the same vector).
 */

export interface FakeVoyage extends FakeProviderServer {
  /** VOYAGE_API_BASE_URL: the origin plus /v1 (the SDK appends /embeddings). */
  baseUrl: string;
  apiKey: string;
  /** Requests to /v1/embeddings. */
  embeddings(): RecordedRequest[];
}

interface EmbeddingsRequest {
  input: string | string[];
  model: string;
  input_type?: "query" | "document" | null;
  output_dimension?: number | null;
}

export async function startFakeVoyage(options: { apiKey?: string; latencyMs?: number } = {}): Promise<FakeVoyage> {
  const apiKey = options.apiKey ?? `pa-fake-${randomUUID()}`;
  const server = await startFakeProviderServer({
    latencyMs: options.latencyMs,
    authorize(request) {
      if (header(request, "authorization") === `Bearer ${apiKey}`) return null;
      return { status: 401, body: { detail: "Provided API key is invalid." } };
    },
    handle(request) {
      if (request.method !== "POST" || request.path !== "/v1/embeddings") return { status: 404, body: { detail: "Not Found" } };
      const body = request.json as Partial<EmbeddingsRequest> | null;
      const inputs = typeof body?.input === "string" ? [body.input] : body?.input;
      if (!body || typeof body.model !== "string" || !Array.isArray(inputs)) {
        return { status: 400, body: { detail: "Request body must contain 'input' and 'model'." } };
      }
      if (inputs.length > 128) return { status: 400, body: { detail: "The input list must have at most 128 items." } };
      const dimensions = body.output_dimension ?? 1024;
      if (![256, 512, 1024, 2048].includes(dimensions)) {
        return { status: 400, body: { detail: `output_dimension ${dimensions} is not supported by ${body.model}.` } };
      }
      return {
        status: 200,
        body: {
          object: "list",
          data: inputs.map((text, index) => ({ object: "embedding", embedding: fakeEmbedding(`${body.input_type ?? ""}:${text}`, dimensions), index })),
          model: body.model,
          usage: { total_tokens: inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0) },
        },
      };
    },
    errorBody: (status) => ({ detail: status >= 500 ? "Internal Server Error" : status === 429 ? "Rate limit exceeded." : "Bad Request" }),
  });
  return Object.assign(server, {
    baseUrl: `${server.origin}/v1`,
    apiKey,
    embeddings: () => server.requests.filter((r) => r.path === "/v1/embeddings"),
  });
}

/** A unit vector derived from the text's SHA-256 (a counter-mode stream of bytes). */
export function fakeEmbedding(text: string, dimensions = 1024): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const bytes = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i < bytes.length && values.length < dimensions; i++) values.push(bytes[i]! / 127.5 - 1);
  }
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}
