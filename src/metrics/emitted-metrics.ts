// Every metric this script can emit, with its k6 type: what thresholds are checked against (first init only). Its
// own module, apart from names.ts: the VUs' runtime code imports names.ts, and a table with computed keys is
// evaluated in every runtime that evaluates its module (esbuild cannot drop it), about 10 KB per VU.
import type { Protocol } from "../config/types.ts";
import { METRIC, type MetricType } from "./names.ts";

interface KnownMetric {
  type: MetricType;
  /** Emitted only when a target of this protocol exists; undefined = always emitted. */
  protocol?: Protocol;
}

/** Every metric this script can emit, with its k6 type: the only names a threshold may use. */
export const EMITTED_METRICS: Readonly<Record<string, KnownMetric>> = {
  [METRIC.requests]: { type: "counter" },
  [METRIC.probes]: { type: "counter" },
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
