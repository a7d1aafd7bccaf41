/**
 * A seeded pseudo-random stream (mulberry32): the same seed gives the same numbers on every
 * machine and Node version, so the generated corpus, and the labels written from it, never move.
 */
export interface Random {
  /** [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** `count` distinct items of `list` (all of it when shorter), in random order. */
  sample<T>(list: readonly T[], count: number): T[];
  /** An item of `list`, the earlier ones likelier (weight 1/(rank+1)^skew): a few are popular. */
  skewed<T>(list: readonly T[], skew?: number): T;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => {
    if (!list.length) throw new Error("pick from an empty list");
    return list[Math.floor(next() * list.length)]!;
  };
  const sample = <T>(list: readonly T[], count: number): T[] => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  };
  const weightsCache = new Map<string, number[]>();
  const skewed = <T>(list: readonly T[], skew = 1): T => {
    const cacheKey = `${list.length}:${skew}`;
    let cumulative = weightsCache.get(cacheKey);
    if (!cumulative) {
      let total = 0;
      cumulative = list.map((_, rank) => (total += 1 / Math.pow(rank + 1, skew)));
      weightsCache.set(cacheKey, cumulative);
    }
    const target = next() * cumulative.at(-1)!;
    const index = cumulative.findIndex((value) => value >= target);
    return list[index === -1 ? list.length - 1 : index]!;
  };
  return { next, int, pick, chance: (p) => next() < p, sample, skewed };
}

/** A stream of its own per part of the corpus, so adding to one part does not reshuffle the others. */
export function streamOf(seed: number, part: string): Random {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < part.length; i++) hash = Math.imul(hash ^ part.charCodeAt(i), 0x01000193);
  return createRandom(hash >>> 0);
}
