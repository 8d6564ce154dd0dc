// Issue 5's rules under the real promtool (Debian's prometheus 2.42): the negative-probe verdict table
// (blocked/completed x sibling ok/failed), ClNetworkPolicyViolation and ClNetworkPolicyDenyUnverified firing and
// staying silent, a lone violation (a brand-new series with one sample) still counted, the SLO rules leaving
// negative probes out, and the server side of the network-share join. The client side of that join reads k6's
// native histograms, which promtool 2.42's test input cannot express: dashboard.test.ts evaluates those rules on a
// real Prometheus fed over remote write.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { buildDashboard } from "../../src/observability/dashboard.ts";
import { NEGATIVE_RECORDS } from "../../src/observability/negative-probes.ts";
import { observability } from "../../src/observability/objectives.ts";
import { renderRules } from "../../src/observability/render.ts";
import { ALERTS, NETWORK_RECORDS, buildPrometheusRule, type Rule } from "../../src/observability/rules.ts";
import { promtool } from "./support/prometheus.ts";
import { promtoolValues } from "./support/k6-sparse.ts";
import { counter, expectAlert } from "./support/promtool-tests.ts";

const work = mkdtempSync(join(tmpdir(), "cl-promtool-paths-"));
after(() => rmSync(work, { recursive: true, force: true }));

// An absolute runbook base, as a deployment sets it (generation refuses a relative one unless told).
const config = { ...observability, runbookBaseUrl: "https://docs.example.com/observability.md" };
const rules = buildPrometheusRule(config).spec.groups.flatMap((g) => g.rules);
const W = config.negativeProbes.window;
const NET_W = config.networkShare.window;

function rule(alert: string): Rule {
  const found = rules.find((r) => r.alert === alert);
  assert.ok(found, alert);
  return found;
}

function labelString(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}

function writeUnitTests(groups: unknown[], name: string): string {
  const doc = parse(renderRules(config)) as { spec: { groups: unknown[] } };
  const ruleFile = join(work, `${name}-rules.yml`);
  writeFileSync(ruleFile, stringify({ groups: doc.spec.groups }, { lineWidth: 0 }));
  const testFile = join(work, `${name}-tests.yml`);
  const groupEvalOrder = buildPrometheusRule(config).spec.groups.map((g) => g.name);
  writeFileSync(testFile, stringify({ rule_files: [ruleFile], evaluation_interval: "1m", group_eval_order: groupEvalOrder, tests: groups }, { lineWidth: 0 }));
  return testFile;
}

// Negative probes run in their own runner pod (the denied-probe component), their siblings in the main runner.
const DENIED = { k6_feature_native_histograms: "true", pod: "k6-runner-denied-0", node: "node-c", zone: "zone-c" };
const MAIN = { k6_feature_native_histograms: "true", pod: "k6-runner-0", node: "node-a", zone: "zone-a" };
const STEPS = 60; // one sample a minute for an hour
const PER_MIN = 60; // 1 probe/s

function positive(target: string, result: "ok" | "fail"): { series: string; values: string } {
  const outcome = result === "ok" ? { result: "ok", latency: "fast" } : { result: "fail", reason: "connect" };
  return {
    series: `k6_cl_requests_total${labelString({ ...MAIN, protocol: "tcp", target, scenario: target, path: "service", dest_pod: "unknown", ...outcome })}`,
    values: counter([{ steps: STEPS, perStep: PER_MIN }]),
  };
}

type NegativeOutcome = { result: "ok" } | { result: "fail"; reason: string };

function negative(target: string, sibling: string, outcome: NegativeOutcome, values = counter([{ steps: STEPS, perStep: PER_MIN }])) {
  return {
    series: `k6_cl_requests_total${labelString({ ...DENIED, protocol: "tcp", target, scenario: target, path: "service", dest_pod: "unknown", expect: "blocked", sibling, ...outcome })}`,
    values,
  };
}

const BLOCKED: NegativeOutcome = { result: "ok" };
const COMPLETED: NegativeOutcome = { result: "fail", reason: "not_blocked" };

/** The four cells of the verdict table plus the two ways a deny stays unproven without a failing sibling. */
const CELLS = [
  { target: "neg-blocked-sibling-ok", sibling: "pos-ok", outcome: BLOCKED, verdict: "verified" },
  { target: "neg-blocked-sibling-failed", sibling: "pos-down", outcome: BLOCKED, verdict: "unverified" },
  { target: "neg-completed-sibling-ok", sibling: "pos-ok", outcome: COMPLETED, verdict: "violation" },
  { target: "neg-completed-sibling-failed", sibling: "pos-down", outcome: COMPLETED, verdict: "violation" },
  // A sibling name that matches no target (a typo) never verifies anything.
  { target: "neg-blocked-sibling-missing", sibling: "no-such-target", outcome: BLOCKED, verdict: "unverified" },
  // Only inconclusive failures (DNS): nothing reached the policy, so nothing is proven even with a healthy sibling.
  { target: "neg-inconclusive", sibling: "pos-ok", outcome: { result: "fail", reason: "dns" } as NegativeOutcome, verdict: "unverified" },
];

function cellLabels(c: (typeof CELLS)[number]): Record<string, string> {
  return { protocol: "tcp", target: c.target, sibling: c.sibling };
}

function verdictGroup() {
  const series = [positive("pos-ok", "ok"), positive("pos-down", "fail"), ...CELLS.map((c) => negative(c.target, c.sibling, c.outcome))];
  const violating = CELLS.filter((c) => c.verdict === "violation");
  const unverified = CELLS.filter((c) => c.verdict === "unverified");
  const violation = (c: (typeof CELLS)[number]) => expectAlert(rule(ALERTS.policyViolation), cellLabels(c), PER_MIN * 5);
  const unverifiedAlert = (c: (typeof CELLS)[number]) => expectAlert(rule(ALERTS.denyUnverified), cellLabels(c), 0);
  return {
    name: "negative probes: verdict table and policy alerts",
    interval: "1m",
    input_series: series,
    promql_expr_test: [
      {
        expr: NEGATIVE_RECORDS.verdict(W),
        eval_time: "20m",
        exp_samples: CELLS.map((c) => ({ labels: `${NEGATIVE_RECORDS.verdict(W)}${labelString({ ...cellLabels(c), verdict: c.verdict })}`, value: 1 })),
      },
      {
        expr: NEGATIVE_RECORDS.verified(W),
        eval_time: "20m",
        exp_samples: CELLS.map((c) => ({ labels: `${NEGATIVE_RECORDS.verified(W)}${labelString(cellLabels(c))}`, value: c.verdict === "verified" ? 1 : 0 })),
      },
      {
        expr: NEGATIVE_RECORDS.violations(W),
        eval_time: "20m",
        exp_samples: CELLS.map((c) => ({ labels: `${NEGATIVE_RECORDS.violations(W)}${labelString(cellLabels(c))}`, value: c.verdict === "violation" ? PER_MIN * 5 : 0 })),
      },
      {
        // The sibling's successes come from another runner pod: keyed by sibling name only.
        expr: NEGATIVE_RECORDS.siblingOk(W),
        eval_time: "20m",
        exp_samples: [{ labels: `${NEGATIVE_RECORDS.siblingOk(W)}{sibling="pos-ok"}`, value: 1 }],
      },
      {
        // The SLO rules leave every negative probe out (a violation is not an availability burn).
        expr: `{__name__=~"target:cl_(availability|latency)_errors:ratio_rate.*", target=~"neg-.*"}`,
        eval_time: "20m",
        exp_samples: [],
      },
      {
        // No burn-rate alert for a negative target although every probe of the violating ones "failed" (the failing
        // sibling pos-down does burn, as it should).
        expr: `ALERTS{alertname=~"${ALERTS.availabilityBurn}|${ALERTS.latencyBurn}", target=~"neg-.*"}`,
        eval_time: "40m",
        exp_samples: [],
      },
    ],
    alert_rule_test: [
      { eval_time: "20m", alertname: ALERTS.policyViolation, exp_alerts: violating.map(violation) },
      // Unverified for less than `for:` (30m): pending, not firing.
      { eval_time: "20m", alertname: ALERTS.denyUnverified, exp_alerts: [] },
      { eval_time: "40m", alertname: ALERTS.denyUnverified, exp_alerts: unverified.map(unverifiedAlert) },
    ],
  };
}

/**
 * k6 sends a series only in flushes where it got samples: one completed probe is a brand-new series with a single
 * sample, which increase() cannot see. It must still raise the violation, and clear once out of the window.
 */
function loneViolationGroup() {
  const target = "neg-lone";
  const labels = { protocol: "tcp", target, sibling: "pos-ok" };
  return {
    name: "negative probes: a single violation (one sample of a new series) pages, then clears",
    interval: "1m",
    input_series: [
      positive("pos-ok", "ok"),
      negative(target, "pos-ok", BLOCKED),
      // One violation at minute 10, nothing before or after.
      negative(target, "pos-ok", COMPLETED, `_x10 1 _x${STEPS - 11}`),
    ],
    alert_rule_test: [
      { eval_time: "9m", alertname: ALERTS.policyViolation, exp_alerts: [] },
      { eval_time: "10m", alertname: ALERTS.policyViolation, exp_alerts: [expectAlert(rule(ALERTS.policyViolation), labels, 1)] },
      { eval_time: "14m", alertname: ALERTS.policyViolation, exp_alerts: [expectAlert(rule(ALERTS.policyViolation), labels, 1)] },
      // The violation left the 5m window at 15m; keep_firing_for (critical: 5m) holds the alert until 20m.
      { eval_time: "16m", alertname: ALERTS.policyViolation, exp_alerts: [expectAlert(rule(ALERTS.policyViolation), labels, 1)] },
      { eval_time: "21m", alertname: ALERTS.policyViolation, exp_alerts: [] },
    ],
    promql_expr_test: [
      { expr: NEGATIVE_RECORDS.verdict(W), eval_time: "12m", exp_samples: [{ labels: `${NEGATIVE_RECORDS.verdict(W)}${labelString({ ...labels, verdict: "violation" })}`, value: 1 }] },
      { expr: NEGATIVE_RECORDS.verdict(W), eval_time: "20m", exp_samples: [{ labels: `${NEGATIVE_RECORDS.verdict(W)}${labelString({ ...labels, verdict: "verified" })}`, value: 1 }] },
    ],
  };
}

/** A stale violation series that comes back with one more sample (k6 keeps the counter's value): counted again. */
function resumedViolationGroup() {
  const target = "neg-resumed";
  const labels = { protocol: "tcp", target, sibling: "pos-ok" };
  return {
    name: "negative probes: a violation on a series that went stale is counted again",
    interval: "1m",
    input_series: [
      positive("pos-ok", "ok"),
      negative(target, "pos-ok", BLOCKED),
      negative(target, "pos-ok", COMPLETED, `_x10 1 _x19 2 _x${STEPS - 31}`),
    ],
    alert_rule_test: [
      { eval_time: "25m", alertname: ALERTS.policyViolation, exp_alerts: [] },
      { eval_time: "31m", alertname: ALERTS.policyViolation, exp_alerts: [expectAlert(rule(ALERTS.policyViolation), labels, 1)] },
    ],
  };
}

/** The dashboard's "Violations" column (an instant query over the time range), with every variable at All. */
function dashboardViolations(range: string): string {
  const panels = buildDashboard(config).panels.flatMap((p) => ("panels" in p ? [p, ...p.panels] : [p]));
  const table = panels.find((p) => p.title === "Negative probes: blocked share, violations and the sibling's success");
  assert.ok(table && "targets" in table, "negative probes table");
  const target = table.targets.find((t) => t.refId === "VIOLATIONS");
  assert.ok(target, "VIOLATIONS query");
  const all: Record<string, string> = { cluster: ".*", testid: "^$", protocol: ".*", target: ".*", pod: ".*" };
  return target.expr.replaceAll("$__range", range).replace(/\$([a-z]+)/g, (whole, name: string) => all[name] ?? whole);
}

/**
 * The review's L2 (reviews/2026-12-02-observability.md): two lone violations a little over one window apart, on
 * k6's 5 s pushes. increase() never holds both samples, and a "new series" test sees the first one through
 * `offset 5m`, so the second used to count 0 and the alert resolved while it was still in the window. Each must be
 * counted for a whole window: the same series 5m10s apart, a runner restart in between (the counter starts over
 * lower), and two violations 12 minutes apart (two separate firings).
 */
function twoViolationsGroup() {
  const steps = 60 * 12; // an hour of 5 s pushes
  const at = (...marks: [seconds: number, total: number][]) => {
    const values: (number | undefined)[] = Array.from({ length: steps }, () => undefined);
    for (const [seconds, total] of marks) values[seconds / 5] = total;
    return promtoolValues(values);
  };
  const dense = counter([{ steps, perStep: 5 }]);
  const positive5s = { series: positive("pos-ok", "ok").series, values: dense };
  const cell = (target: string) => ({ protocol: "tcp", target, sibling: "pos-ok" });
  const violations = NEGATIVE_RECORDS.violations(W);
  const count = (minute: number, values: [string, number][]) => ({
    expr: violations,
    eval_time: `${minute}m`,
    exp_samples: values.map(([target, value]) => ({ labels: `${violations}${labelString(cell(target))}`, value })),
  });
  const firing = (minute: number, values: [string, number][]) => ({
    eval_time: `${minute}m`,
    alertname: ALERTS.policyViolation,
    exp_alerts: values.map(([target, value]) => expectAlert(rule(ALERTS.policyViolation), cell(target), value)),
  });
  const targets = ["neg-twice", "neg-restart", "neg-apart"];
  return {
    name: "negative probes: two lone violations about one window apart are each counted for a whole window",
    interval: "5s",
    input_series: [
      positive5s,
      ...targets.map((t) => ({ series: negative(t, "pos-ok", BLOCKED).series, values: dense })),
      // 10m05s and 15m15s: a gap of 5m10s, just over the window.
      { series: negative("neg-twice", "pos-ok", COMPLETED).series, values: at([605, 1], [915, 2]) },
      // The runner restarts in between: the second push carries the new process's running total, lower than before.
      { series: negative("neg-restart", "pos-ok", COMPLETED).series, values: at([605, 3], [915, 1]) },
      // 10m05s and 22m05s: the alert resolves in between and fires again.
      { series: negative("neg-apart", "pos-ok", COMPLETED).series, values: at([605, 1], [1325, 2]) },
    ],
    promql_expr_test: [
      count(12, [["neg-twice", 1], ["neg-restart", 3], ["neg-apart", 1]]),
      // 16m to 20m: the second violation is the only one in the window.
      count(16, [["neg-twice", 1], ["neg-restart", 1], ["neg-apart", 0]]),
      count(20, [["neg-twice", 1], ["neg-restart", 1], ["neg-apart", 0]]),
      count(21, [["neg-twice", 0], ["neg-restart", 0], ["neg-apart", 0]]),
      count(23, [["neg-twice", 0], ["neg-restart", 0], ["neg-apart", 1]]),
      // The dashboard's Violations column reads the same way: over 14m-24m one violation each (increase() saw none,
      // a single sample per series), over 10m-40m both (a restart inside the range counts from the restart).
      {
        expr: dashboardViolations("10m"),
        eval_time: "24m",
        exp_samples: targets.map((t) => ({ labels: labelString({ protocol: "tcp", target: t, sibling: "pos-ok" }), value: 1 })),
      },
      {
        expr: dashboardViolations("30m"),
        eval_time: "40m",
        exp_samples: [["neg-twice", 2], ["neg-restart", 1], ["neg-apart", 2]].map(([t, v]) => ({ labels: labelString({ protocol: "tcp", target: t as string, sibling: "pos-ok" }), value: v as number })),
      },
    ],
    alert_rule_test: [
      firing(11, [["neg-twice", 1], ["neg-restart", 3], ["neg-apart", 1]]),
      // neg-apart's violation left the window at 15m: keep_firing_for (critical: 5m) holds it to 20m, with its value.
      firing(18, [["neg-twice", 1], ["neg-restart", 1], ["neg-apart", 1]]),
      firing(21, [["neg-twice", 1], ["neg-restart", 1]]),
      // The second violation of neg-twice left the window after 20m; keep_firing_for holds the alert to 25m.
      firing(24, [["neg-twice", 1], ["neg-restart", 1], ["neg-apart", 1]]),
      firing(26, [["neg-apart", 1]]),
      firing(33, []),
    ],
  };
}

/**
 * Two clusters writing to one Prometheus (review M5): the same negative target and sibling names in both. Cluster a's
 * sibling succeeds, cluster b's fails, so only a's deny is verified; a violation in b alone must say cluster b.
 */
function twoClustersGroup() {
  const series = (cluster: string, labels: Record<string, string>) => ({
    series: `k6_cl_requests_total${labelString({ ...MAIN, cluster, protocol: "tcp", path: "service", dest_pod: "unknown", ...labels })}`,
    values: counter([{ steps: STEPS, perStep: PER_MIN }]),
  });
  const denied = (cluster: string, target: string, outcome: NegativeOutcome) =>
    series(cluster, { ...DENIED, target, scenario: target, expect: "blocked", sibling: "pos-x", ...outcome });
  const cell = (cluster: string, target: string) => ({ cluster, protocol: "tcp", target, sibling: "pos-x" });
  const verdict = NEGATIVE_RECORDS.verdict(W);
  return {
    name: "negative probes: two clusters in one Prometheus keep separate verdicts",
    interval: "1m",
    input_series: [
      series("a", { target: "pos-x", scenario: "pos-x", result: "ok", latency: "fast" }),
      series("b", { target: "pos-x", scenario: "pos-x", result: "fail", reason: "connect" }),
      denied("a", "neg-x", BLOCKED),
      denied("b", "neg-x", BLOCKED),
      denied("a", "neg-y", BLOCKED),
      denied("b", "neg-y", COMPLETED),
    ],
    promql_expr_test: [
      {
        expr: verdict,
        eval_time: "20m",
        exp_samples: [
          { labels: `${verdict}${labelString({ ...cell("a", "neg-x"), verdict: "verified" })}`, value: 1 },
          { labels: `${verdict}${labelString({ ...cell("b", "neg-x"), verdict: "unverified" })}`, value: 1 },
          { labels: `${verdict}${labelString({ ...cell("a", "neg-y"), verdict: "verified" })}`, value: 1 },
          { labels: `${verdict}${labelString({ ...cell("b", "neg-y"), verdict: "violation" })}`, value: 1 },
        ],
      },
    ],
    alert_rule_test: [{ eval_time: "20m", alertname: ALERTS.policyViolation, exp_alerts: [expectAlert(rule(ALERTS.policyViolation), cell("b", "neg-y"), PER_MIN * 5)] }],
  };
}

/** podinfo's server mean per pod and route, 2xx only, other namespaces out; the route-wide mean weights by count. */
function serverGroup() {
  const series: { series: string; values: string }[] = [];
  const server = (namespace: string, pod: string, path: string, status: string, perMin: number, seconds: number) => {
    const labels = { namespace, pod, job: `${namespace}/podinfo`, instance: `${pod}:9797`, method: "GET", path, status };
    series.push({ series: `http_request_duration_seconds_count${labelString(labels)}`, values: counter([{ steps: STEPS, perStep: perMin }]) });
    series.push({ series: `http_request_duration_seconds_sum${labelString(labels)}`, values: counter([{ steps: STEPS, perStep: perMin * seconds }]) });
  };
  server("continuous-load", "podinfo-a", "api_info", "200", 600, 0.02);
  server("continuous-load", "podinfo-b", "api_info", "200", 200, 0.04);
  server("continuous-load", "podinfo-a", "api_info", "500", 60, 2); // errors are not in the mean
  server("elsewhere", "podinfo-a", "api_info", "200", 600, 1); // another podinfo with a colliding pod name
  const podRecord = NETWORK_RECORDS.podServer(NET_W);
  const routeRecord = NETWORK_RECORDS.targetServer(NET_W);
  return {
    name: "network share: podinfo's server-side mean per pod and per route",
    interval: "1m",
    input_series: series,
    promql_expr_test: [
      {
        expr: podRecord,
        eval_time: "20m",
        exp_samples: [
          { labels: `${podRecord}{dest_pod="podinfo-a",route="api_info"}`, value: 0.02 },
          { labels: `${podRecord}{dest_pod="podinfo-b",route="api_info"}`, value: 0.04 },
        ],
      },
      { expr: routeRecord, eval_time: "20m", exp_samples: [{ labels: `${routeRecord}{route="api_info"}`, value: (600 * 0.02 + 200 * 0.04) / 800 }] },
    ],
  };
}

describe("promtool test rules: negative probes and network share", () => {
  it("the verdict table: blocked/completed x sibling ok/failed gives verified/unverified/violation/violation; alerts fire and stay silent", () => {
    const result = promtool(["test", "rules", writeUnitTests([verdictGroup()], "verdict")]);
    assert.equal(result.status, 0, result.output);
  });

  it("a lone violation (one sample of a new series) raises ClNetworkPolicyViolation for one window plus keep_firing_for", () => {
    const result = promtool(["test", "rules", writeUnitTests([loneViolationGroup()], "lone")]);
    assert.equal(result.status, 0, result.output);
  });

  it("a violation on a stale series that resumes is counted again", () => {
    const result = promtool(["test", "rules", writeUnitTests([resumedViolationGroup()], "resumed")]);
    assert.equal(result.status, 0, result.output);
  });

  it("two lone violations 5m10s apart (also across a runner restart) are each counted for a whole window; 12m apart they fire twice", () => {
    const result = promtool(["test", "rules", writeUnitTests([twoViolationsGroup()], "two")]);
    assert.equal(result.status, 0, result.output);
  });

  it("two clusters in one Prometheus: each cluster's deny is verified by its own sibling, a violation names its cluster", () => {
    const result = promtool(["test", "rules", writeUnitTests([twoClustersGroup()], "clusters")]);
    assert.equal(result.status, 0, result.output);
  });

  it("podinfo's server-side mean per pod and route (2xx only, configured namespace only)", () => {
    const result = promtool(["test", "rules", writeUnitTests([serverGroup()], "server")]);
    assert.equal(result.status, 0, result.output);
  });

  it("catches a wrong expectation: calling a deny with a failing sibling verified fails", () => {
    const group = verdictGroup();
    const verdicts = group.promql_expr_test[0]!;
    verdicts.exp_samples = verdicts.exp_samples.map((s) => ({ ...s, labels: s.labels.replace('target="neg-blocked-sibling-failed",sibling="pos-down",verdict="unverified"', 'target="neg-blocked-sibling-failed",sibling="pos-down",verdict="verified"') }));
    const result = promtool(["test", "rules", writeUnitTests([group], "wrong")]);
    assert.notEqual(result.status, 0, "promtool must reject the wrong verdict");
    assert.match(result.output, /neg-blocked-sibling-failed/);
  });
});
