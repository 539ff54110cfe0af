/**
 * The benchmarks' statistics, one definition for all of them: percentiles by
 * nearest rank (a reported p50 is always a measured sample), and the summary
 * of a distribution.
 */

/** The nearest-rank percentile `p` (0..100) of samples in ascending order; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Samples in ascending order, as a new array. */
export function ascending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The p50 of samples in any order. */
export function median(values: ArrayLike<number>): number {
  return percentile(ascending(values), 50);
}

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Count, p50, p99, maximum and mean of samples in any order (NaN for each but the count when there are none). */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = ascending(values);
  const count = sorted.length;
  if (!count) return { count, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[count - 1], mean: sum / count };
}
