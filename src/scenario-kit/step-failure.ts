// How a step ends an iteration: thrown by the step primitives and ctx.fail(), caught by the scenario probe.
import type { Reason } from "../metrics/names.ts";

export class StepFailure extends Error {
  readonly step: string;
  readonly reason: Reason;

  constructor(step: string, reason: Reason) {
    super(`step ${step} failed: ${reason}`);
    this.name = "StepFailure";
    this.step = step;
    this.reason = reason;
  }
}
