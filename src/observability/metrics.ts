// Prometheus names of the series the rules and the dashboard read (docs/metrics.md is the contract; change it first).
// Pure constants: nothing here is imported by the k6 bundle.

/** One sample per probe; labels protocol, target, result (ok|fail), reason (on fail), latency (fast|slow, on ok). */
export const REQUESTS = "k6_cl_requests_total";
/** Native histogram of probe latency in seconds (k6 remote write with --features native-histograms). */
export const DURATION = "k6_cl_request_duration_seconds";
/** The target's configured whole-run rate (before any split across runner pods); labels protocol, target. */
export const TARGET_RPS = "k6_cl_target_rps";
/** k6 builtins; `scenario` is the target name. */
export const ITERATIONS = "k6_iterations_total";
export const DROPPED_ITERATIONS = "k6_dropped_iterations_total";
export const VUS = "k6_vus";
export const VUS_MAX = "k6_vus_max";
/** podinfo's own classic histogram (scraped by Prometheus: has namespace, pod, job). */
export const SERVER_DURATION = "http_request_duration_seconds";

/** Labels the SLIs are aggregated by: one SLO per target (protocol is a property of the target). */
export const SLI_LABELS = "protocol, target";

/** Negative probes (expect: "blocked") are excluded from SLOs (docs/metrics.md); `!=` also matches series without the label. */
export const SLO_VALID = `expect!="blocked"`;
