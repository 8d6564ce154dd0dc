// Synthetic continuous-load data in the shape k6 v2.2 writes it over remote write (--features native-histograms,
// runner tags pod/node/zone) plus podinfo's scraped classic histogram, with known rates, failures and latencies
// the dashboard test checks against.
import { NATIVE_HISTOGRAMS_LABEL, SERIES } from "../../../src/observability/contract.ts";
import { NativeHistogram, type FloatPoint, type HistogramPoint, type Labels, type Series } from "./remote-write.ts";

export const STEP_SECONDS = 10;
export const STEPS = 240; // 40 minutes
export const PODS = [
  { pod: "runner-0", node: "node-a", zone: "zone-a" },
  { pod: "runner-1", node: "node-b", zone: "zone-b" },
];
export const SERVER_NAMESPACE = "continuous-load";
/** The runners' cluster tag (TAGS=cluster=lab), on every k6 series. */
export const CLUSTER = "lab";
/** k6's HTTP phase timings of podinfo-http, seconds per request (plain HTTP: the TLS handshake records 0). */
export const HTTP_PHASE_SECONDS: Record<string, number> = {
  k6_http_req_blocked_seconds: 0.003,
  k6_http_req_connecting_seconds: 0.002,
  k6_http_req_tls_handshaking_seconds: 0,
  k6_http_req_waiting_seconds: 0.04,
};

interface Outcome {
  tags: Labels;
  /** probes per pod per step */
  count: number;
  /** latency of each probe; absent for blocked negative probes, which record no duration sample (docs/metrics.md) */
  seconds?: number;
}

export interface TargetData {
  name: string;
  protocol: string;
  /** configured whole-run rate (k6_cl_target_rps), split evenly over the pods */
  rate: number;
  outcomes: Outcome[];
  droppedPerPodPerStep: number;
  /** tags on every project sample of the target (negative probes: expect, sibling) */
  extraTags?: Labels;
}

// Per pod per step, rate/2 * 10 s probes. podinfo-http: 10% failures (3 status, 2 timeout of 50), 5 slow successes.
export const TARGETS: TargetData[] = [
  {
    name: "podinfo-http",
    protocol: "http",
    rate: 10,
    // Issue 5: the answers name the podinfo pod (dest_pod); a failure without an answer is "unknown".
    // Per runner pod: podinfo-0 gets 20 fast + 5 slow successes (client mean 0.2 s), podinfo-1 20 fast successes
    // (0.05 s) and the 3 status failures (success 20/23 in the path matrix).
    outcomes: [
      { tags: { result: "ok", latency: "fast", dest_pod: "podinfo-0" }, count: 20, seconds: 0.05 },
      { tags: { result: "ok", latency: "fast", dest_pod: "podinfo-1" }, count: 20, seconds: 0.05 },
      { tags: { result: "ok", latency: "slow", dest_pod: "podinfo-0" }, count: 5, seconds: 0.8 },
      { tags: { result: "fail", reason: "status", dest_pod: "podinfo-1" }, count: 3, seconds: 0.05 },
      { tags: { result: "fail", reason: "timeout", dest_pod: "unknown" }, count: 2, seconds: 5 },
    ],
    extraTags: { path: "service" },
    droppedPerPodPerStep: 1,
  },
  { name: "podinfo-grpc", protocol: "grpc", rate: 5, outcomes: [{ tags: { result: "ok", latency: "fast" }, count: 25, seconds: 0.01 }], droppedPerPodPerStep: 0 },
  { name: "podinfo-tcp", protocol: "tcp", rate: 5, outcomes: [{ tags: { result: "ok", latency: "fast" }, count: 25, seconds: 0.002 }], droppedPerPodPerStep: 0 },
  {
    name: "cluster-dns",
    protocol: "dns",
    rate: 5,
    outcomes: [
      { tags: { result: "ok", latency: "fast" }, count: 24, seconds: 0.001 },
      { tags: { result: "fail", reason: "dns" }, count: 1, seconds: 0.001 },
    ],
    droppedPerPodPerStep: 0,
  },
  // A negative probe (issue 5): blocked attempts are result="ok" without a latency tag, one got through. Its
  // failures must not reach any SLO panel.
  {
    name: "blocked-egress",
    protocol: "tcp",
    rate: 1,
    extraTags: { expect: "blocked", sibling: "podinfo-tcp", path: "service", dest_pod: "unknown" },
    outcomes: [
      { tags: { result: "ok" }, count: 4 },
      { tags: { result: "fail", reason: "not_blocked" }, count: 1, seconds: 0.002 },
    ],
    droppedPerPodPerStep: 0,
  },
  // A negative probe that is always refused while its sibling (podinfo-grpc) succeeds: a verified deny.
  {
    name: "blocked-ingress",
    protocol: "tcp",
    rate: 1,
    extraTags: { expect: "blocked", sibling: "podinfo-grpc", path: "pod", dest_pod: "unknown" },
    outcomes: [{ tags: { result: "ok" }, count: 5 }],
    droppedPerPodPerStep: 0,
  },
];

/** podinfo's server-side means per pod on route api_info (2xx), for the network-share checks. */
export const SERVER_API_INFO = { "podinfo-0": 0.02, "podinfo-1": 0.03 } as const;

const K6_FEATURE = NATIVE_HISTOGRAMS_LABEL;
const VUS_PER_POD = 8;
const VUS_MAX_PER_POD = 20;

// podinfo: route "status" answers 200 in 20 ms (2/s), route "delay" answers 500 in 300 ms (0.2/s); another app in
// another namespace also exports http_request_duration_seconds, which the namespace variable must filter out.
const SERVER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];
const SERVER_ROUTES = [
  { namespace: SERVER_NAMESPACE, pod: "podinfo-0", path: "status", status: "200", perStep: 20, seconds: 0.02 },
  { namespace: SERVER_NAMESPACE, pod: "podinfo-0", path: "delay", status: "500", perStep: 2, seconds: 0.3 },
  { namespace: "other-app", pod: "other-0", path: "root", status: "200", perStep: 5, seconds: 0.2 },
  // The route podinfo-http hits (serverRoute "api_info" in the test configuration), per pod; 5xx stay out of the mean.
  { namespace: SERVER_NAMESPACE, pod: "podinfo-0", path: "api_info", status: "200", perStep: 10, seconds: SERVER_API_INFO["podinfo-0"] },
  { namespace: SERVER_NAMESPACE, pod: "podinfo-1", path: "api_info", status: "200", perStep: 10, seconds: SERVER_API_INFO["podinfo-1"] },
  { namespace: SERVER_NAMESPACE, pod: "podinfo-1", path: "api_info", status: "500", perStep: 1, seconds: 2 },
  // Another podinfo in another namespace with a colliding pod name: the namespace matcher keeps it out.
  { namespace: "other-app", pod: "podinfo-0", path: "api_info", status: "200", perStep: 10, seconds: 1 },
];

/** Every series for steps 0..STEPS ending at endMs, samples in time order (remote write needs them so). */
export function buildSeries(endMs: number): Series[] {
  const t = (step: number) => endMs - (STEPS - step) * STEP_SECONDS * 1000;
  const floats = new Map<string, { labels: Labels; samples: FloatPoint[] }>();
  const histograms = new Map<string, { labels: Labels; histograms: HistogramPoint[]; h: NativeHistogram }>();
  const counters = new Map<string, number>();
  const float = (labels: Labels, timestamp: number, value: number) => {
    const key = JSON.stringify(labels);
    if (!floats.has(key)) floats.set(key, { labels, samples: [] });
    floats.get(key)!.samples.push({ timestamp, value });
  };
  const count = (labels: Labels, timestamp: number, increment: number) => {
    const key = JSON.stringify(labels);
    const value = (counters.get(key) ?? 0) + increment;
    counters.set(key, value);
    float(labels, timestamp, value);
  };

  for (let step = 0; step <= STEPS; step++) {
    const ts = t(step);
    // k6 sends a counter's running total, so the first sample already holds the first push's increments. Every
    // series here gets samples at every step, which k6 also sends densely; support/k6-sparse.ts models the sparse
    // case for the rule tests. One step is 10 s (k6 pushes every 5 s): the rates per step are what the checks use.
    for (const runner of PODS) {
      const podTags = { ...K6_FEATURE, ...runner, cluster: CLUSTER };
      for (const target of TARGETS) {
        const base = { ...podTags, protocol: target.protocol, target: target.name, scenario: target.name };
        const project = { ...base, ...target.extraTags };
        let probes = 0;
        // The per-probe counter: the target's constant tags only (no outcome, no dest_pod), one sample per probe.
        const constant: Labels = { ...project };
        delete constant.dest_pod;
        count({ __name__: SERIES.probes, ...constant }, ts, target.outcomes.reduce((n, o) => n + o.count, 0));
        for (const outcome of target.outcomes) {
          const labels = { ...project, ...outcome.tags };
          count({ __name__: SERIES.requests, ...labels }, ts, outcome.count);
          probes += outcome.count;
          if (outcome.seconds === undefined) continue;
          const hLabels = { __name__: SERIES.duration, ...labels };
          const key = JSON.stringify(hLabels);
          if (!histograms.has(key)) histograms.set(key, { labels: hLabels, histograms: [], h: new NativeHistogram() });
          const entry = histograms.get(key)!;
          entry.h.observe(outcome.seconds, outcome.count);
          entry.histograms.push(entry.h.snapshot(ts));
        }
        float({ __name__: SERIES.targetRate, ...constant }, ts, target.rate); // the scenario's tags, as the probes counter
        if (target.protocol === "http") {
          // k6's own http_req_* trends: tagged by k6 (name = the target, as the engine sets it; no url), one
          // observation per request.
          for (const [name, seconds] of Object.entries(HTTP_PHASE_SECONDS)) {
            const labels = { __name__: name, ...podTags, scenario: target.name, name: target.name, method: "GET", status: "200", proto: "HTTP/1.1", expected_response: "true" };
            const key = JSON.stringify(labels);
            if (!histograms.has(key)) histograms.set(key, { labels, histograms: [], h: new NativeHistogram() });
            const entry = histograms.get(key)!;
            entry.h.observe(seconds, target.outcomes.reduce((n, o) => n + o.count, 0));
            entry.histograms.push(entry.h.snapshot(ts));
          }
        }
        const scenario = { ...podTags, scenario: target.name };
        count({ __name__: SERIES.iterations, ...scenario }, ts, probes);
        if (target.droppedPerPodPerStep > 0) count({ __name__: SERIES.droppedIterations, ...scenario }, ts, target.droppedPerPodPerStep);
      }
      float({ __name__: SERIES.vus, ...podTags }, ts, VUS_PER_POD);
      float({ __name__: SERIES.vusMax, ...podTags }, ts, VUS_MAX_PER_POD);
    }
    for (const route of SERVER_ROUTES) {
      const labels = { namespace: route.namespace, pod: route.pod, job: `${route.namespace}/podinfo`, instance: `${route.pod}:9797`, method: "GET", path: route.path, status: route.status };
      const n = route.perStep;
      for (const le of SERVER_BUCKETS) {
        count({ __name__: "http_request_duration_seconds_bucket", ...labels, le: le === Infinity ? "+Inf" : String(le) }, ts, route.seconds <= le ? n : 0);
      }
      count({ __name__: "http_request_duration_seconds_count", ...labels }, ts, n);
      count({ __name__: "http_request_duration_seconds_sum", ...labels }, ts, n * route.seconds);
    }
  }
  return [
    ...[...floats.values()].map(({ labels, samples }) => ({ labels, samples })),
    ...[...histograms.values()].map(({ labels, histograms: points }) => ({ labels, histograms: points })),
  ];
}
