// The metric contract as Prometheus sees it: the engine's metric names (src/metrics/names.ts) turned into the
// series k6's remote-write output writes (k6_ prefix; counters _total, time trends _seconds as native histograms,
// rates _rate, gauges as they are). Pure: the rules, the dashboard and the test data derive names from here.
import { METRIC } from "../metrics/names.ts";

export type K6MetricKind = "counter" | "gauge" | "rate" | "time-trend";

/** The series name k6 v2.2's experimental-prometheus-rw output gives a metric (grafana/xk6-output-prometheus-remote). */
export function remoteWriteName(name: string, kind: K6MetricKind): string {
  switch (kind) {
    case "counter":
      return `k6_${name}_total`;
    case "gauge":
      return `k6_${name}`;
    case "rate":
      return `k6_${name}_rate`;
    case "time-trend":
      return `k6_${name}_seconds`;
  }
}

/** The label k6 adds to every series when started with --features native-histograms. */
export const NATIVE_HISTOGRAMS_LABEL = { k6_feature_native_histograms: "true" } as const;

/** Project metrics by role, as remote-write series. */
export const SERIES = {
  requests: remoteWriteName(METRIC.requests, "counter"),
  probes: remoteWriteName(METRIC.probes, "counter"),
  duration: remoteWriteName(METRIC.duration, "time-trend"),
  targetRate: remoteWriteName(METRIC.targetRate, "gauge"),
  iterations: remoteWriteName("iterations", "counter"),
  droppedIterations: remoteWriteName("dropped_iterations", "counter"),
  vus: remoteWriteName("vus", "gauge"),
  vusMax: remoteWriteName("vus_max", "gauge"),
} as const;

/** Label values the engine writes (src/metrics/outcome-tags.ts) and the rules select on. */
export const RESULT = { ok: "ok", fail: "fail" } as const;
export const LATENCY = { fast: "fast", slow: "slow" } as const;
export const EXPECT_BLOCKED = "blocked";

/** k6's HTTP phase timings (time trends, native histograms), for the dashboard's phase row. */
export const HTTP_PHASES = [
  { title: "connection wait and DNS", series: remoteWriteName("http_req_blocked", "time-trend"), description: "Time blocked before the request: waiting for a free connection and resolving the name" },
  { title: "TCP connect", series: remoteWriteName("http_req_connecting", "time-trend"), description: "TCP connection setup" },
  { title: "TLS handshake", series: remoteWriteName("http_req_tls_handshaking", "time-trend"), description: "TLS handshake (0 on plain HTTP)" },
  { title: "time to first byte", series: remoteWriteName("http_req_waiting", "time-trend"), description: "From the request sent to the first byte of the answer: the server plus the network round trip" },
] as const;
