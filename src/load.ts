// Continuous Load: steady HTTP, gRPC, TCP and DNS probes (and multi-step scenarios, src/scenarios/) through a
// cluster's network paths, one constant-arrival-rate scenario per target. Configuration is validated here, in
// the init context, before any VU sends traffic; a bad value stops k6 with an error naming the variable, the
// path and the value.
import type { Options } from "k6/options";
import { loaded, planAt, targets } from "./config/from-k6-env.ts";
import { declareOptionalMetrics } from "./metrics/metrics.ts";
import { k6ModulesFor, requireK6Modules } from "./k6-modules.ts";
import { SCENARIO_TARGET_ENV } from "./options/scenario-env.ts";
import { firstInit } from "./first-init-lazy.ts";
import type { Protocol } from "./config/types.ts";
import type { Probe } from "./vu-runtime.ts";
import { vuRuntime } from "./vu-runtime-lazy.ts";

// k6 reads `options` from its first init (__VU 0, also the runtime of setup() and handleSummary()) and never
// from a VU's: VUs skip building them (hundreds of threshold keys and scenario objects in every VU's runtime).
export const options: Options = __VU === 0 ? optionsOf(loaded()) : {};

function optionsOf({ config, plans }: ReturnType<typeof loaded>): Options {
  return firstInit().buildOptions(config, plans);
}

// The probes' k6 modules, only those of the configured protocols (src/k6-modules.ts): before any probe is built.
requireK6Modules(k6ModulesFor(targets.protocols, targets.podPath));

// k6's first init declares every metric (thresholds are checked against them there); a VU only those its run can
// emit. Before any probe is built: gRPC and scenario probes are built in init, below.
declareOptionalMetrics(
  __VU === 0 ? { requestFailed: true, stepDuration: true } : { requestFailed: !targets.continuous, stepDuration: targets.protocols.includes("scenario") },
);

// k6 lets a VU run only its own scenario's iterations, so each VU builds just the probe it is asked for, on its
// first iteration: with N targets, one probe per VU instead of N (0.14 MB per VU with 10 targets). gRPC clients
// can only be created in the init context, so targets that may dial gRPC (grpc, and scenarios: a step may) are
// built here, in init, as before.
// The probe code itself is evaluated on a VU's first iteration (vuRuntime()), or here when a target needs it.
// A plain loop into a prototype-less object, not `new Map(plans.filter().map())`: on real k6 those two Maps and
// their iterations cost every VU about 0.03 MB, a fifth of what the whole VU cost.
const probes: Record<string, Probe | undefined> = Object.create(null);
for (let i = 0; i < targets.names.length; i++) {
  if (needsInit(targets.protocols[i] as Protocol)) probes[targets.names[i] as string] = vuRuntime().createProbe(planAt(i));
}

function needsInit(protocol: Protocol): boolean {
  return protocol === "grpc" || protocol === "scenario";
}

// The VU's own probe, found on its first iteration from the variable its scenario sets (src/options/scenario-env.ts).
// A VU keeps its scenario: k6 lends VUs only to scenarios that do not overlap in time, and every target's
// scenario starts at 0 and runs for the same duration.
let vuProbe: Probe | undefined;

function probeForScenario(): void | Promise<void> {
  if (vuProbe === undefined) {
    const name = __ENV[SCENARIO_TARGET_ENV];
    if (name === undefined) throw new Error(`no ${SCENARIO_TARGET_ENV} in this VU's __ENV: run the bundle with the scenarios of its own options`);
    vuProbe = probes[name] ?? vuRuntime().createProbe(planAt(targets.names.indexOf(name)));
  }
  return vuProbe();
}

// One exec function per protocol; scenarios are named after targets, so the scenario picks the probe.
export const http = probeForScenario;
export const grpc = probeForScenario;
export const tcp = probeForScenario;
export const dns = probeForScenario;
export const scenario = probeForScenario; // targets with "protocol": "scenario" (src/scenarios/)

// One row per target at the end of a finite run; never called in 24/7 mode (--summary-mode=disabled).
export function handleSummary(data: unknown): { stdout: string } | undefined {
  const { endOfTestSummary, runThresholds } = firstInit();
  const { config, plans } = loaded();
  return endOfTestSummary(data, plans, runThresholds(config, plans));
}
