// Model of the data k6 v2.2.0 passes to handleSummary() (its "legacy" summary), built from the samples the fakes
// recorded, the way k6 builds it (internal/metrics/engine, internal/js/summary.go):
// - a threshold key `metric{k:v,...}` makes a submetric whose sink gets every sample whose tags contain k:v;
// - with thresholds on, every thresholded (sub)metric is reported, with {ok} per expression; with
//   --no-thresholds, a submetric is reported only once it got a sample, and without a `thresholds` field;
// - counters give {count, rate}; trends give exactly the summaryTrendStats columns, percentiles interpolated
//   linearly between sorted values, every column 0 when the trend is empty.
import { EMITTED_METRICS } from "../../src/metrics/emitted-metrics.ts";
import type { Sample } from "./state.ts";

interface Options {
  thresholds?: Record<string, Array<string | { threshold: string }>>;
  summaryTrendStats?: string[];
}

interface Metric {
  type: Sample["type"];
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

function percentile(sorted: number[], pct: number): number {
  if (sorted.length === 0) return 0;
  const i = pct * (sorted.length - 1);
  const low = sorted[Math.floor(i)]!;
  const high = sorted[Math.ceil(i)]!;
  return low + (high - low) * (i - Math.floor(i));
}

function values(type: Sample["type"], samples: Sample[], trendStats: string[], seconds: number): Record<string, number> {
  const numbers = samples.map((s) => s.value);
  if (type === "counter") {
    const count = numbers.reduce((a, b) => a + b, 0);
    return { count, rate: seconds > 0 ? count / seconds : 0 };
  }
  if (type === "rate") {
    const passes = numbers.filter((v) => v !== 0).length;
    return { rate: numbers.length === 0 ? 0 : passes / numbers.length, passes, fails: numbers.length - passes };
  }
  if (type === "gauge") return { value: numbers.at(-1) ?? 0, min: Math.min(...numbers), max: Math.max(...numbers) };
  const sorted = [...numbers].sort((a, b) => a - b);
  const column = (stat: string): number => {
    if (stat === "count") return sorted.length;
    if (sorted.length === 0) return 0;
    if (stat === "min") return sorted[0]!;
    if (stat === "max") return sorted.at(-1)!;
    if (stat === "avg") return sorted.reduce((a, b) => a + b, 0) / sorted.length;
    if (stat === "med") return percentile(sorted, 0.5);
    const p = /^p\(([0-9.]+)\)$/.exec(stat);
    if (p === null) throw new Error(`k6 rejects summaryTrendStats entry ${stat}`);
    return percentile(sorted, Number(p[1]) / 100);
  };
  return Object.fromEntries(trendStats.map((stat) => [stat, column(stat)]));
}

/** Whether an expression `agg op number` holds for the given values (the aggregations k6 offers). */
function holds(expression: string, metricValues: Record<string, number>): boolean {
  const match = /^\s*([a-z]+(?:\([0-9.]+\))?)\s*(>=|<=|==|===|!=|>|<)\s*(-?[0-9.eE+-]+)\s*$/.exec(expression);
  if (match === null) throw new Error(`k6 rejects threshold ${expression}`);
  const [, aggregation, op, bound] = match as unknown as [string, string, string, string];
  const value = aggregation === "rate" && !("rate" in metricValues) ? 0 : metricValues[aggregation] ?? 0;
  const b = Number(bound);
  return { ">=": value >= b, "<=": value <= b, ">": value > b, "<": value < b, "==": value === b, "===": value === b, "!=": value !== b }[op]!;
}

export function legacySummaryData(samples: Sample[], options: Options, run: { thresholdsEnabled: boolean; durationMs: number }): { metrics: Record<string, Metric>; state: { testRunDurationMs: number } } {
  const trendStats = options.summaryTrendStats ?? ["avg", "min", "med", "max", "p(90)", "p(95)"];
  const seconds = run.durationMs / 1000;
  const metrics: Record<string, Metric> = {};
  const typeOf = new Map(samples.map((s) => [s.metric, s.type]));
  for (const [name, type] of typeOf) {
    metrics[name] = { type, values: values(type, samples.filter((s) => s.metric === name), trendStats, seconds) };
  }
  for (const [key, expressions] of Object.entries(options.thresholds ?? {})) {
    const [, parent, selector] = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{(.*)\})?$/.exec(key) ?? [];
    if (parent === undefined) throw new Error(`k6 rejects threshold key ${key}`);
    const wanted = (selector ?? "").split(",").filter(Boolean).map((kv) => kv.split(":").map((x) => x.trim()) as [string, string]);
    const mine = samples.filter((s) => s.metric === parent && wanted.every(([k, v]) => s.tags[k] === v));
    // k6's registry knows every declared metric's type, sampled or not.
    const type = typeOf.get(parent) ?? EMITTED_METRICS[parent]?.type;
    if (type === undefined) throw new Error(`metric '${parent}' does not exist in the script`);
    if (!run.thresholdsEnabled && mine.length === 0) continue;
    const metric: Metric = { type, values: values(type, mine, trendStats, seconds) };
    if (run.thresholdsEnabled) {
      metric.thresholds = Object.fromEntries(
        expressions.map((e) => (typeof e === "string" ? e : e.threshold)).map((e) => [e, { ok: holds(e, metric.values) }]),
      );
    }
    metrics[key] = metric;
  }
  return { metrics, state: { testRunDurationMs: run.durationMs } };
}
