// Remote-written series judged against docs/metrics.md: what passes, and each way a series can break it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseMetricContract } from "../../scripts/e2e/metric-contract.ts";
import { checkSeries, type LabelSet, type SeriesContext } from "../../scripts/e2e/series-check.ts";

const contract = parseMetricContract(readFileSync(new URL("../../docs/metrics.md", import.meta.url), "utf8"));
const requests = contract.find((c) => c.series === "k6_cl_requests_total")!;
const duration = contract.find((c) => c.series === "k6_cl_request_duration_seconds")!;
const rps = contract.find((c) => c.series === "k6_cl_target_rps")!;

const runner = { k6_feature_native_histograms: "true", node: "n1", pod: "runner-0", zone: "z1", namespace: "lab", bundle: "0123456789ab" };
const context: SeriesContext = {
  targets: ["web", "deny"],
  negativeTargets: new Set(["deny"]),
  expectedValues: { target: ["web", "deny"], scenario: ["web", "deny"], sibling: ["web", "deny"], dest_pod: ["host-1", "unknown", "other"], pod: ["runner-0"], node: ["n1"], zone: ["z1"] },
};
const web: LabelSet = { __name__: "k6_cl_requests_total", ...runner, scenario: "web", target: "web", protocol: "http", path: "service", dest_pod: "host-1", result: "ok", latency: "fast" };
/** A copy of `labels` without `name`. */
function without(labels: LabelSet, name: string): LabelSet {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== name));
}
const webFail: LabelSet = { ...without(web, "latency"), result: "fail", reason: "status" };
const deny: LabelSet = { __name__: "k6_cl_requests_total", ...runner, scenario: "deny", target: "deny", protocol: "tcp", path: "service", dest_pod: "unknown", result: "ok", expect: "blocked", sibling: "web" };

describe("checkSeries", () => {
  it("passes series that carry exactly their documented labels, a blocked negative probe without latency included", () => {
    assert.deepEqual(checkSeries(requests, [web, webFail, deny], context), { series: "k6_cl_requests_total", labelSets: 3, problems: [] });
  });

  it("reports a series that never arrived and a target that has none", () => {
    assert.deepEqual(checkSeries(requests, [], context).problems, ["k6_cl_requests_total: no series arrived"]);
    assert.deepEqual(checkSeries(requests, [web], context).problems, ["k6_cl_requests_total: no series for target deny"]);
  });

  it("lets a blocked negative probe be absent from a Trend, which records no duration for it", () => {
    assert.deepEqual(checkSeries(duration, [{ ...web, __name__: duration.series }], context).problems, []);
  });

  it("reports a missing label, a label where it must be absent, and an undocumented label", () => {
    const problems = checkSeries(requests, [without(webFail, "reason"), { ...web, reason: "status" }, { ...deny, latency: "fast" }, { ...web, instance: "x" }], context).problems;
    assert.ok(problems.some((p) => /result="fail".*: missing label reason$/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /result="ok".*: label reason must be absent here$/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /target="deny".*: label latency must be absent here$/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /: undocumented label instance$/.test(p)), problems.join("\n"));
  });

  it("reports negative-probe labels on an ordinary target and their absence on a negative one", () => {
    const problems = checkSeries(requests, [{ ...web, expect: "blocked" }, without(deny, "expect")], context).problems;
    assert.ok(problems.some((p) => /target="web".*label expect must be absent here/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /target="deny".*missing label expect/.test(p)), problems.join("\n"));
  });

  it("reports values outside the documented list or the run's own names", () => {
    const problems = checkSeries(requests, [{ ...webFail, reason: "oops" }, { ...web, pod: "runner-9" }, deny], context).problems;
    assert.ok(problems.some((p) => p.endsWith('reason="oops" is not one of dns, connect, timeout, reset, tls, status, body, error, not_blocked')), problems.join("\n"));
    assert.ok(problems.some((p) => p.endsWith('pod="runner-9" is not one of runner-0')), problems.join("\n"));
  });

  it("holds cl_target_rps to the target's own labels (its scenario's tags)", () => {
    const gauge: LabelSet = { __name__: rps.series, ...runner, scenario: "web", target: "web", protocol: "http", path: "service" };
    const denied: LabelSet = { ...gauge, scenario: "deny", target: "deny", expect: "blocked", sibling: "web" };
    assert.deepEqual(checkSeries(rps, [gauge, denied], context).problems, []);
    assert.match(checkSeries(rps, [{ ...gauge, result: "ok" }, denied], context).problems[0]!, /undocumented label result$/);
  });
});
