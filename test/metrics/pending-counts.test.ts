// The 24/7 recorder's summed counters: every run of probes is counted under its own outcome, however the outcomes
// interleave, and a flush hands over exactly what was counted since the last one.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Tags } from "../../src/config/types.ts";
import { PendingCounts } from "../../src/metrics/pending-counts.ts";

const fast: Tags = { result: "ok", latency: "fast" };
const slow: Tags = { result: "ok", latency: "slow" };
const timeout: Tags = { result: "fail", reason: "timeout" };

function flushed(pending: PendingCounts): { outcomes: Map<Tags, number>; probes: number[] } {
  const outcomes = new Map<Tags, number>();
  const probes: number[] = [];
  pending.flush(
    (count, outcome) => {
      assert.ok(!outcomes.has(outcome), "one sample per outcome and flush");
      outcomes.set(outcome, count);
    },
    (count) => probes.push(count),
  );
  return { outcomes, probes };
}

describe("PendingCounts", () => {
  it("sums runs per outcome, a return to an earlier outcome included, and counts their total as the probes", () => {
    const pending = new PendingCounts();
    for (const [outcome, count] of [[fast, 3], [slow, 1], [fast, 1], [timeout, 2], [fast, 1], [slow, 1]] as const) pending.add(outcome, count);
    const { outcomes, probes } = flushed(pending);
    assert.deepEqual([outcomes.get(fast), outcomes.get(slow), outcomes.get(timeout)], [5, 2, 2]);
    assert.deepEqual(probes, [9]);
  });

  it("ignores an empty run: no outcome yet, or nothing counted", () => {
    const pending = new PendingCounts();
    pending.add(undefined, 0);
    pending.add(fast, 0);
    const { outcomes, probes } = flushed(pending);
    assert.equal(outcomes.size, 0);
    assert.deepEqual(probes, [], "no probes sample when nothing was counted");
  });

  it("starts from zero after a flush", () => {
    const pending = new PendingCounts();
    pending.add(fast, 2);
    flushed(pending);
    pending.add(fast, 1);
    const second = flushed(pending);
    assert.deepEqual([...second.outcomes], [[fast, 1]]);
    assert.deepEqual(second.probes, [1]);
    const third = flushed(pending);
    assert.equal(third.outcomes.size, 0);
    assert.deepEqual(third.probes, []);
  });
});
