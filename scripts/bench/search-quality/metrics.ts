/**
 * Ranking quality of one query's results against its graded labels (relevance 2, 1, or 0 when
 * unlabelled), and their means.
 *
 * - NDCG@k: DCG@k = Σ_{i=1..k} (2^rel_i − 1) / log2(i + 1) over the results in order, divided by
 *   the DCG of the ideal order (the labels' grades sorted, best first, cut at k). 1 = perfect.
 * - recall@k: the share of the relevant items (grade ≥ 1) among the first k results.
 *
 * A result listed twice counts once (its first place).
 */

export type Labels = Readonly<Record<string, number>>;

function dcg(grades: number[], k: number): number {
  return grades.slice(0, k).reduce((sum, grade, index) => sum + (2 ** grade - 1) / Math.log2(index + 2), 0);
}

function unique(results: readonly string[]): string[] {
  return [...new Set(results)];
}

export function ndcgAt(results: readonly string[], labels: Labels, k = 10): number {
  const ideal = dcg(
    Object.values(labels)
      .filter((grade) => grade > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return dcg(unique(results).map((key) => labels[key] ?? 0), k) / ideal;
}

export function recallAt(results: readonly string[], labels: Labels, k = 10): number {
  const relevant = Object.keys(labels).filter((key) => (labels[key] ?? 0) > 0);
  if (!relevant.length) return 0;
  const top = new Set(unique(results).slice(0, k));
  return relevant.filter((key) => top.has(key)).length / relevant.length;
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

/** (a − b) / b: how much better a is than b, as a fraction (null when b is 0). */
export function relativeGain(a: number, b: number): number | null {
  return b === 0 ? null : (a - b) / b;
}
