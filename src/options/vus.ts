// How many VUs a target's scenario may use. A VU serves one probe at a time, so a target needs about
// rate x probe time of them: a handful, as in-cluster probes take milliseconds. Enough for probes up to
// PROBE_ALLOWANCE_MS are allocated at start; when probes get slower still, k6 adds VUs during the run (dropping
// an iteration for each arrival that finds none free meanwhile) up to maxVUs, which rate x hold bounds so a
// slow or silent target makes k6 drop (and count) iterations instead of growing VUs without end. Every VU is a
// whole JavaScript runtime (README, "VU sizing"), so allocating for the worst case up front costs memory all year.

/** Default ceiling when neither the target nor `defaults.maxVUs` sets one. */
export const DEFAULT_MAX_VUS_CAP = 100;

/**
 * The probe time the pre-allocated VUs keep the rate for, with no iteration dropped. An in-cluster HTTP, gRPC,
 * TCP or DNS exchange takes 0.3-3 ms; what needs the room is k6 itself stalling (a GC cycle, a CPU-throttled
 * part of Kubernetes' 100 ms CFS period): every arrival due meanwhile starts at once afterwards, and one that finds
 * no free VU is dropped. Measured on real k6 with the runner's GOMAXPROCS=1 (npm run bench, 400/s, 3 runs each):
 * with 50 ms (22 VUs) a fast target dropped 11 iterations in one run of three, probes of 20-50 ms 2-27 in every
 * run; with 100 ms (42 VUs) none dropped. 20 VUs more cost about 9 MB at 400/s; at 20/s or less, one VU at most.
 */
export const PROBE_ALLOWANCE_MS = 100;

/** VUs per runner on top of rate x PROBE_ALLOWANCE_MS: one arrival may start while the previous probe still runs. */
export const SPARE_VUS = 2;

export interface VuBounds {
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface VuInputs {
  ratePerSecond: number;
  /** The longest one probe can hold its VU: its timeout, or longer (./vu-hold.ts). */
  holdMs: number;
  preAllocatedVUs?: number | undefined;
  maxVUs?: number | undefined;
  /** k6 instances splitting the run with execution segments (each gets its share of the VUs). */
  runners?: number | undefined;
}

export function vuBounds(inputs: VuInputs): VuBounds {
  // Every probe gives its VU back within holdMs, so rate x holdMs VUs keep the rate even when all probes time out.
  const derivedMax = Math.min(DEFAULT_MAX_VUS_CAP, Math.max(2, Math.ceil((inputs.ratePerSecond * inputs.holdMs) / 1000) + 1));
  const maxVUs = inputs.maxVUs ?? derivedMax;
  // k6 splits VUs across execution segments like it splits iterations: each runner needs its own spare VUs,
  // and a segment left without a VU never runs its share of the rate. One VU per runner at least.
  const runners = inputs.runners ?? 1;
  const derivedPre = Math.ceil((inputs.ratePerSecond * PROBE_ALLOWANCE_MS) / 1000) + SPARE_VUS * runners;
  const preAllocatedVUs = inputs.preAllocatedVUs ?? Math.min(maxVUs, derivedPre);
  return { preAllocatedVUs: Math.max(preAllocatedVUs, runners), maxVUs: Math.max(maxVUs, runners) };
}
