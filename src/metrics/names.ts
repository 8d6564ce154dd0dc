// Names shared by the engine, the thresholds and the docs (docs/metrics.md). Pure: no k6 imports.
import type { Protocol } from "../config/types.ts";

export const METRIC = {
  requests: "cl_requests",
  /** One sample per probe, tagged only with the target's constant tags: the dense denominator of every SLI. */
  probes: "cl_probes",
  duration: "cl_request_duration",
  failed: "cl_request_failed",
  targetRate: "cl_target_rps",
  /** Scenario targets only: one sample per step that ran, tagged `step` (cl_requests holds the whole iteration). */
  stepDuration: "cl_step_duration",
} as const;

/** Why a probe failed: a small fixed set, so dashboards and alerts can group by it. */
export const REASONS = ["dns", "connect", "timeout", "reset", "tls", "status", "body", "error", "not_blocked"] as const;
export type Reason = (typeof REASONS)[number];

export const PROTOCOLS: readonly Protocol[] = ["http", "grpc", "tcp", "dns", "scenario"];

/** Tags the engine (and k6: scenario, group) puts on the project's samples, whatever the configuration says. */
export const ENGINE_LABELS = ["protocol", "target", "path", "expect", "sibling", "dest_pod", "result", "reason", "latency", "step", "scenario", "group"] as const;

export type MetricType = "counter" | "gauge" | "rate" | "trend";

/** Aggregations k6 accepts per metric type (thresholds grammar). */
export const AGGREGATIONS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p(N)"],
};
