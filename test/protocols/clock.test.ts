// The probes' clock: performance.now() where the runtime has it (fractions of a ms), Date.now() on k6 v2.2.0.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { now } from "../../src/protocols/clock.ts";

describe("clock", () => {
  const real = Object.getOwnPropertyDescriptor(globalThis, "performance");
  afterEach(() => {
    if (real !== undefined) Object.defineProperty(globalThis, "performance", real);
  });

  it("falls back to Date.now() where there is no performance global, as on k6 v2.2.0", () => {
    Object.defineProperty(globalThis, "performance", { value: undefined, configurable: true, writable: true });
    const before = Date.now();
    const t = now();
    assert.ok(Number.isInteger(t) && t >= before && t <= Date.now());
  });

  it("uses performance.now() where the runtime offers it", () => {
    Object.defineProperty(globalThis, "performance", { value: { now: () => 1234.567 }, configurable: true, writable: true });
    assert.equal(now(), 1234.567);
  });
});
