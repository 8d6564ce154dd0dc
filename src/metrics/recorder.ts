// Records one probe's outcome: the project metrics and one check, with tag sets prepared ahead of the hot path.
// In continuous mode (24/7, thresholds and summary off) the check and cl_request_failed are skipped: only
// thresholds and the summary read them, and each costs a call into k6 and a sample per probe. There the two
// counters are also summed in the VU and added once a second (./pending-counts.ts); finite runs keep a sample
// per probe, so the end-of-test report counts every probe up to the last.
import { check } from "k6";
import type { Tags } from "../config/types.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { probes, requestDuration, requestFailed, requests, targetRps } from "./metrics.ts";
import type { Reason } from "./names.ts";
import { judge } from "./negative-probe.ts";
import { checkName, OutcomeTagCache, StepTagCache } from "./outcome-tags.ts";
import { PendingCounts } from "./pending-counts.ts";

/**
 * How often each VU re-emits a target's configured rate (the `cl_target_rps` gauge) and, in continuous mode, adds
 * its summed counts: well within remote write's 5 s push, so every push still carries every series a VU touched.
 */
export const FLUSH_EVERY_MS = 1000;

export interface Recorder {
  /**
   * @param raw undefined when the exchange completed as configured, else why it did not
   * @param destPod the serving pod's name when the answer revealed it
   * @param step a scenario's failing step: tagged `step` on a failure (scenario-kit declares the bounded set)
   */
  record(raw: Reason | undefined, durationMs: number, destPod?: string, step?: string): void;
}

export function createRecorder(plan: TargetPlan): Recorder {
  const { target, latencyObjectiveMs, ratePerSecond } = plan;
  const forThresholds = !plan.continuous;
  const failed = forThresholds ? requestFailed() : undefined;
  const pending = plan.continuous ? new PendingCounts() : undefined;
  const addOutcome = (count: number, outcome: Tags) => requests.add(count, outcome);
  // The target's own tags (protocol, target, path, ...) come from its scenario: k6 adds them to every sample.
  const addProbes = (count: number) => probes.add(count);
  const expect = target.expect ?? "allowed";
  const outcomes = new OutcomeTagCache();
  const withStep = new StepTagCache();
  const name = checkName(target.protocol, expect === "blocked");
  const verdict = { [name]: (ok: boolean) => ok };
  // The expected traffic for alerts. Remote write sends only series with new samples, so it must be emitted
  // more often than the push interval (5 s); once a second per VU is enough, and cheaper than once per probe.
  let flushedAt = -Infinity;
  let runOutcome: Tags | undefined;
  let runLength = 0;

  // Most probes pass, on a target that expects to get through, and learn no pod name: that path does the least
  // (every call and property lookup is interpreted by k6's JavaScript runtime, on every probe).
  const allowed = expect === "allowed";
  const { fast: fastUnknownPod, slow: slowUnknownPod } = outcomes.for(undefined);

  return {
    record(raw, durationMs, destPod, step) {
      let outcome: Tags;
      let ok = true;
      // A blocked connection has no latency, only the time it took to give up: it stays out of the latency view
      // (and out of the default p95 thresholds).
      let timed = true;
      if (raw === undefined && allowed && destPod === undefined) {
        outcome = durationMs > latencyObjectiveMs ? slowUnknownPod : fastUnknownPod;
      } else {
        const judged = judge(raw, expect);
        const tags = outcomes.for(destPod);
        if (!judged.ok) {
          ok = false;
          const failure = tags.failure[judged.reason];
          outcome = step === undefined ? failure : withStep.for(failure, step);
        } else if (judged.blocked) {
          timed = false;
          outcome = tags.blocked;
        } else outcome = durationMs > latencyObjectiveMs ? tags.slow : tags.fast;
      }
      // cl_probes is the same count on one series per target and runner: touched by every probe, so remote write
      // sends it in every push and rate() sees it, while the outcome series may be too sparse (docs/metrics.md).
      if (pending !== undefined) {
        // The run of equal outcomes (most probes repeat the last one) is counted here, in plain variables.
        if (outcome === runOutcome) runLength++;
        else {
          pending.add(runOutcome, runLength);
          runOutcome = outcome;
          runLength = 1;
        }
      } else {
        requests.add(1, outcome);
        probes.add(1);
      }
      if (timed) requestDuration.add(durationMs, outcome);
      if (forThresholds) {
        failed?.add(ok ? 0 : 1);
        check(ok, verdict);
      }
      const now = Date.now();
      if (now - flushedAt >= FLUSH_EVERY_MS) {
        flushedAt = now;
        if (pending !== undefined) {
          // The run so far is handed over; the run's outcome stays, so the next probe continues it from zero.
          pending.add(runOutcome, runLength);
          runLength = 0;
          pending.flush(addOutcome, addProbes);
        }
        targetRps.add(ratePerSecond);
      }
    },
  };
}
