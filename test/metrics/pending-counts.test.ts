// The 24/7 recorder's summed counters: every probe is counted once, under its own outcome, however the outcomes
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
  it("sums interleaved outcomes, runs and returns to an earlier outcome included", () => {
    const pending = new PendingCounts();
    for (const outcome of [fast, fast, fast, slow, fast, timeout, timeout, fast, slow]) pending.count(outcome);
    const { outcomes, probes } = flushed(pending);
    assert.deepEqual([outcomes.get(fast), outcomes.get(slow), outcomes.get(timeout)], [5, 2, 2]);
    assert.deepEqual(probes, [9]);
  });

  it("starts from zero after a flush, and a flush with nothing counted adds nothing", () => {
    const pending = new PendingCounts();
    pending.count(fast);
    pending.count(fast);
    flushed(pending);
    pending.count(fast);
    const second = flushed(pending);
    assert.deepEqual([...second.outcomes], [[fast, 1]]);
    assert.deepEqual(second.probes, [1]);
    const third = flushed(pending);
    assert.equal(third.outcomes.size, 0);
    assert.deepEqual(third.probes, []);
  });
});
