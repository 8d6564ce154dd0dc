// The arithmetic of the benchmark: medians over repeats, steady-state CPU per probe with init subtracted, ratios.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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
