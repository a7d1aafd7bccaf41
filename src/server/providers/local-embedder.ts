import { STOPWORDS, words } from "./stopwords";
import { EMBEDDING_DIMENSIONS, type Embedder } from "./types";

/**
 * The no-key embedder (docs/provider-contract.md#voyage): feature hashing of word unigrams, word bigrams and character
 * trigrams into EMBEDDING_DIMENSIONS signed buckets, L2-normalised. Texts that share words,
 * phrases or word pieces ("invoice"/"invoices") land close in cosine distance, which is what
 * search over calls and contacts needs without a model. Hand-written because no library does
 * this: the npm hashing vectorizers are either dense TF-IDF with a fitted vocabulary (not
 * stable as the corpus grows) or bring a model; this needs no state and is identical across
 * processes, so stored vectors stay comparable.
 */

export const LOCAL_EMBEDDING_MODEL = "local:hash-ngram-v1";

/** Relative weights: whole words say the most, word pieces help with inflections and typos. */
const WEIGHTS = { word: 1, stopword: 0.15, bigram: 0.7, trigram: 0.25 } as const;

export function createLocalEmbedder(): Embedder {
  return {
    model: LOCAL_EMBEDDING_MODEL,
    // Measured on call transcripts: related query/text pairs score 0.13–0.35, unrelated ones
    // -0.01–0.06 (hashed n-grams only overlap where the words do).
    relatedAbove: 0.1,
    embed(texts) {
      return Promise.resolve(texts.map(embedText));
    },
  };
}

export function embedText(text: string): number[] {
  // feature → [weight of its kind, occurrences]
  const features = new Map<string, [number, number]>();
  const add = (feature: string, weight: number) => {
    const seen = features.get(feature);
    if (seen) seen[1] += 1;
    else features.set(feature, [weight, 1]);
  };
  const tokens = words(text);
  tokens.forEach((token, i) => {
    add(`w:${token}`, STOPWORDS.has(token) ? WEIGHTS.stopword : WEIGHTS.word);
    const next = tokens[i + 1];
    if (next !== undefined) add(`b:${token} ${next}`, WEIGHTS.bigram);
    const padded = `#${token}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, WEIGHTS.trigram);
  });
  // An empty text still needs a unit vector (cosine over zeros is undefined): one fixed feature.
  if (features.size === 0) add("empty", 1);

  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const [feature, [weight, count]] of features) {
    const hash = mix(fnv1a(feature));
    // The sign bit keeps colliding features from piling up in one direction (signed hashing).
    const sign = hash & 0x8000_0000 ? -1 : 1;
    // Sublinear in the count, so a word said twenty times does not drown the rest.
    vector[hash % EMBEDDING_DIMENSIONS]! += sign * weight * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  // Features can cancel out exactly only in contrived texts; a unit vector is still owed.
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

/** 32-bit FNV-1a over the UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads FNV's weak low bits over the whole word before bucketing. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
