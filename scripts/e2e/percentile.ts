// Percentiles as k6's end-of-test summary computes them (linear interpolation between the closest ranks), so the
// e2e table can be compared with k6's own output. Pure.

/** The p-th percentile (0-100) of values sorted ascending; undefined for no values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within 0..100 (got ${p})`);
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}

export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
