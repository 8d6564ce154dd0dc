// The probes' clock: performance.now() where the runtime has it (fractions of a ms), Date.now() on k6 v2.2.0.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clockOf, now } from "../../src/protocols/clock.ts";

describe("clock", () => {
  it("falls back to Date.now() where there is no performance global, as on k6 v2.2.0", () => {
    const clock = clockOf({ performance: undefined });
    const before = Date.now();
    const t = clock();
    assert.ok(Number.isInteger(t) && t >= before && t <= Date.now());
    assert.equal(clockOf({}), Date.now);
  });

  it("uses performance.now() where the runtime offers it, called on its own object", () => {
    const perf = {
      origin: 1000,
      now(this: { origin: number }) {
        return this.origin + 234.567;
      },
    };
    assert.equal(clockOf({ performance: perf })(), 1234.567);
  });

  it("is performance.now() under Node", () => {
    const before = performance.now();
    const t = now();
    // performance.now() counts from the process's start; Date.now() from 1970 would be far beyond it.
    assert.ok(t >= before && t <= performance.now());
  });
});
