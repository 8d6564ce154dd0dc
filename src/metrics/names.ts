// Names shared by the engine, the thresholds and the docs (docs/metrics.md). Pure: no k6 imports.
import type { Protocol } from "../config/types.ts";

export const METRIC = {
  requests: "cl_requests",
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

export type MetricType = "counter" | "gauge" | "rate" | "trend";

interface KnownMetric {
  type: MetricType;
  /** Emitted only when a target of this protocol exists; undefined = always emitted. */
  protocol?: Protocol;
}

/** Every metric this script can emit, with its k6 type: the only names a threshold may use. */
export const EMITTED_METRICS: Readonly<Record<string, KnownMetric>> = {
  [METRIC.requests]: { type: "counter" },
  [METRIC.duration]: { type: "trend" },
  [METRIC.failed]: { type: "rate" },
  [METRIC.targetRate]: { type: "gauge" },
  [METRIC.stepDuration]: { type: "trend", protocol: "scenario" },
  checks: { type: "rate" },
  iterations: { type: "counter" },
  iteration_duration: { type: "trend" },
  dropped_iterations: { type: "counter" },
  vus: { type: "gauge" },
  vus_max: { type: "gauge" },
  data_sent: { type: "counter" },
  data_received: { type: "counter" },
  http_reqs: { type: "counter", protocol: "http" },
  http_req_failed: { type: "rate", protocol: "http" },
  http_req_duration: { type: "trend", protocol: "http" },
  http_req_blocked: { type: "trend", protocol: "http" },
  http_req_connecting: { type: "trend", protocol: "http" },
  http_req_tls_handshaking: { type: "trend", protocol: "http" },
  http_req_sending: { type: "trend", protocol: "http" },
  http_req_waiting: { type: "trend", protocol: "http" },
  http_req_receiving: { type: "trend", protocol: "http" },
  grpc_req_duration: { type: "trend", protocol: "grpc" },
  tcp_socket_resolving: { type: "trend", protocol: "tcp" },
  tcp_socket_connecting: { type: "trend", protocol: "tcp" },
  tcp_socket_duration: { type: "trend", protocol: "tcp" },
  tcp_sockets: { type: "counter", protocol: "tcp" },
  tcp_writes: { type: "counter", protocol: "tcp" },
  tcp_reads: { type: "counter", protocol: "tcp" },
  tcp_errors: { type: "counter", protocol: "tcp" },
  tcp_partial_writes: { type: "counter", protocol: "tcp" },
};

/** Aggregations k6 accepts per metric type (thresholds grammar). */
export const AGGREGATIONS: Readonly<Record<MetricType, readonly string[]>> = {
  counter: ["count", "rate"],
  gauge: ["value"],
  rate: ["rate"],
  trend: ["avg", "min", "max", "med", "p(N)"],
};
