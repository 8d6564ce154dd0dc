// The connection policy: one connection per probe on the Service path unless told otherwise, renewal by age.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HttpTarget } from "../../src/config/types.ts";
import { ConnectionRenewal, connectionPolicyOf } from "../../src/protocols/connection-policy.ts";

const WEB: HttpTarget = { name: "web", protocol: "http", url: "http://podinfo:9898/" };

describe("connection policy", () => {
  it("defaults to a connection per probe on the Service path only", () => {
    assert.equal(connectionPolicyOf(WEB), "per-probe");
    assert.equal(connectionPolicyOf({ ...WEB, path: "service" }), "per-probe");
    assert.equal(connectionPolicyOf({ ...WEB, path: "pod" }), "reuse");
    assert.equal(connectionPolicyOf({ ...WEB, path: "external" }), "reuse");
    assert.equal(connectionPolicyOf({ ...WEB, path: "pod", connection: "per-probe" }), "per-probe");
  });

  it("renews every probe per probe, never on plain reuse, and by age with reconnectEvery", () => {
    const perProbe = new ConnectionRenewal(WEB);
    assert.deepEqual([perProbe.due(0), perProbe.due(1)], [true, true]);
    const reuse = new ConnectionRenewal({ ...WEB, connection: "reuse" });
    reuse.opened(0);
    assert.deepEqual([reuse.due(0), reuse.due(1e12)], [false, false]);
    const aged = new ConnectionRenewal({ ...WEB, connection: "reuse", reconnectEvery: "10s" });
    assert.equal(aged.due(0), true, "nothing opened yet");
    aged.opened(0);
    assert.deepEqual([aged.due(9_999), aged.due(10_000)], [false, true]);
  });
});
