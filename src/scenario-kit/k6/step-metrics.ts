// Per-step samples of a scenario target: cl_step_duration, one per step that ran, tagged with the step and its
// raw outcome (the target's own tags come from its scenario). Tag sets are built once per declared step;
// cl_requests keeps one sample per iteration.
import type { Tags } from "../../config/types.ts";
import { stepDuration } from "../../metrics/metrics.ts";
import { REASONS, type Reason } from "../../metrics/names.ts";
import type { RecordStep } from "../iteration.ts";

interface StepTags {
  ok: Tags;
  failure: Readonly<Record<Reason, Tags>>;
}

export function createStepRecorder(steps: readonly string[]): RecordStep {
  const byStep = new Map<string, StepTags>();
  for (const step of steps) {
    const failure = {} as Record<Reason, Tags>;
    for (const reason of REASONS) failure[reason] = { step, result: "fail", reason };
    byStep.set(step, { ok: { step, result: "ok" }, failure });
  }
  const metric = stepDuration();
  return (step, reason, durationMs) => {
    const tags = byStep.get(step) as StepTags; // the context only runs declared steps
    metric.add(durationMs, reason === undefined ? tags.ok : tags.failure[reason]);
  };
}
