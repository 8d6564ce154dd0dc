// The part of k6's handleSummary() argument that the end-of-test report reads: k6's "legacy" summary data, which
// k6 v2 passes unless --new-machine-readable-summary is set. Pure: no k6 imports.

export interface SummaryMetric {
  type: "counter" | "gauge" | "rate" | "trend";
  /** counter: count, rate; trend: avg, min, med, max, p(N) as in summaryTrendStats, milliseconds for time. */
  values: Readonly<Record<string, number>>;
  /** Per expression; absent when k6 ran with --no-thresholds. */
  thresholds?: Readonly<Record<string, { ok: boolean }>>;
}

export interface SummaryData {
  metrics: Readonly<Record<string, SummaryMetric>>;
  state?: { testRunDurationMs?: number };
}

/** True when k6 passed the legacy shape this report understands (any other shape: k6's own summary instead). */
export function isLegacySummaryData(data: unknown): data is SummaryData {
  if (typeof data !== "object" || data === null) return false;
  const metrics = (data as { metrics?: unknown }).metrics;
  if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) return false;
  return Object.values(metrics).every((metric) => typeof metric === "object" && metric !== null && typeof (metric as { values?: unknown }).values === "object");
}
