// Continuous Load: steady HTTP, gRPC, TCP and DNS probes (and multi-step scenarios, src/scenarios/) through a
// cluster's network paths, one constant-arrival-rate scenario per target. Configuration is validated here, in
// the init context, before any VU sends traffic; a bad value stops k6 with an error naming the variable, the
// path and the value.
import execution from "k6/execution";
import type { Options } from "k6/options";
import { config } from "./config/from-k6-env.ts";
import { buildOptions, runThresholds } from "./options/build-options.ts";
import { planTargets } from "./options/target-plan.ts";
import { createProbe, type Probe } from "./protocols/probes.ts";
import { endOfTestSummary } from "./summary/end-of-test.ts";

const plans = planTargets(config);

// k6 reads `options` from its first init (__VU 0, also the runtime of setup() and handleSummary()) and never
// from a VU's: VUs skip building them (hundreds of threshold keys and scenario objects in every VU's runtime).
export const options: Options = __VU === 0 ? buildOptions(config, plans) : {};

// Built per VU in init: gRPC clients must be created here, and the hot path only looks its probe up.
const probes = new Map<string, Probe>(plans.map((plan) => [plan.target.name, createProbe(plan)]));

function probeForScenario(): void | Promise<void> {
  return (probes.get(execution.scenario.name) as Probe)();
}

// One exec function per protocol; scenarios are named after targets, so the scenario picks the probe.
export const http = probeForScenario;
export const grpc = probeForScenario;
export const tcp = probeForScenario;
export const dns = probeForScenario;
export const scenario = probeForScenario; // targets with "protocol": "scenario" (src/scenarios/)

// One row per target at the end of a finite run; never called in 24/7 mode (--summary-mode=disabled).
export function handleSummary(data: unknown): { stdout: string } | undefined {
  return endOfTestSummary(data, plans, runThresholds(config, plans));
}
