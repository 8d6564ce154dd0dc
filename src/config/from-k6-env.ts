// The one module that reads k6's __ENV (and open(), for /etc/resolv.conf): everything else receives a Config.
import { SharedArray } from "k6/data";
import { firstInit } from "../first-init-lazy.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import type { Config, Protocol } from "./types.ts";

interface Loaded {
  config: Config;
  plans: TargetPlan[];
}

/** Which targets there are, in plan order: all a VU needs to know in init. */
interface TargetIndex {
  names: string[];
  protocols: Protocol[];
  /** MODE=continuous: a 24/7 run, without thresholds. */
  continuous: boolean;
  /** Whether a target probes pod IPs (the pod path's discovery needs k6/x/dns). */
  podPath: boolean;
}

// k6 evaluates the script first with __VU 0 (for its options: a bad configuration stops k6 there), then once per
// VU. A SharedArray's callback runs once, in that first init, and every later VU gets a frozen JSON copy of the
// elements it reads: VUs neither merge, check nor plan the environment again (the transient objects of that work
// made up most of a VU's memory with many targets: 0.89 -> 0.63 MB per VU with 10 targets). Each element is
// copied only when read, so the whole configuration (element 0) is read by the first init alone, a VU reads the
// index in init and then the plans it probes: each element a VU reads costs it its JSON copy (the whole
// configuration cost every VU about 0.01 MB with one target).
// Indexed, never destructured: destructuring goes through the SharedArray's iterator, which costs each VU 8 KB more.
const shared = new SharedArray<Loaded | TargetIndex | TargetPlan>("continuous-load-config", () => {
  const { loadConfig, planTargets } = firstInit();
  const config = loadConfig(__ENV, (path) => open(path));
  const plans = planTargets(config);
  const index: TargetIndex = {
    names: plans.map((plan) => plan.target.name),
    protocols: plans.map((plan) => plan.target.protocol),
    continuous: config.mode === "continuous",
    podPath: plans.some((plan) => plan.target.path === "pod"),
  };
  return [{ config, plans }, index, ...plans];
});

/** The configuration and every plan: for k6's first init (options, the end-of-test summary), not for VUs. */
export function loaded(): Loaded {
  return shared[0] as Loaded;
}

export const targets = shared[1] as TargetIndex;

/** The plan of the target at `index` in `targets`. */
export function planAt(index: number): TargetPlan {
  return shared[2 + index] as TargetPlan;
}
