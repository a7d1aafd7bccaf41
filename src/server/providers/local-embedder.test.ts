import { describe, expect, it } from "vitest";
import { createLocalEmbedder, embedText, LOCAL_EMBEDDING_MODEL } from "./local-embedder";
import { EMBEDDING_DIMENSIONS } from "./types";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe("local hashed n-gram embedder", () => {
  it("gives one unit vector of 1024 dimensions per text, in order", async () => {
    const embedder = createLocalEmbedder();
    expect(embedder.model).toBe(LOCAL_EMBEDDING_MODEL);
    const texts = ["Call the dentist about the appointment", "", "Invoice 4411 is overdue"];
    const vectors = await embedder.embed(texts, { inputType: "document" });
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
    expect(vectors[2]).toEqual(embedText(texts[2]!));
  });

  it("is deterministic and ignores case, accents and punctuation", () => {
    expect(embedText("Renewal contract for Northwind")).toEqual(embedText("Renewal contract for Northwind"));
    expect(cosine(embedText("Café renewal, contract!"), embedText("cafe RENEWAL contract"))).toBeCloseTo(1, 10);
  });

  it("scores related texts above unrelated ones", () => {
    const query = embedText("when is the contract renewal due");
    const related = embedText("Sam will send the renewal contract by Friday so we can sign for another year");
    const inflected = embedText("renewing contracts");
    const unrelated = embedText("My knee still hurts, the physiotherapist moved my appointment to Tuesday");
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.1);
    expect(cosine(query, inflected)).toBeGreaterThan(cosine(query, unrelated));
    expect(cosine(embedText("overdue invoice payment"), embedText("the invoice payment is overdue"))).toBeGreaterThan(0.5);
  });

  it("is fast enough to embed a long transcript inline", () => {
    const transcript = "We talked about the quarterly budget, hiring and the office move. ".repeat(400);
    const started = performance.now();
    embedText(transcript);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
