// The project's metrics, declared in the init context (docs/metrics.md).
import { Counter, Gauge, Rate, Trend } from "k6/metrics";
import { METRIC } from "./names.ts";

export const requests = new Counter(METRIC.requests);
export const probes = new Counter(METRIC.probes);
export const requestDuration = new Trend(METRIC.duration, true);
export const targetRps = new Gauge(METRIC.targetRate);

// Two metrics only some runs emit: cl_request_failed (thresholds of finite runs) and cl_step_duration (scenario
// targets). Each declaration costs every VU that makes it about 4 KB (measured on real k6, 200 VUs), so a VU
// declares them only when its run can emit them: src/load.ts says which, in init, as k6 demands.
let requestFailedMetric: Rate | undefined;
let stepDurationMetric: Trend | undefined;

export interface OptionalMetrics {
  requestFailed: boolean;
  stepDuration: boolean;
}

/** Declares the optional metrics a runtime will use (call in the init context). */
export function declareOptionalMetrics(use: OptionalMetrics): void {
  if (use.requestFailed) requestFailedMetric ??= new Rate(METRIC.failed);
  if (use.stepDuration) stepDurationMetric ??= new Trend(METRIC.stepDuration, true);
}

// Declared on first use when nothing declared them before (tests, tools). On k6 a declaration outside init throws:
// a VU whose run src/load.ts misjudged fails its first iteration with k6's error, loudly.
export function requestFailed(): Rate {
  return (requestFailedMetric ??= new Rate(METRIC.failed));
}

export function stepDuration(): Trend {
  return (stepDurationMetric ??= new Trend(METRIC.stepDuration, true));
}
