// The pod pool: refreshed on a bounded schedule, never per request; handed out round-robin.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EMPTY_RETRY_MS, PodPool } from "../../src/paths/pod-pool.ts";

describe("PodPool", () => {
  it("is due for a refresh at once and knows no pod before it", () => {
    const pool = new PodPool(30_000);
    assert.equal(pool.isRefreshDue(0), true);
    assert.equal(pool.next(), undefined);
  });

  it("is not due again until the refresh interval has passed", () => {
    const pool = new PodPool(30_000);
    pool.refreshed(1000, ["10.0.0.2", "10.0.0.1"]);
    assert.equal(pool.isRefreshDue(30_999), false);
    assert.equal(pool.isRefreshDue(31_000), true);
  });

  it("hands out every pod in turn", () => {
    const pool = new PodPool(30_000, 7);
    pool.refreshed(0, ["10.0.0.3", "10.0.0.1", "10.0.0.2"]);
    const seen = [pool.next(), pool.next(), pool.next(), pool.next(), pool.next(), pool.next()];
    assert.deepEqual(new Set(seen.slice(0, 3)), new Set(["10.0.0.1", "10.0.0.2", "10.0.0.3"]));
    assert.deepEqual(seen.slice(3), seen.slice(0, 3), "the order repeats");
  });

  it("keeps the last list when a refresh fails, and retries on the normal schedule", () => {
    const pool = new PodPool(30_000);
    pool.refreshed(0, ["10.0.0.1"]);
    pool.refreshed(30_000, undefined);
    assert.deepEqual(pool.ips, ["10.0.0.1"]);
    assert.equal(pool.isRefreshDue(59_999), false);
  });

  it(`retries sooner (${EMPTY_RETRY_MS} ms) while no pod is known at all`, () => {
    const pool = new PodPool(30_000);
    pool.refreshed(0, []);
    assert.equal(pool.isRefreshDue(EMPTY_RETRY_MS - 1), false);
    assert.equal(pool.isRefreshDue(EMPTY_RETRY_MS), true);
  });

  it("replaces the list when pods change", () => {
    const pool = new PodPool(1000);
    pool.refreshed(0, ["10.0.0.1", "10.0.0.2"]);
    pool.refreshed(1000, ["10.0.0.9"]);
    assert.deepEqual([pool.next(), pool.next()], ["10.0.0.9", "10.0.0.9"]);
  });

});
