// Shared by the tests: plans built through the real configuration path, and a clean slate of fakes.
import { loadConfig } from "../src/config/load-config.ts";
import type { Target } from "../src/config/types.ts";
import { scenarioTags } from "../src/options/scenario-tags.ts";
import { planTargets, type TargetPlan } from "../src/options/target-plan.ts";
import { forgetPodNames } from "../src/paths/pod-names.ts";
import { forgetSharedArrays } from "./fakes/k6-data.ts";
import { httpServer } from "./fakes/k6-http.ts";
import { grpcServer } from "./fakes/k6-net-grpc.ts";
import { dnsServer } from "./fakes/k6-x-dns.ts";
import { tcpPeers } from "./fakes/k6-x-tcp.ts";
import { k6State, type Sample } from "./fakes/state.ts";

export function resetFakes(): void {
  k6State.reset();
  httpServer.reset();
  grpcServer.reset();
  tcpPeers.reset();
  dnsServer.reset();
  forgetPodNames(); // module state of the engine: one VU's learned pod names
  forgetSharedArrays(); // each test is a new k6 process
}

/** A plan for one target, built exactly as the engine builds it (validation included). */
export function planFor<T extends Target>(target: T, env: Record<string, string> = {}): TargetPlan<T> {
  const config = loadConfig({ ...env, TARGETS: JSON.stringify([target]) }, () => "nameserver 10.96.0.10\n");
  const [plan] = planTargets(config);
  k6State.scenario = { name: target.name, tags: scenarioTags(target) }; // k6 adds them to every sample
  return plan as TargetPlan<T>;
}

/** The project samples of one metric, tags reduced to the ones the contract defines. */
export function outcomes(metric = "cl_requests"): Array<Record<string, string | number>> {
  return k6State.samplesOf(metric).map((s: Sample) => {
    const { protocol, target, result, reason, latency } = s.tags;
    const row: Record<string, string | number> = { protocol: protocol!, target: target!, result: result!, value: s.value };
    if (reason !== undefined) row.reason = reason;
    if (latency !== undefined) row.latency = latency;
    return row;
  });
}

/** The single failure reason recorded by the last probe (undefined when it succeeded). */
export function lastReason(): string | undefined {
  const last = k6State.samplesOf("cl_requests").at(-1);
  if (last === undefined) throw new Error("no cl_requests sample recorded");
  return last.tags.result === "ok" ? undefined : last.tags.reason;
}

export function lastDurationMs(): number {
  const last = k6State.samplesOf("cl_request_duration").at(-1);
  if (last === undefined) throw new Error("no cl_request_duration sample recorded");
  return last.value;
}
