// The engine-to-minimal ratios of a protocol's CPU repeats, as the bench's table and `npm run bench:pool` print
// them: one computation for both, so a pooled figure is the figure a single run of that many repeats would give.
import type { CpuRepeat, CpuSample } from "./saved-output.ts";
import { median, medianInterval, ratio, ratioOfMeans } from "./stats.ts";
import { seededRandom } from "../seeded-random.ts";
import { fixed } from "./table.ts";

/** Fixed, so that the bootstrap interval can be recomputed from the repeats a run prints. */
const BOOTSTRAP_SEED = 1;

/** The columns both tables print, in their order, with their headers. */
export const CPU_RATIO_COLUMNS = [
  ["engineUs", "engine µs CPU/probe"],
  ["minimalUs", "minimal µs CPU/probe"],
  ["medians", "engine/minimal (median)"],
  ["range", "per-repeat ratios"],
  ["paired", "median of per-repeat ratios (95% interval)"],
  ["means", "ratio of the mean CPU (bootstrap 95%)"],
  ["kernel", "of which kernel µs/probe engine / minimal"],
  ["userSpace", "user space only: median of per-repeat ratios (95% interval)"],
  ["gc", "of which Go GC µs/probe engine / minimal"],
  ["withoutGc", "engine/minimal without GC (median)"],
] as const;

export type CpuRatios = Record<(typeof CPU_RATIO_COLUMNS)[number][0], string>;

/**
 * The median of per-repeat ratios with the interval it is known to within (order statistics; too few repeats give
 * none: 6 at least).
 */
function pairedMedian(ratios: readonly number[]): string {
  const interval = medianInterval(ratios);
  const within = interval === undefined ? "no interval under 6 repeats" : `${fixed(interval[0], 2)}-${fixed(interval[1], 2)}`;
  return `${fixed(median(ratios), 2)} (${within})`;
}

export function cpuRatios(repeats: readonly CpuRepeat[]): CpuRatios {
  if (repeats.length === 0) throw new Error("no CPU repeats to compare");
  const of = (script: "engine" | "minimal", part: (s: CpuSample) => number) => repeats.map((r) => part(r[script]));
  const perRepeat = (part: (s: CpuSample) => number) => repeats.map((r) => ratio(part(r.engine), part(r.minimal)));
  const total = (s: CpuSample) => s.total;
  const ratios = perRepeat(total);
  const engineUs = median(of("engine", total));
  const minimalUs = median(of("minimal", total));
  const means = ratioOfMeans(of("engine", total), of("minimal", total), seededRandom(BOOTSTRAP_SEED));
  const pair = (part: (s: CpuSample) => number) => `${fixed(median(of("engine", part)), 1)} / ${fixed(median(of("minimal", part)), 1)}`;
  return {
    engineUs: fixed(engineUs, 1),
    minimalUs: fixed(minimalUs, 1),
    medians: fixed(ratio(engineUs, minimalUs), 2),
    range: `${fixed(Math.min(...ratios), 2)}-${fixed(Math.max(...ratios), 2)}`,
    paired: pairedMedian(ratios),
    means: `${fixed(means.ratio, 3)} (${fixed(means.interval[0], 3)}-${fixed(means.interval[1], 3)})`,
    kernel: pair((s) => s.kernel),
    userSpace: pairedMedian(perRepeat((s) => s.total - s.kernel)),
    gc: pair((s) => s.gc),
    withoutGc: fixed(median(perRepeat((s) => s.total - s.gc)), 2),
  };
}

/** The row cells of CPU_RATIO_COLUMNS, in order. */
export function cpuRatioCells(ratios: CpuRatios): string[] {
  return CPU_RATIO_COLUMNS.map(([key]) => ratios[key]);
}
