import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateCorpus, keysOf } from "./corpus";
import { mean, ndcgAt, recallAt, relativeGain } from "./metrics";
import { buildQueries, normalized, type LabelledQuery } from "./queries";

/** search-quality's maths, corpus and labels (the benchmark itself: npm run bench -- search-quality). */

describe("NDCG@k", () => {
  it("is 1 for the ideal order and 0 without a relevant result", () => {
    expect(ndcgAt(["a", "b", "c"], { a: 2 })).toBe(1);
    expect(ndcgAt(["a", "b"], { a: 2, b: 1 })).toBe(1);
    expect(ndcgAt(["x", "y"], { a: 2 })).toBe(0);
    expect(ndcgAt([], { a: 2 })).toBe(0);
    expect(ndcgAt(["a"], {})).toBe(0);
  });

  it("discounts by log2 of the place and gains 2^grade − 1 (hand-computed)", () => {
    // DCG = 3 / log2(3) = 1.892789; ideal = 3 / log2(2) = 3.
    expect(ndcgAt(["x", "a"], { a: 2 })).toBeCloseTo(0.63093, 5);
    // DCG = 1/1 + 3/log2(3) = 2.892789; ideal = 3 + 1/log2(3) = 3.630930.
    expect(ndcgAt(["b", "a"], { a: 2, b: 1 })).toBeCloseTo(0.79671, 5);
    // DCG = 1/log2(3) + 1/log2(4) = 1.130930; ideal = 1 + 1/log2(3) = 1.630930.
    expect(ndcgAt(["x", "a", "b"], { a: 1, b: 1 })).toBeCloseTo(0.69343, 5);
  });

  it("looks at the first k results only, and counts a repeated result once", () => {
    const results = [...Array.from({ length: 10 }, (_, i) => `x${i}`), "a"];
    expect(ndcgAt(results, { a: 2 }, 10)).toBe(0);
    expect(ndcgAt(results, { a: 2 }, 11)).toBeCloseTo(3 / Math.log2(12) / 3, 10);
    // ["a", "a", "b"] is ["a", "b"]: b at place 2.
    expect(ndcgAt(["a", "a", "b"], { b: 1 })).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it("cuts the ideal order at k too", () => {
    const labels = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`r${i}`, 1]));
    expect(ndcgAt(Array.from({ length: 10 }, (_, i) => `r${i}`), labels, 10)).toBe(1);
  });
});

describe("recall@k", () => {
  it("is the share of the relevant items (grade ≥ 1) in the first k", () => {
    expect(recallAt(["a", "x", "c"], { a: 2, b: 1, c: 1 })).toBeCloseTo(2 / 3, 10);
    expect(recallAt(["a"], { a: 2, z: 0 })).toBe(1);
    expect(recallAt(["x", "a"], { a: 1 }, 1)).toBe(0);
    expect(recallAt(["a"], {})).toBe(0);
  });

  it("means and relative gains", () => {
    expect(mean([1, 0, 0.5])).toBe(0.5);
    expect(mean([])).toBe(0);
    expect(relativeGain(0.6, 0.5)).toBeCloseTo(0.2, 10);
    expect(relativeGain(0.5, 0)).toBeNull();
  });
});

describe("the corpus", () => {
  const corpus = generateCorpus();

  it("is the same for the same seed, and another for another seed", () => {
    expect(generateCorpus()).toEqual(corpus);
    const other = generateCorpus(15);
    expect(other.contacts.map((contact) => contact.firstName)).not.toEqual(corpus.contacts.map((contact) => contact.firstName));
    expect(other.calls[0]!.transcriptText).not.toBe(corpus.calls[0]!.transcriptText);
  });

  it("has the issue's sizes, unique keys and unique numbers, and time-stamped transcripts", () => {
    expect(corpus.contacts.length).toBeGreaterThanOrEqual(2_000);
    expect(corpus.calls.length).toBeGreaterThanOrEqual(500);
    expect(corpus.messages.length).toBeGreaterThanOrEqual(5_000);
    expect(corpus.tasks.length).toBeGreaterThanOrEqual(1_000);
    expect(corpus.events.length).toBeGreaterThan(0);
    expect(corpus.reminders.length).toBeGreaterThan(0);
    const all = [corpus.contacts, corpus.calls, corpus.messages, corpus.tasks, corpus.events, corpus.reminders].flat();
    expect(keysOf(corpus).size).toBe(all.length);
    const phones = corpus.contacts.flatMap((contact) => contact.phones);
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.every((phone) => /^\+\d{11,13}$/.test(phone))).toBe(true);
    for (const call of corpus.calls) {
      expect(call.transcriptText).toBe(call.segments.map((segment) => segment.text).join(" "));
      for (const [i, segment] of call.segments.entries()) {
        expect(segment.end).toBeGreaterThan(segment.start);
        if (i) expect(segment.start).toBeGreaterThanOrEqual(call.segments[i - 1]!.end);
      }
    }
  });
});

describe("the labelled queries", () => {
  const corpus = generateCorpus();
  const committed = JSON.parse(readFileSync(new URL("./queries.json", import.meta.url), "utf8")) as LabelledQuery[];

  it("are the committed queries.json (npm run -s bench -- search-quality --write-queries rewrites it)", () => {
    expect(committed).toEqual(buildQueries(corpus));
  });

  it("are at least 100, of many kinds, each with an item of grade 2, and every label names an item of the corpus", () => {
    expect(committed.length).toBeGreaterThanOrEqual(100);
    expect(new Set(committed.map((query) => query.kind)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(committed.map((query) => query.id)).size).toBe(committed.length);
    const keys = keysOf(corpus);
    for (const query of committed) {
      expect(Object.values(query.relevant), query.id).toContain(2);
      for (const key of Object.keys(query.relevant)) expect(keys.has(key), `${query.id}: ${key}`).toBe(true);
    }
  });

  it("say what their items are (checked against the generated facts)", () => {
    const contacts = new Map(corpus.contacts.map((contact) => [contact.key, contact]));
    const texts = new Map([
      ...corpus.calls.map((call) => [call.key, call.transcriptText] as const),
      ...corpus.messages.map((message) => [message.key, message.body] as const),
    ]);
    for (const query of committed) {
      const relevant = Object.keys(query.relevant);
      if (query.kind.startsWith("phone-")) {
        const digits = query.q.replace(/\D/g, "");
        for (const key of relevant) expect(contacts.get(key)!.phones.some((phone) => phone.endsWith(digits.slice(-10)))).toBe(true);
      } else if (query.kind === "email" || query.kind === "email-prefix") {
        for (const key of relevant) expect(contacts.get(key)!.emails.some((email) => email.startsWith(query.q))).toBe(true);
      } else if (query.kind === "name") {
        for (const key of relevant) expect(`${contacts.get(key)!.firstName} ${contacts.get(key)!.lastName}`).toBe(query.q);
      } else if (query.kind === "name-typo") {
        for (const key of relevant) {
          const name = `${contacts.get(key)!.firstName} ${contacts.get(key)!.lastName}`;
          expect(name).not.toBe(query.q);
          expect(editDistance(name.toLowerCase(), query.q.toLowerCase())).toBeLessThanOrEqual(2);
        }
      } else if (query.kind === "transcript-phrase" || query.kind === "message-phrase") {
        for (const key of relevant) expect(normalized(texts.get(key)!)).toContain(normalized(query.q));
      }
    }
  });
});

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
