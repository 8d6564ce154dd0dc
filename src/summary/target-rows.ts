// One row per target from k6's end-of-test data: probes, share ok, latency percentiles and failure reasons,
// read from the per-target submetrics that summary-thresholds.ts makes k6 keep. Pure: no k6 imports.
import { REASONS, type Reason } from "../metrics/names.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import type { SummaryData } from "./summary-data.ts";
import { targetSubmetrics } from "./summary-thresholds.ts";

export interface TargetRow {
  target: string;
  protocol: string;
  path: string;
  /** "blocked" for negative probes, whose ok means the connection was refused as policy demands. */
  expect: string;
  probes: number;
  ok: number;
  /** Milliseconds; undefined when the target recorded no duration (no probe, or only blocked attempts). */
  p50?: number;
  p95?: number;
  p99?: number;
  /** Failure reasons with their counts, most frequent first. */
  failures: Array<{ reason: Reason; count: number }>;
}

export function targetRows(data: SummaryData, plans: readonly TargetPlan[]): TargetRow[] {
  const count = (key: string): number => data.metrics[key]?.values.count ?? 0;
  return plans.map(({ target }) => {
    const keys = targetSubmetrics(target.name);
    const duration = data.metrics[keys.duration];
    // "count" is among summaryTrendStats (build-options.ts): an empty trend reads 0 for every percentile.
    const hasDuration = duration !== undefined && (duration.values.count ?? 0) > 0;
    const failures = REASONS.map((reason) => ({ reason, count: count(keys.reasons[reason]) }))
      .filter((failure) => failure.count > 0)
      .sort((a, b) => b.count - a.count);
    return {
      target: target.name,
      protocol: target.protocol,
      path: target.path ?? "service",
      expect: target.expect ?? "allowed",
      probes: count(keys.probes),
      ok: count(keys.ok),
      ...(hasDuration ? { p50: duration.values.med, p95: duration.values["p(95)"], p99: duration.values["p(99)"] } : {}),
      failures,
    };
  });
}
