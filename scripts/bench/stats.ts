// The arithmetic of the benchmark: medians over repeats, steady-state CPU per probe with init subtracted, ratios.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A distribution-free interval for the median of `values` (order statistics): the k-th smallest and the k-th
 * largest value, with the largest k whose binomial(n, 1/2) coverage is still at least `confidence`. With 10
 * values at 0.95, the 2nd smallest and the 2nd largest (98% coverage). Undefined when even the smallest and
 * largest value cover too little (fewer than 6 values at 0.95).
 */
export function medianInterval(values: readonly number[], confidence = 0.95): [number, number] | undefined {
  const n = values.length;
  let best = 0;
  let tail = 0; // P(B <= k - 1), B ~ binomial(n, 1/2): the chance that the median lies below the k-th smallest
  let pmf = 0.5 ** n; // P(B = k - 1)
  for (let k = 1; 2 * k <= n; k++) {
    tail += pmf;
    if (1 - 2 * tail < confidence) break;
    best = k;
    pmf = (pmf * (n - k + 1)) / k;
  }
  if (best === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[best - 1] as number, sorted[n - best] as number];
}

/**
 * The ratio of the engine's mean CPU per probe to the minimal script's over paired repeats (total CPU over total
 * probes, what a fleet pays), with a percentile bootstrap interval: `draws` resamplings of the pairs, drawn with
 * `random` (seeded, so a run's figures can be reproduced from its printed repeats).
 */
export function ratioOfMeans(
  engine: readonly number[],
  minimal: readonly number[],
  random: () => number,
  draws = 5000,
  confidence = 0.95,
): { ratio: number; interval: [number, number] } {
  const n = engine.length;
  if (n === 0 || minimal.length !== n) throw new Error(`need paired repeats (engine ${n}, minimal ${minimal.length})`);
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const resampled: number[] = [];
  for (let d = 0; d < draws; d++) {
    let e = 0;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      e += engine[pick] as number;
      m += minimal[pick] as number;
    }
    resampled.push(e / m);
  }
  resampled.sort((a, b) => a - b);
  const tail = Math.floor((draws * (1 - confidence)) / 2);
  return { ratio: sum(engine) / sum(minimal), interval: [resampled[tail] as number, resampled[draws - 1 - tail] as number] };
}

/**
 * CPU microseconds per probe in steady state, from the CPU a run used in a window of `seconds` after its init:
 * a constant-arrival-rate scenario starts `ratePerSecond` probes in each second of it.
 */
export function cpuPerProbeUs(windowCpuSeconds: number, ratePerSecond: number, seconds: number): number {
  const probes = ratePerSecond * seconds;
  if (probes <= 0) throw new Error(`a CPU window needs probes in it (rate ${ratePerSecond}/s over ${seconds} s)`);
  return (windowCpuSeconds * 1e6) / probes;
}

/** Peak-RSS growth per VU between a run with `manyVUs` initialised VUs and one with a single VU, in MB. */
export function memoryPerVuMb(manyRssKb: number, oneRssKb: number, manyVUs: number): number {
  if (manyVUs <= 1) throw new Error(`need more than one VU to compare against a single one (got ${manyVUs})`);
  return (manyRssKb - oneRssKb) / 1024 / (manyVUs - 1);
}

/** engine / minimal, or NaN when the minimal figure is not positive (noise ate the difference). */
export function ratio(engine: number, minimal: number): number {
  return minimal > 0 ? engine / minimal : Number.NaN;
}

/** Achieved share of the configured rate, in percent. */
export function achievedPercent(iterations: number, ratePerSecond: number, seconds: number): number {
  return (100 * iterations) / (ratePerSecond * seconds);
}
