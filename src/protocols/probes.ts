// One probe per target, built in the init context of every VU, and the guard that turns any exception in a
// probe into a counted "error" instead of a silent, metric-less failed iteration.
import type { DnsTarget, GrpcTarget, HttpTarget, TcpTarget } from "../config/types.ts";
import { createRecorder, type Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { createDnsProbe } from "./dns.ts";
import { createGrpcProbe } from "./grpc.ts";
import { createHttpProbe } from "./http.ts";
import { createTcpProbe } from "./tcp.ts";

export type Probe = () => void | Promise<void>;

function guarded(probe: Probe, recorder: Recorder): Probe {
  const onError = (started: number) => (err: unknown) => {
    recorder.failure("error", Date.now() - started);
    console.error(`probe failed unexpectedly: ${String(err)}`);
  };
  return () => {
    const started = Date.now();
    try {
      const pending = probe();
      return pending === undefined ? undefined : pending.catch(onError(started));
    } catch (err) {
      onError(started)(err);
    }
  };
}

export function createProbe(plan: TargetPlan): Probe {
  const recorder = createRecorder(plan);
  switch (plan.target.protocol) {
    case "http":
      return guarded(createHttpProbe(plan as TargetPlan<HttpTarget>, recorder), recorder);
    case "grpc":
      return guarded(createGrpcProbe(plan as TargetPlan<GrpcTarget>, recorder), recorder);
    case "tcp":
      return guarded(createTcpProbe(plan as TargetPlan<TcpTarget>, recorder), recorder);
    case "dns":
      return guarded(createDnsProbe(plan as TargetPlan<DnsTarget>, recorder), recorder);
  }
}
