// Records one probe's outcome: the project metrics and one check, with tag sets prepared in init.
import { check } from "k6";
import type { TargetPlan } from "../options/target-plan.ts";
import { requestDuration, requestFailed, requests, targetRps } from "./metrics.ts";
import type { Reason } from "./names.ts";
import { checkName, outcomeTags } from "./outcome-tags.ts";

/** How often each VU re-emits a target's configured rate (the `cl_target_rps` gauge). */
export const TARGET_RPS_EVERY_MS = 1000;

export interface Recorder {
  success(durationMs: number): void;
  failure(reason: Reason, durationMs: number): void;
}

export function createRecorder(plan: TargetPlan): Recorder {
  const tags = outcomeTags(plan.target.protocol, plan.target.name);
  const name = checkName(plan.target.protocol);
  const verdict = { [name]: (ok: boolean) => ok };
  const { latencyObjectiveMs, ratePerSecond } = plan;

  // The expected traffic for alerts. Remote write sends only series with new samples, so it must be emitted
  // more often than the push interval (5 s); once a second per VU is enough, and cheaper than once per probe.
  let targetRpsEmittedAt = -Infinity;
  const common = (durationMs: number, outcome: Record<string, string>) => {
    requests.add(1, outcome);
    requestDuration.add(durationMs, outcome);
    const now = Date.now();
    if (now - targetRpsEmittedAt >= TARGET_RPS_EVERY_MS) {
      targetRpsEmittedAt = now;
      targetRps.add(ratePerSecond, tags.base);
    }
  };
  return {
    success(durationMs) {
      common(durationMs, durationMs > latencyObjectiveMs ? tags.slow : tags.fast);
      requestFailed.add(0, tags.base);
      check(true, verdict, tags.base);
    },
    failure(reason, durationMs) {
      common(durationMs, tags.failure[reason]);
      requestFailed.add(1, tags.base);
      check(false, verdict, tags.base);
    },
  };
}
