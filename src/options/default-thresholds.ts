// Thresholds for finite runs when the user sets none: per protocol, under 1% failed probes and p95 within the
// slowest latency objective of that protocol's targets; no dropped iterations anywhere. 24/7 runs pass
// --no-thresholds and leave judgement to the Prometheus alerts; in continuous mode cl_request_failed is not
// emitted, so its thresholds are left out.
import type { Protocol, Thresholds } from "../config/types.ts";
import { METRIC, PROTOCOLS } from "../metrics/names.ts";
import type { TargetPlan } from "./target-plan.ts";

export const DEFAULT_MAX_FAILURE_RATE = 0.01;

export function defaultThresholds(plans: readonly TargetPlan[], continuous = false): Thresholds {
  const thresholds: Thresholds = {};
  for (const protocol of PROTOCOLS) {
    const mine = plans.filter((p) => p.target.protocol === protocol);
    if (mine.length === 0) continue;
    const objectiveMs = Math.max(...mine.map((p) => p.latencyObjectiveMs));
    if (!continuous) thresholds[`${METRIC.failed}{protocol:${protocol satisfies Protocol}}`] = [`rate<${DEFAULT_MAX_FAILURE_RATE}`];
    thresholds[`${METRIC.duration}{protocol:${protocol}}`] = [`p(95)<${objectiveMs}`];
  }
  thresholds.dropped_iterations = ["count<1"];
  return thresholds;
}
