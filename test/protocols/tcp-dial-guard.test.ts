// When a TCP probe puts the connect test in front of its k6/x/tcp dial: after a timeout, for GUARD_MS.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GUARD_MS, TcpDialGuard } from "../../src/protocols/tcp-dial-guard.ts";

describe("TCP dial guard", () => {
  it("dials directly until a probe times out, then guards for GUARD_MS after the last timeout", () => {
    const guard = new TcpDialGuard();
    assert.equal(guard.guarded(0), false);
    for (const reason of [undefined, "connect", "reset", "body", "dns", "tls"]) guard.observed(reason, 1000);
    assert.equal(guard.guarded(1001), false, "failures that end at once cannot hold a VU");
    guard.observed("timeout", 1000);
    assert.equal(guard.guarded(1001), true);
    guard.observed(undefined, 2000); // a success meanwhile does not lift it: the path may still drop SYNs
    guard.observed("timeout", 60_000);
    assert.equal(guard.guarded(1000 + GUARD_MS), true, "extended by the later timeout");
    assert.equal(guard.guarded(60_000 + GUARD_MS - 1), true);
    assert.equal(guard.guarded(60_000 + GUARD_MS), false);
  });
});
