// Probe counts summed in a VU and added to k6 as one sample per tag set, instead of a sample per probe.
//
// In a 24/7 run nothing reads a counter between remote-write pushes (5 s), yet each sample costs k6 a call with
// its tags and a trip through its metrics pipeline: the samples were the engine's largest cost per probe on real k6
// (README "Cost"). The outcome counter and the dense probe counter are flushed together, so the SLI's numerator
// and denominator always move in the same step.
import type { Tags } from "../config/types.ts";

export class PendingCounts {
  readonly #byOutcome = new Map<Tags, number>();
  // A VU's probes mostly repeat the previous outcome: that one is counted in plain fields, and the Map (two calls
  // into k6's runtime per probe) is touched only when the outcome changes.
  #current: Tags | undefined;
  #currentCount = 0;
  #probes = 0;

  count(outcome: Tags): void {
    this.#probes++;
    if (outcome === this.#current) {
      this.#currentCount++;
      return;
    }
    this.#settleCurrent();
    this.#current = outcome;
    this.#currentCount = 1;
  }

  /** Hands each outcome's sum, then the probes' sum, to `add`, and starts again from zero. */
  flush(addOutcome: (count: number, outcome: Tags) => void, addProbes: (count: number) => void): void {
    if (this.#probes === 0) return;
    this.#settleCurrent();
    for (const [outcome, count] of this.#byOutcome) addOutcome(count, outcome);
    addProbes(this.#probes);
    this.#byOutcome.clear();
    this.#probes = 0;
  }

  #settleCurrent(): void {
    if (this.#current === undefined) return;
    this.#byOutcome.set(this.#current, (this.#byOutcome.get(this.#current) ?? 0) + this.#currentCount);
    this.#current = undefined;
    this.#currentCount = 0;
  }
}
