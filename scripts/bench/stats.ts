// The arithmetic of the benchmark: medians over repeats, steady-state CPU per probe with init subtracted, ratios.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * CPU microseconds per probe in steady state: a long and a short run of the same script differ only by the
 * probes sent in between, so init (bundle evaluation, VU creation, teardown) cancels out.
 */
export function steadyCpuPerProbeUs(longCpuSeconds: number, shortCpuSeconds: number, ratePerSecond: number, longSeconds: number, shortSeconds: number): number {
  const probes = ratePerSecond * (longSeconds - shortSeconds);
  if (probes <= 0) throw new Error(`the long run (${longSeconds} s) must be longer than the short one (${shortSeconds} s)`);
  return ((longCpuSeconds - shortCpuSeconds) * 1e6) / probes;
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
