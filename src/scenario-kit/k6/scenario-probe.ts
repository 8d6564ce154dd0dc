// A scenario target's probe: runs the named scenario once per iteration and records it as one probe in
// cl_requests / cl_request_duration (the whole iteration, through the same recorder as every target), with
// `step` naming the failing step; each step that ran adds a cl_step_duration sample. Built per VU in init.
import type { ScenarioTarget } from "../../config/types.ts";
import { REASONS, type Reason } from "../../metrics/names.ts";
import type { Recorder } from "../../metrics/recorder.ts";
import type { TargetPlan } from "../../options/target-plan.ts";
import { bracketed } from "../../paths/host-swap.ts";
import { destPodOf } from "../../paths/pod-names.ts";
import { now } from "../../protocols/clock.ts";
import { recordUnexpected } from "../../protocols/unexpected.ts";
import type { ScenarioContext, ScenarioDefinition, StepProtocol } from "../define.ts";
import { Iteration } from "../iteration.ts";
import { scenarioNamed } from "../registry.ts";
import { createDnsStep } from "./dns-step.ts";
import { createGrpcSteps } from "./grpc-step.ts";
import { createHttpStep } from "./http-step.ts";
import { createStepRecorder } from "./step-metrics.ts";
import { createTcpStep } from "./tcp-step.ts";

/** Throws unless `step` is declared with `protocol`: plain JavaScript scenarios get no compile-time check. */
function declaredAs(declared: Readonly<Record<string, StepProtocol>>, step: string, protocol: StepProtocol): string {
  if (declared[step] !== protocol) throw new Error(`step ${JSON.stringify(step)} is not declared as a ${protocol} step`);
  return step;
}

/** `definition` defaults to the registered scenario the target names (tests pass their own). */
export function createScenarioProbe(
  plan: TargetPlan<ScenarioTarget>,
  recorder: Recorder,
  definition: ScenarioDefinition | undefined = scenarioNamed(plan.target.scenario),
): (host?: string) => Promise<void> {
  const { target } = plan;
  // The configuration checks reject unknown names before this runs; this guards direct callers.
  if (definition === undefined) throw new Error(`${target.name}: unknown scenario ${JSON.stringify(target.scenario)}`);
  const declared = definition.steps;
  const steps = Object.keys(declared);
  const vars = Object.freeze({ ...definition.vars, ...target.vars });
  const iteration = new Iteration(createStepRecorder(steps));
  // On path "service" every iteration opens its own connections, so the Service spreads iterations over backends.
  const perIteration = (target.path ?? "service") === "service";
  const httpSteps = steps.filter((step) => declared[step] === "http");
  const http = createHttpStep(iteration, target.name, perIteration ? httpSteps.at(-1) : undefined);
  const grpc = createGrpcSteps(iteration, steps.filter((step) => declared[step] === "grpc"));
  const tcp = createTcpStep(iteration, target.name);
  const dns = createDnsStep(iteration);

  const ctx: ScenarioContext = {
    get host() {
      return iteration.host;
    },
    authority: (port) => `${bracketed(iteration.host)}:${port}`,
    vars,
    http: (step, request) => http(declaredAs(declared, step, "http"), request),
    grpc: (step, request) => grpc.call(declaredAs(declared, step, "grpc"), request),
    tcp: (step, request) => tcp(declaredAs(declared, step, "tcp"), request),
    dns: (step, request) => dns(declaredAs(declared, step, "dns"), request),
    fail: (step, reason) => {
      if (!Object.hasOwn(declared, step)) throw new Error(`fail(): step ${JSON.stringify(step)} is not declared`);
      if (!REASONS.includes(reason)) throw new Error(`fail(): reason ${JSON.stringify(reason)} is not one of ${REASONS.join(", ")}`);
      return iteration.fail(step, reason);
    },
    servedBy: (pod) => iteration.servedBy(pod),
  };

  return async function probeScenario(host?: string): Promise<void> {
    const started = now();
    try {
      iteration.begin(host ?? target.host, started + plan.timeoutMs);
      let threw = false; // a flag, not the value: `throw undefined` is still an exception
      let thrown: unknown;
      try {
        await definition.run(ctx);
      } catch (err) {
        threw = true;
        thrown = err;
      }
      // The first failing step decides, even when the scenario caught it and went on.
      let reason: Reason | undefined;
      let step: string | undefined;
      const failure = iteration.failure;
      if (failure !== undefined) {
        reason = failure.reason;
        step = failure.step;
      } else if (threw) {
        // An exception in the scenario's own code: counted as `error`, charged to the step that ran last.
        reason = "error";
        step = iteration.current ?? (steps[0] as string);
        console.error(`scenario ${definition.name} (target ${target.name}) threw in or after step ${step}: ${String(thrown)}`);
      }
      if (perIteration) grpc.closeAll();
      // On the pod path the engine chose the pod: its IP (or the name it gave earlier) names it even on failure.
      recorder.record(reason, now() - started, destPodOf(iteration.destPod, host), step);
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  };
}
