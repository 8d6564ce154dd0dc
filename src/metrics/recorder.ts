// Records one probe's outcome: the project metrics and one check, with tag sets prepared in init.
import { check } from "k6";
import type { TargetPlan } from "../options/target-plan.ts";
import { requestDuration, requestFailed, requests, targetRps } from "./metrics.ts";
import type { Reason } from "./names.ts";
import { checkName, outcomeTags } from "./outcome-tags.ts";

export interface Recorder {
  success(durationMs: number): void;
  failure(reason: Reason, durationMs: number): void;
}

export function createRecorder(plan: TargetPlan): Recorder {
  const tags = outcomeTags(plan.target.protocol, plan.target.name);
  const name = checkName(plan.target.protocol);
  const verdict = { [name]: (ok: boolean) => ok };
  const { latencyObjectiveMs, ratePerSecond } = plan;

  // Emitted with every probe so remote write keeps the series alive: the expected traffic for alerts.
  const common = (durationMs: number, outcome: Record<string, string>) => {
    requests.add(1, outcome);
    requestDuration.add(durationMs, outcome);
    targetRps.add(ratePerSecond, tags.base);
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
