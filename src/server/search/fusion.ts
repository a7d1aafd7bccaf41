import { RRF_K } from "./calls";
import type { SearchType } from "./schemas";
import type { Ranking } from "./sources/source";

/**
 * Per-type boosts of the fused score: what a search box most often looks for weighs more when
 * types are mixed ("list" mode; within a type they change nothing).
 * - contact 1.2: people are what one searches for most, and a name, number or address is precise;
 * - call 1.0: the reference (its words, topics and meaning are ranked separately);
 * - task 0.9, event 0.9: short titled items, found by their title first;
 * - reminder 0.85: few, and usually reached from their page;
 * - message 0.8: many short texts, where a word matches often and says less.
 */
export const TYPE_BOOSTS: Readonly<Record<SearchType, number>> = {
  contact: 1.2,
  call: 1.0,
  task: 0.9,
  event: 0.9,
  reminder: 0.85,
  message: 0.8,
};

export interface Fused {
  type: SearchType;
  id: string;
  /** boost × Σ over the rankings the row is in of weight / (RRF_K + rank), rank from 1. */
  score: number;
  /** The names of the rankings it is in (for its snippet). */
  matchedBy: Set<string>;
}

/**
 * Weighted reciprocal rank fusion of every type's rankings; per type, best first (ties: the order
 * the rows were first seen in, so a type's first ranking decides).
 *
 * Words, numbers and spellings rank within their type. Meaning ranks across types: the rankings
 * by meaning (those with distances) are merged into one order by cosine distance, each row once
 * at its nearest (a call found by its own vector and by a transcript piece counts once), and a
 * row's place in that one order is its rank. The vectors come from one embedder, so distances
 * compare across types; ranking each type's neighbours apart would give every type's nearest row
 * the same share, however far it is (a loosely related call would tie an exact task).
 * Every ranking of every type counts the same way, times its weight and its type's boost, so
 * scores compare across types.
 */
export function fuseRankings(byType: ReadonlyMap<SearchType, Ranking[]>, boosts: Readonly<Record<SearchType, number>> = TYPE_BOOSTS): Map<SearchType, Fused[]> {
  const fused = new Map<SearchType, Map<string, Fused>>([...byType.keys()].map((type) => [type, new Map()]));
  const add = (type: SearchType, id: string, names: Iterable<string>, weight: number, rank: number) => {
    const rows = fused.get(type)!;
    const row = rows.get(id) ?? { type, id, score: 0, matchedBy: new Set<string>() };
    row.score += (boosts[type] * weight) / (RRF_K + rank);
    for (const name of names) row.matchedBy.add(name);
    rows.set(id, row);
  };

  const near = new Map<string, { type: SearchType; id: string; distance: number; weight: number; names: Set<string> }>();
  for (const [type, rankings] of byType) {
    for (const ranking of rankings) {
      const { distances } = ranking;
      if (!distances) {
        ranking.ids.forEach((id, index) => add(type, id, [ranking.name], ranking.weight, index + 1));
        continue;
      }
      ranking.ids.forEach((id, index) => {
        const key = `${type}:${id}`;
        const distance = distances[index] ?? Infinity;
        const seen = near.get(key);
        if (!seen) near.set(key, { type, id, distance, weight: ranking.weight, names: new Set([ranking.name]) });
        else {
          seen.names.add(ranking.name);
          if (distance < seen.distance) Object.assign(seen, { distance, weight: ranking.weight });
        }
      });
    }
  }
  [...near.values()]
    .sort((a, b) => a.distance - b.distance)
    .forEach((row, index) => add(row.type, row.id, row.names, row.weight, index + 1));

  return new Map([...fused].map(([type, rows]) => [type, [...rows.values()].sort((a, b) => b.score - a.score)]));
}
