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
 * Weighted reciprocal rank fusion of one type's rankings, best first (ties: the order the rows
 * were first seen in, so the first ranking decides). Scores of different types are comparable:
 * every ranking of every type counts the same way, times its weight and its type's boost.
 */
export function fuseType(type: SearchType, rankings: Ranking[], boost = TYPE_BOOSTS[type]): Fused[] {
  const fused = new Map<string, Fused>();
  for (const ranking of rankings) {
    ranking.ids.forEach((id, index) => {
      const row = fused.get(id) ?? { type, id, score: 0, matchedBy: new Set<string>() };
      row.score += (boost * ranking.weight) / (RRF_K + index + 1);
      row.matchedBy.add(ranking.name);
      fused.set(id, row);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
