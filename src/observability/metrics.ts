// Prometheus names of the series the rules and the dashboard read, derived from the metric contract
// (./contract.ts, which derives them from the engine's src/metrics/names.ts). Pure constants: nothing here is
// imported by the k6 bundle.
import { EXPECT_BLOCKED, SERIES } from "./contract.ts";

/** One sample per probe; labels protocol, target, result (ok|fail), reason (on fail), latency (fast|slow, on ok). */
export const REQUESTS = SERIES.requests;
/** One sample per probe on one series per target and runner (no outcome labels): the dense SLI denominator. */
export const PROBES = SERIES.probes;
/** Native histogram of probe latency in seconds (k6 remote write with --features native-histograms). */
export const DURATION = SERIES.duration;
/** The target's configured whole-run rate (before any split across runner pods); labels protocol, target. */
export const TARGET_RPS = SERIES.targetRate;
/** k6 builtins; `scenario` is the target name. */
export const ITERATIONS = SERIES.iterations;
export const DROPPED_ITERATIONS = SERIES.droppedIterations;
export const VUS = SERIES.vus;
export const VUS_MAX = SERIES.vusMax;
/** podinfo's own classic histogram (scraped by Prometheus: has namespace, pod, job). */
export const SERVER_DURATION = "http_request_duration_seconds";

/** Labels the dashboard's SLI panels are aggregated by: one SLO per target (protocol is a property of the target). */
export const SLI_LABELS = "protocol, target";
/**
 * Labels every SLI recording and alert keeps: `cluster` too, so two clusters writing to one Prometheus keep
 * separate SLOs (a series without the label groups as cluster="").
 */
export const SLO_LABELS = "cluster, protocol, target";

/** Negative probes (expect: "blocked") are excluded from SLOs (docs/metrics.md); `!=` also matches series without the label. */
export const SLO_VALID = `expect!="${EXPECT_BLOCKED}"`;
/** Only the 24/7 runners: a k6-operator TestRun tags its series with testid, a finite run must not count. */
export const CONTINUOUS = `testid=""`;
