// Each target with its defaults applied and its numbers prepared once: rate, timeout, latency objective, VUs.
import { durationToMs } from "../config/duration.ts";
import type { Config, Target } from "../config/types.ts";
import { toArrivalRate, type ArrivalRate } from "./arrival-rate.ts";
import { vuHoldMs } from "./vu-hold.ts";
import { vuBounds, type VuBounds } from "./vus.ts";

export interface TargetPlan<T extends Target = Target> {
  target: T;
  /** Probes per second for the whole run (before any split across runner pods). */
  ratePerSecond: number;
  arrival: ArrivalRate;
  /** The timeout as k6 duration text (for k6 params) and in milliseconds (for timers). */
  timeout: string;
  timeoutMs: number;
  latencyObjectiveMs: number;
  vus: VuBounds;
  /** A 24/7 run: nothing reads what only thresholds and the summary need (check(), cl_request_failed). */
  continuous: boolean;
}

/** Plans for every target. Assumes a validated Config (semantic checks guarantee a schedulable rate). */
export function planTargets(config: Config): TargetPlan[] {
  return config.targets.map((target) => {
    const ratePerSecond = target.rate ?? config.defaults.rate;
    const timeout = target.timeout ?? config.defaults.timeout;
    const timeoutMs = durationToMs(timeout);
    const latencyObjectiveMs = durationToMs(target.latencyObjective ?? config.defaults.latencyObjective);
    const arrival = toArrivalRate(ratePerSecond);
    if (arrival === undefined) throw new Error(`${target.name}: rate ${ratePerSecond} cannot be scheduled`);
    const vus = vuBounds({
      ratePerSecond,
      holdMs: vuHoldMs(target, timeoutMs),
      preAllocatedVUs: target.preAllocatedVUs,
      maxVUs: target.maxVUs ?? config.defaults.maxVUs,
      runners: config.runners,
    });
    return { target, ratePerSecond, arrival, timeout, timeoutMs, latencyObjectiveMs, vus, continuous: config.mode === "continuous" };
  });
}
