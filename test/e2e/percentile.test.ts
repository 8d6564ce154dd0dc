// Percentiles interpolated between closest ranks, as k6's summary computes them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentile, sortedCopy } from "../../scripts/e2e/percentile.ts";

describe("percentile", () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it("interpolates between the closest ranks", () => {
    assert.equal(percentile(oneToTen, 50), 5.5);
    assert.ok(Math.abs((percentile(oneToTen, 95) as number) - 9.55) < 1e-9);
    assert.ok(Math.abs((percentile(oneToTen, 99) as number) - 9.91) < 1e-9);
  });

  it("gives the extremes at 0 and 100 and the value itself for one sample", () => {
    assert.equal(percentile(oneToTen, 0), 1);
    assert.equal(percentile(oneToTen, 100), 10);
    assert.equal(percentile([7], 95), 7);
  });

  it("has no value for no samples and rejects p outside 0..100", () => {
    assert.equal(percentile([], 50), undefined);
    assert.throws(() => percentile(oneToTen, 101), /p must be within 0\.\.100 \(got 101\)/);
    assert.throws(() => percentile(oneToTen, Number.NaN), /got NaN/);
  });

  it("sorts numerically, not as text, and leaves the input alone", () => {
    const input = [10, 9, 100, 1];
    assert.deepEqual(sortedCopy(input), [1, 9, 10, 100]);
    assert.deepEqual(input, [10, 9, 100, 1]);
  });
});
