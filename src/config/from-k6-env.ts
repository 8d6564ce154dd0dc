// The one module that reads k6's __ENV (and open(), for /etc/resolv.conf): everything else receives a Config.
import { SharedArray } from "k6/data";
import { firstInit } from "../first-init-lazy.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import type { Config } from "./types.ts";

interface Loaded {
  config: Config;
  plans: TargetPlan[];
}

// k6 evaluates the script first with __VU 0 (for its options: a bad configuration stops k6 there), then once per
// VU. A SharedArray's callback runs once, in that first init, and every later VU gets a frozen JSON copy of its
// result: VUs neither merge, check nor plan the environment again (the transient objects of that work made up
// most of a VU's memory with many targets: 0.89 -> 0.63 MB per VU with 10 targets).
// Indexed, not destructured: destructuring goes through the SharedArray's iterator, which costs each VU 8 KB more.
const loaded = new SharedArray<Loaded>("continuous-load-config", () => {
  const { loadConfig, planTargets } = firstInit();
  const config = loadConfig(__ENV, (path) => open(path));
  return [{ config, plans: planTargets(config) }];
})[0];

export const config: Config = (loaded as Loaded).config;
export const plans: readonly TargetPlan[] = (loaded as Loaded).plans;
