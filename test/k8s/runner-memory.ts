// How much memory a k6 runner pod may need: every VU its configuration allows, at the memory per VU measured on real
// k6 v2.2.0 with this bundle (issue 12), plus the process's own base. Pure: the test feeds it the engine's own plans.
//
// Measured (issue 12, k6 v2.2.0, `--summary-mode=disabled --no-thresholds`, 100 or 200 VUs per run):
// - 0.69 MB per initialised VU for this bundle (every VU evaluates the whole bundle in its own JavaScript runtime);
// - peak RSS 141-151 MB for HTTP, TCP and DNS and 216-223 MB for gRPC at 100 VUs, so a base of about 80 MB and
//   about 1.4 MB per gRPC VU (its connection and protobuf state on top of the runtime).
// The model rounds up: a 100 MB base, 0.69 MB per VU, 1.45 MB per gRPC VU, and 20% headroom on the total for what a
// storm adds (responses and connections in flight, GC running behind). MB is counted as MiB, which rounds up again.
// A finite run (thresholds and end-of-test summary on, the k6-operator TestRun) also keeps every trend sample until
// it ends (reference k6.md: 393 MB after 60 s at 200k samples/s, about 33 bytes a sample): counted at 40 bytes for
// 10 trend samples per probe (k6's seven http_req_* timings, iteration_duration, cl_request_duration and its
// per-target submetric). 24/7 runners keep none (--summary-mode=disabled --no-thresholds).

export const BASE_MB = 100;
export const MB_PER_VU = 0.69;
export const MB_PER_GRPC_VU = 1.45;
export const HEADROOM = 1.2;
export const TREND_SAMPLES_PER_PROBE = 10;
export const BYTES_PER_KEPT_SAMPLE = 40;

/** What a finite run keeps: this runner's probes per second and how long the run lasts. */
export interface KeptSamples {
  ratePerSecond: number;
  seconds: number;
}

export interface TargetVus {
  protocol: string;
  /** The scenario's maxVUs for the whole run, before k6 splits it across execution segments. */
  maxVUs: number;
}

/**
 * The VUs one of `runners` equal execution segments may hold for a target: k6 scales a scenario's maxVUs to each
 * segment and rounds, so a segment gets floor or ceil of its share. The ceiling bounds every segment.
 */
export function vusPerRunner(maxVUs: number, runners: number): number {
  if (!Number.isInteger(runners) || runners < 1) throw new Error(`runners must be a whole number >= 1, got ${runners}`);
  return Math.ceil(maxVUs / runners);
}

/**
 * Memory in MiB a runner needs in the worst case its configuration allows (every target at its maxVUs), plus the
 * trend samples a finite run keeps when `kept` is given.
 */
export function runnerMemoryNeedMiB(targets: readonly TargetVus[], runners: number, kept?: KeptSamples): number {
  const vus = targets.reduce((sum, t) => sum + vusPerRunner(t.maxVUs, runners) * (t.protocol === "grpc" ? MB_PER_GRPC_VU : MB_PER_VU), BASE_MB);
  const samples = kept === undefined ? 0 : (kept.ratePerSecond * kept.seconds * TREND_SAMPLES_PER_PROBE * BYTES_PER_KEPT_SAMPLE) / 1024 ** 2;
  return (vus + samples) * HEADROOM;
}

const UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** A Kubernetes memory quantity ("512Mi", "1G", "268435456") in MiB. */
export function quantityMiB(quantity: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(quantity));
  if (m === null) throw new Error(`memory quantity ${JSON.stringify(quantity)}: expected a number with an optional unit (Ki, Mi, Gi, k, M, G)`);
  return (Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1)) / 1024 ** 2;
}
