import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { header } from "~/test/fakes/provider-server";
import { fakeEmbedding, startFakeVoyage, type FakeVoyage } from "~/test/fakes/voyage";
import { ProviderError } from "./errors";
import { EMBEDDING_DIMENSIONS } from "./types";
import { createVoyageEmbedder } from "./voyage";

describe("Voyage embedder (real SDK against the fake)", () => {
  let fake: FakeVoyage;
  const embedder = (timeoutMs = 5_000, apiKey = fake.apiKey) =>
    createVoyageEmbedder({ apiKey, baseUrl: fake.baseUrl, model: "voyage-3.5", timeoutMs });

  beforeAll(async () => {
    fake = await startFakeVoyage();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("asks for 1024-dimension document or query embeddings with the Bearer key", async () => {
    const vectors = await embedder().embed(["renewal contract", "dentist appointment"], { inputType: "document" });
    const [request] = fake.embeddings();
    expect(header(request!, "authorization")).toBe(`Bearer ${fake.apiKey}`);
    expect(request!.json).toEqual({
      input: ["renewal contract", "dentist appointment"],
      model: "voyage-3.5",
      input_type: "document",
      output_dimension: 1024,
    });
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 10);
    expect(vectors[1]![5]).toBeCloseTo(fakeEmbedding("document:dentist appointment")[5]!, 12);

    await embedder().embed(["renewal"], { inputType: "query" });
    expect((fake.embeddings()[1]!.json as { input_type: string }).input_type).toBe("query");
    expect(embedder().model).toBe("voyage:voyage-3.5");
  });

  it("sends at most 128 texts per request and keeps the order", async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `note ${i}`);
    const vectors = await embedder().embed(texts, { inputType: "document" });
    expect(fake.embeddings().map((r) => (r.json as { input: string[] }).input.length)).toEqual([128, 128, 44]);
    expect(vectors).toHaveLength(300);
    expect(vectors[299]![0]).toBeCloseTo(fakeEmbedding("document:note 299")[0]!, 12);
  });

  it("rejects vectors of the wrong size as an invalid answer", async () => {
    fake.respondNext({
      status: 200,
      body: { object: "list", data: [{ object: "embedding", embedding: fakeEmbedding("x", 512), index: 0 }], model: "voyage-3.5", usage: { total_tokens: 1 } },
    });
    const error = await embedder().embed(["x"], { inputType: "query" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid_response", permanent: true });
  });

  it("a 500 is a retryable server error, made once (no SDK retries)", async () => {
    fake.respondNext({ status: 500, times: 3 });
    const error = await embedder().embed(["x"], { inputType: "query" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, permanent: false });
    expect(fake.embeddings()).toHaveLength(1);
  });

  it("a bad key is a permanent rejection", async () => {
    const error = await embedder(5_000, "pa-wrong").embed(["x"], { inputType: "query" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", httpStatus: 401, permanent: true });
    expect((error as Error).message).toContain("Provided API key is invalid.");
  });

  it("a stalled answer is a timeout within the timeout", async () => {
    fake.respondNext({ delayMs: 2_000 });
    const started = Date.now();
    const error = await embedder(300).embed(["x"], { inputType: "query" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", permanent: false });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
