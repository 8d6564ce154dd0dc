// One probe per target: the pod path in front of it when the target goes straight to pod IPs. Every probe
// counts its own exceptions as reason "error" (./unexpected.ts): none needs a wrapper.
import type { DnsTarget, GrpcTarget, HttpTarget, ScenarioTarget, TcpTarget } from "../config/types.ts";
import { createRecorder, type Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { createPodPicker } from "../vu-chunks/pod-path-lazy.ts";
import { createScenarioProbe } from "../vu-chunks/scenario-probe-lazy.ts";
import { now } from "./clock.ts";
import { recordUnexpected } from "./unexpected.ts";
import { createDnsProbe } from "../vu-chunks/dns-probe-lazy.ts";
import { createGrpcProbe } from "../vu-chunks/grpc-probe-lazy.ts";
import { createHttpProbe } from "../vu-chunks/http-probe-lazy.ts";
import { createTcpProbe } from "../vu-chunks/tcp-probe-lazy.ts";

export type Probe = () => void | Promise<void>;
type HostProbe = (host?: string) => void | Promise<void>;

/** Service and external paths probe the configured host; the pod path probes a pod IP picked per probe. */
function onPath(plan: TargetPlan, probe: HostProbe, recorder: Recorder): Probe {
  if (plan.target.path !== "pod") return probe as Probe; // called without a host: the configured one
  const picker = createPodPicker(plan.target);
  return async () => {
    const started = now();
    try {
      const host = await picker.pick();
      if (host === undefined) recorder.record("dns", 0); // no pod IP known: the path cannot even be tried
      else await probe(host);
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  };
}

function protocolProbe(plan: TargetPlan, recorder: Recorder): HostProbe {
  switch (plan.target.protocol) {
    case "http":
      return createHttpProbe(plan as TargetPlan<HttpTarget>, recorder);
    case "grpc":
      return createGrpcProbe(plan as TargetPlan<GrpcTarget>, recorder);
    case "tcp":
      return createTcpProbe(plan as TargetPlan<TcpTarget>, recorder);
    case "dns":
      return createDnsProbe(plan as TargetPlan<DnsTarget>, recorder);
    case "scenario":
      return createScenarioProbe(plan as TargetPlan<ScenarioTarget>, recorder);
  }
}

export function createProbe(plan: TargetPlan): Probe {
  const recorder = createRecorder(plan);
  return onPath(plan, protocolProbe(plan, recorder), recorder);
}
