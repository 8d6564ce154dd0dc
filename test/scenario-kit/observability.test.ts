// The generated rules and dashboard must cover a scenario target unchanged: they may select by the `protocol`
// label (a dashboard variable) but never list the built-in protocols, which would leave protocol="scenario" out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderDashboard, renderRules } from "../../src/observability/render.ts";

/** Every `protocol` matcher in a rendered file, as `op value` (JSON-escaped quotes allowed). */
function protocolMatchers(text: string): Set<string> {
  return new Set([...text.matchAll(/\bprotocol\s*(=~|!~|!=|=)\s*\\?"([^"\\]*)\\?"/g)].map((m) => `${m[1]} ${m[2]}`));
}

describe("observability for scenario targets", () => {
  it("SLI, burn-rate and generator rules select no protocol, so protocol=\"scenario\" series join them", () => {
    // The network-share rules compare HTTP probes with podinfo's own HTTP histogram: HTTP by design.
    assert.deepEqual([...protocolMatchers(renderRules())].sort(), ['= http']);
  });

  it("the dashboard filters by its protocol variable (label_values, so scenario appears) and HTTP for the network share", () => {
    assert.deepEqual([...protocolMatchers(renderDashboard())].sort(), ["= http", "=~ $protocol"]);
    assert.match(renderDashboard(), /label_values\(k6_cl_requests_total, protocol\)/);
  });
});
