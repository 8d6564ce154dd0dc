// How many VUs a target's scenario may use. Enough to keep the rate while the target is healthy, bounded so a
// slow or silent target makes k6 drop (and count) iterations instead of growing VUs without end.

/** Default ceiling when neither the target nor `defaults.maxVUs` sets one. */
export const DEFAULT_MAX_VUS_CAP = 100;

export interface VuBounds {
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface VuInputs {
  ratePerSecond: number;
  timeoutMs: number;
  latencyObjectiveMs: number;
  preAllocatedVUs?: number | undefined;
  maxVUs?: number | undefined;
  /** k6 instances splitting the run with execution segments (each gets its share of the VUs). */
  runners?: number | undefined;
}

export function vuBounds(inputs: VuInputs): VuBounds {
  // Every probe ends within its timeout, so rate x timeout VUs keep the rate even when all probes time out.
  const derivedMax = Math.min(DEFAULT_MAX_VUS_CAP, Math.max(2, Math.ceil((inputs.ratePerSecond * inputs.timeoutMs) / 1000) + 1));
  const maxVUs = inputs.maxVUs ?? derivedMax;
  // Healthy probes end within the latency objective: that many VUs (at least one) are allocated up front.
  const derivedPre = Math.max(1, Math.ceil((inputs.ratePerSecond * inputs.latencyObjectiveMs) / 1000));
  const preAllocatedVUs = inputs.preAllocatedVUs ?? Math.min(maxVUs, derivedPre);
  // k6 splits VUs across execution segments like it splits iterations: a segment left without a VU never runs
  // its share of the rate. One VU per runner at least, so every segment has one.
  const runners = inputs.runners ?? 1;
  return { preAllocatedVUs: Math.max(preAllocatedVUs, runners), maxVUs: Math.max(maxVUs, runners) };
}
