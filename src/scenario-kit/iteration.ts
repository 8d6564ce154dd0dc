// One scenario iteration's state, reused per VU (a VU runs one iteration at a time): the host, the time budget
// shared by every step, the step in progress, the first failure and the serving pod. Pure: the step samples
// go out through the callback it is given.
import type { Reason } from "../metrics/names.ts";
import { StepFailure } from "./step-failure.ts";

/** Records one step that ran: its raw outcome (undefined = ok) and how long it took. */
export type RecordStep = (step: string, reason: Reason | undefined, durationMs: number) => void;

export class Iteration {
  readonly #recordStep: RecordStep;
  #host = "";
  #deadline = 0;
  #current: string | undefined;
  #failure: StepFailure | undefined;
  #destPod: string | undefined;

  constructor(recordStep: RecordStep) {
    this.#recordStep = recordStep;
  }

  /** Start an iteration towards `host` that must end by `deadline` (epoch ms). */
  begin(host: string, deadline: number): void {
    this.#host = host;
    this.#deadline = deadline;
    this.#current = undefined;
    this.#failure = undefined;
    this.#destPod = undefined;
  }

  get host(): string {
    return this.#host;
  }

  /** The step that ran last (or runs now): where an exception in the scenario's own code is charged. */
  get current(): string | undefined {
    return this.#current;
  }

  /** The first failure; it stays the iteration's outcome even when the scenario catches it. */
  get failure(): StepFailure | undefined {
    return this.#failure;
  }

  get destPod(): string | undefined {
    return this.#destPod;
  }

  /** Milliseconds left of the budget at `now` (may be <= 0). */
  remaining(now: number): number {
    return this.#deadline - now;
  }

  /**
   * A step starts at `now`: returns the milliseconds it may take. Throws instead when an earlier step failed
   * (later steps never run) or when the budget is spent (a `timeout` at this step, which then never ran).
   */
  enter(step: string, now: number): number {
    if (this.#failure !== undefined) throw this.#failure;
    this.#current = step;
    const left = this.remaining(now);
    if (left <= 0) this.fail(step, "timeout");
    return left;
  }

  /** A step ended: record it, and end the iteration if it failed. */
  leave(step: string, reason: Reason | undefined, durationMs: number): void {
    this.#recordStep(step, reason, durationMs);
    if (reason !== undefined) this.fail(step, reason);
  }

  fail(step: string, reason: Reason): never {
    this.#failure ??= new StepFailure(step, reason);
    throw this.#failure;
  }

  /** The first pod an answer revealed is the one that served the iteration. */
  servedBy(pod: string | undefined): void {
    if (this.#destPod === undefined && pod !== undefined) this.#destPod = pod;
  }
}
