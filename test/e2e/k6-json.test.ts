// Per-target stats read from k6's JSON output: counts, ok share, reasons, durations.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MISSING_REASON, okPercent, parseK6Json } from "../../scripts/e2e/k6-json.ts";
import { failTags, metricLine, okTags, point } from "./fixtures.ts";

describe("parseK6Json", () => {
  const lines = [
    metricLine("cl_requests", "counter"),
    point("cl_requests", 1, okTags("web", "http")),
    point("cl_request_duration", 2.5, okTags("web", "http")),
    point("cl_requests", 1, okTags("web", "http")),
    point("cl_request_duration", 1.5, okTags("web", "http")),
    point("cl_requests", 1, failTags("web", "http", "status")),
    point("cl_request_duration", 0.5, failTags("web", "http", "status")),
    point("cl_requests", 1, { protocol: "grpc", result: "fail", target: "rpc" }),
    point("http_reqs", 1, { target: "web", protocol: "http" }),
    point("cl_request_failed", 1, { target: "web", protocol: "http" }),
    "",
    '{"metric":"cl_requests","type":"Po',
  ];
  const results = parseK6Json(lines);

  it("counts probes, successes and failures by reason per target from cl_requests only", () => {
    const web = results.targets.get("web");
    assert.deepEqual({ ...web, durationsMs: undefined }, { target: "web", protocol: "http", probes: 3, ok: 2, failures: { status: 1 }, durationsMs: undefined });
    assert.equal(okPercent(web!), (100 * 2) / 3);
  });

  it("keeps every cl_request_duration sample of the target, failures included", () => {
    assert.deepEqual(results.targets.get("web")?.durationsMs, [2.5, 1.5, 0.5]);
  });

  it("names a failure without a reason tag instead of hiding it", () => {
    assert.deepEqual(results.targets.get("rpc")?.failures, { [MISSING_REASON]: 1 });
  });

  it("counts lines that are not JSON (a truncated last line) and lists the metrics seen", () => {
    assert.equal(results.unreadableLines, 1);
    assert.deepEqual([...results.metricsSeen].sort(), ["cl_request_duration", "cl_request_failed", "cl_requests", "http_reqs"]);
  });

  it("adds a counter sample's value, not 1, and gives 0% for a target with no probes", () => {
    const r = parseK6Json([point("cl_requests", 3, okTags("x", "dns")), point("cl_request_duration", 1, okTags("y", "dns"))]);
    assert.equal(r.targets.get("x")?.probes, 3);
    assert.equal(okPercent(r.targets.get("y")!), 0);
  });
});
