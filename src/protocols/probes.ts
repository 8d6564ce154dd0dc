// One probe per target, built in the init context of every VU: the pod path in front of it when the target
// goes straight to pod IPs, and the guard that turns any exception in a probe into a counted "error" instead of
// a silent, metric-less failed iteration.
import type { DnsTarget, GrpcTarget, HttpTarget, ScenarioTarget, TcpTarget } from "../config/types.ts";
import { createRecorder, type Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { createPodPicker } from "../vu-chunks/pod-path-lazy.ts";
import { createScenarioProbe } from "../vu-chunks/scenario-probe-lazy.ts";
import { now } from "./clock.ts";
import { createDnsProbe } from "../vu-chunks/dns-probe-lazy.ts";
import { createGrpcProbe } from "../vu-chunks/grpc-probe-lazy.ts";
import { createHttpProbe } from "../vu-chunks/http-probe-lazy.ts";
import { createTcpProbe } from "../vu-chunks/tcp-probe-lazy.ts";

export type Probe = () => void | Promise<void>;
type HostProbe = (host?: string) => void | Promise<void>;

function guarded(probe: Probe, recorder: Recorder): Probe {
  // A VU runs one probe at a time, so one handler and one start time serve every probe (no closure per probe).
  let started = 0;
  const onError = (err: unknown) => {
    recorder.record("error", now() - started);
    console.error(`probe failed unexpectedly: ${String(err)}`);
  };
  return () => {
    started = now();
    try {
      const pending = probe();
      return pending === undefined ? undefined : pending.catch(onError);
    } catch (err) {
      onError(err);
    }
  };
}

/** Service and external paths probe the configured host; the pod path probes a pod IP picked per probe. */
function onPath(plan: TargetPlan, probe: HostProbe, recorder: Recorder): Probe {
  if (plan.target.path !== "pod") return probe as Probe; // called without a host: the configured one
  const picker = createPodPicker(plan.target);
  return async () => {
    const host = await picker.pick();
    if (host === undefined) recorder.record("dns", 0); // no pod IP known: the path cannot even be tried
    else await probe(host);
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
  return guarded(onPath(plan, protocolProbe(plan, recorder), recorder), recorder);
}
