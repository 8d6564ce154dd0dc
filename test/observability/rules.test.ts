// The Prometheus rules, checked and unit-tested with the real promtool (Debian's prometheus 2.42 package):
// every alert is shown to fire when it should and to stay silent when it should not, the latency alert included.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { observability } from "../../src/observability/objectives.ts";
import { PATHS, renderRules } from "../../src/observability/render.ts";
import { ALERTS, buildPrometheusRule, type Rule } from "../../src/observability/rules.ts";
import type { ObservabilityConfig } from "../../src/observability/types.ts";
import { promtool } from "./support/prometheus.ts";
import { counter, expectAlert, type ExpectedAlert, type Phase } from "./support/promtool-tests.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "cl-promtool-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** promtool reads plain rule files: the PrometheusRule's spec.groups. */
function writeRuleFile(prometheusRuleYaml: string, name: string): string {
  const doc = parse(prometheusRuleYaml) as { spec: { groups: unknown[] } };
  const file = join(work, name);
  writeFileSync(file, stringify({ groups: doc.spec.groups }, { lineWidth: 0 }));
  return file;
}

describe("rendered rules", () => {
  it("pass promtool check rules as committed in the PrometheusRule", () => {
    const committed = readFileSync(join(repoRoot, PATHS.rules), "utf8");
    const result = promtool(["check", "rules", writeRuleFile(committed, "committed.yml")]);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS: \d+ rules found/);
  });

  it("have summary, description and a runbook anchor that exists in docs/observability.md on every alert", () => {
    const docs = readFileSync(join(repoRoot, "docs", "observability.md"), "utf8");
    const anchors = new Set([...docs.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));
    const alerts = buildPrometheusRule(observability, { allowRelativeRunbooks: true }).spec.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    assert.ok(alerts.length > 0);
    for (const rule of alerts) {
      assert.ok(rule.annotations?.summary, `${rule.alert} has a summary`);
      assert.ok(rule.annotations?.description, `${rule.alert} has a description`);
      const anchor = rule.annotations?.runbook_url?.split("#")[1];
      assert.ok(anchor && anchors.has(anchor), `${rule.alert}: runbook anchor #${anchor} exists in docs/observability.md`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Unit tests: the shipped objectives and windows, plus one per-target override to prove overrides take effect.

const config: ObservabilityConfig = {
  ...observability,
  targets: { ...observability.targets, "critical-path": { availability: { objective: 0.9999 } } },
};
const build = (c: ObservabilityConfig) => buildPrometheusRule(c, { allowRelativeRunbooks: true });
const rules = build(config).spec.groups.flatMap((g) => g.rules);
const availabilityBudget = 1 - config.defaults.availability.objective;
const latencyBudget = 1 - config.defaults.latency.objective;

// The expectations below encode the SRE workbook policy (14.4x/1h+5m, 6x/6h+30m, 3x/1d+2h, 1x/3d+6h).
// If objectives.ts changes the windows, update these scenarios with it.
const WORKBOOK = [
  { long: "1h", short: "5m", burnRate: 14.4 },
  { long: "6h", short: "30m", burnRate: 6 },
  { long: "1d", short: "2h", burnRate: 3 },
  { long: "3d", short: "6h", burnRate: 1 },
];
for (const sli of ["availability", "latency"] as const) {
  assert.deepEqual(
    config.defaults[sli].burnRateWindows.map(({ long, short, burnRate }) => ({ long, short, burnRate })),
    WORKBOOK,
    `objectives.ts ${sli} windows differ from the workbook table these tests encode`,
  );
}

const K6 = { k6_feature_native_histograms: "true", pod: "runner-0", node: "node-a", zone: "zone-a" };

function labelString(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}

interface Traffic {
  target: string;
  protocol?: string;
  okFast: Phase[];
  okSlow?: Phase[];
  fail?: Phase[];
}

/** Sums phase lists step by step: the per-probe counter counts every outcome. */
function allProbes(...lists: (Phase[] | undefined)[]): Phase[] {
  const perStep: number[] = [];
  for (const list of lists) {
    let step = 0;
    for (const phase of list ?? []) {
      for (let i = 0; i < phase.steps; i++, step++) perStep[step] = (perStep[step] ?? 0) + phase.perStep;
    }
  }
  return perStep.map((n) => ({ steps: 1, perStep: n }));
}

function requestSeries(t: Traffic): { series: string; values: string }[] {
  const base = { ...K6, protocol: t.protocol ?? "http", target: t.target, scenario: t.target };
  const out: { series: string; values: string }[] = [];
  out.push({ series: `k6_cl_probes_total${labelString({ ...base, path: "service" })}`, values: counter(allProbes(t.okFast, t.okSlow, t.fail)) });
  if (t.okFast.length) out.push({ series: `k6_cl_requests_total${labelString({ ...base, result: "ok", latency: "fast" })}`, values: counter(t.okFast) });
  if (t.okSlow?.length) out.push({ series: `k6_cl_requests_total${labelString({ ...base, result: "ok", latency: "slow" })}`, values: counter(t.okSlow) });
  if (t.fail?.length) out.push({ series: `k6_cl_requests_total${labelString({ ...base, result: "fail", reason: "timeout" })}`, values: counter(t.fail) });
  return out;
}

function burnRule(sli: "availability" | "latency", severity: "critical" | "warning", objective: number): Rule {
  const name = sli === "availability" ? ALERTS.availabilityBurn : ALERTS.latencyBurn;
  const rule = rules.find((r) => r.alert === name && r.labels?.severity === severity && r.labels?.objective === String(objective));
  assert.ok(rule, `a ${name} ${severity} rule with objective ${objective}`);
  return rule;
}

/**
 * Expected burn alerts of one target: one per severity whose pairs (indexes into WORKBOOK: 0-1 page, 2-3 ticket)
 * include one that fires; the value is the long-window ratio of the first firing pair of that severity.
 */
function burnAlerts(sli: "availability" | "latency", target: string, pairs: number[], value: number | ((long: string) => number), objective = config.defaults[sli].objective): ExpectedAlert[] {
  const out: ExpectedAlert[] = [];
  for (const [severity, indexes] of [["critical", [0, 1]], ["warning", [2, 3]]] as const) {
    const first = indexes.find((i) => pairs.includes(i));
    if (first === undefined) continue;
    const long = WORKBOOK[first]!.long;
    out.push(expectAlert(burnRule(sli, severity, objective), { protocol: "http", target }, typeof value === "number" ? value : value(long)));
  }
  return out;
}

// The burn-rate group samples every 2 minutes for 6.5 hours: enough for every window's ratio (a constant ratio looks
// the same over 6h and 3d), with half the evaluations of a 1-minute grid.
const BURN_STEP = "2m";
const BURN_EVAL = "390m";
const BURN_STEPS = 195;
const constant = (perStep: number): Phase[] => [{ steps: BURN_STEPS, perStep }];
const TOTAL = 600; // probes per step

/** A target with a constant share of bad probes from the start (long windows see the same ratio as short ones). */
interface Scenario {
  target: string;
  /** bad share of all probes */
  ratio: number;
  kind: "fail" | "slow";
  availabilityPairs: number[];
  latencyPairs: number[];
  availabilityObjective?: number;
}

const scenarios: Scenario[] = [
  // Failures spend both budgets (a failed probe is not a fast success); 20x the availability budget is only 2x
  // the latency budget, so the latency SLO raises only its slowest ticket.
  { target: "avail-20x", ratio: 20 * availabilityBudget, kind: "fail", availabilityPairs: [0, 1, 2, 3], latencyPairs: [3] },
  { target: "avail-8x", ratio: 8 * availabilityBudget, kind: "fail", availabilityPairs: [1, 2, 3], latencyPairs: [] },
  { target: "avail-4x", ratio: 4 * availabilityBudget, kind: "fail", availabilityPairs: [2, 3], latencyPairs: [] },
  { target: "avail-2x", ratio: 2 * availabilityBudget, kind: "fail", availabilityPairs: [3], latencyPairs: [] },
  { target: "avail-half", ratio: 0.5 * availabilityBudget, kind: "fail", availabilityPairs: [], latencyPairs: [] },
  // Slow successes spend only the latency budget: the seed's latency rule could never fire, this one must.
  { target: "latency-20x", ratio: 20 * latencyBudget, kind: "slow", availabilityPairs: [], latencyPairs: [0, 1, 2, 3] },
  { target: "latency-8x", ratio: 8 * latencyBudget, kind: "slow", availabilityPairs: [], latencyPairs: [1, 2, 3] },
  { target: "latency-4x", ratio: 4 * latencyBudget, kind: "slow", availabilityPairs: [], latencyPairs: [2, 3] },
  { target: "latency-2x", ratio: 2 * latencyBudget, kind: "slow", availabilityPairs: [], latencyPairs: [3] },
  { target: "latency-half", ratio: 0.5 * latencyBudget, kind: "slow", availabilityPairs: [], latencyPairs: [] },
  // The same 0.2% failures: 20x the overridden 99.99% objective pages, 2x the default 99.9% only tickets.
  { target: "critical-path", ratio: 0.002, kind: "fail", availabilityPairs: [0, 1, 2, 3], latencyPairs: [], availabilityObjective: 0.9999 },
  { target: "ordinary-path", ratio: 0.002, kind: "fail", availabilityPairs: [3], latencyPairs: [] },
];

function scenarioTraffic(s: Scenario): Traffic {
  const bad = TOTAL * s.ratio;
  return s.kind === "fail"
    ? { target: s.target, okFast: constant(TOTAL - bad), fail: constant(bad) }
    : { target: s.target, okFast: constant(TOTAL - bad), okSlow: constant(bad) };
}

function burnRateGroup() {
  const traffic: Traffic[] = [...scenarios.map(scenarioTraffic), { target: "outage", okFast: [], fail: constant(TOTAL) }];
  // A negative probe whose every attempt got through (reason not_blocked): a policy problem, not an SLO burn.
  const negative = { ...K6, protocol: "tcp", target: "blocked-egress", scenario: "blocked-egress", expect: "blocked", sibling: "podinfo-tcp" };
  const negativeSeries = [{ series: `k6_cl_requests_total${labelString({ ...negative, result: "fail", reason: "not_blocked" })}`, values: counter(constant(TOTAL)) }];
  const availability: ExpectedAlert[] = [];
  const latency: ExpectedAlert[] = [];
  for (const s of scenarios) {
    availability.push(...burnAlerts("availability", s.target, s.availabilityPairs, s.ratio, s.availabilityObjective));
    latency.push(...burnAlerts("latency", s.target, s.latencyPairs, s.ratio));
  }
  // A total outage leaves no result="ok" series at all: the error ratio must still be 100%, not "no data".
  availability.push(...burnAlerts("availability", "outage", [0, 1, 2, 3], 1));
  latency.push(...burnAlerts("latency", "outage", [0, 1, 2, 3], 1));
  return {
    name: "burn rates after 6.5h of constant error ratios",
    interval: BURN_STEP,
    input_series: [...traffic.flatMap(requestSeries), ...negativeSeries],
    alert_rule_test: [
      { eval_time: BURN_EVAL, alertname: ALERTS.availabilityBurn, exp_alerts: availability },
      { eval_time: BURN_EVAL, alertname: ALERTS.latencyBurn, exp_alerts: latency },
    ],
  };
}

/** 60 good minutes, a 10-minute total outage, then recovery: the 5m short window lets the fast page resolve early. */
function recoveryGroup() {
  const traffic: Traffic = {
    target: "flap",
    okFast: [{ steps: 60, perStep: TOTAL }, { steps: 10, perStep: 0 }, { steps: 30, perStep: TOTAL }],
    fail: [{ steps: 60, perStep: 0 }, { steps: 10, perStep: TOTAL }, { steps: 30, perStep: 0 }],
  };
  // The SLIs count each minute's probes exactly (the first push, at 0m, included). At 70m: the 1h window holds
  // 10 bad of 60 minutes; longer windows 10 bad of 71 (0m..70m). At 80m: 10 of 81.
  const at70 = (long: string) => (long === "1h" ? 10 / 60 : 10 / 71);
  return {
    name: "multi-window: the fast page resolves 10 minutes after recovery, the slower alerts keep firing",
    interval: "1m",
    input_series: requestSeries(traffic),
    alert_rule_test: [
      { eval_time: "55m", alertname: ALERTS.availabilityBurn, exp_alerts: [] },
      { eval_time: "70m", alertname: ALERTS.availabilityBurn, exp_alerts: burnAlerts("availability", "flap", [0, 1, 2, 3], at70) },
      { eval_time: "70m", alertname: ALERTS.latencyBurn, exp_alerts: burnAlerts("latency", "flap", [0, 1, 2, 3], at70) },
      { eval_time: "80m", alertname: ALERTS.availabilityBurn, exp_alerts: burnAlerts("availability", "flap", [1, 2, 3], 10 / 81) },
      { eval_time: "80m", alertname: ALERTS.latencyBurn, exp_alerts: burnAlerts("latency", "flap", [1, 2, 3], 10 / 81) },
    ],
  };
}

function generatorRule(name: string): Rule {
  const rule = rules.find((r) => r.alert === name);
  assert.ok(rule, name);
  return rule;
}

function generatorGroup() {
  const pods = ["runner-0", "runner-1"];
  const series: { series: string; values: string }[] = [];
  const perPod = (target: string, probesPerMinute: number) => {
    for (const pod of pods) {
      const labels = { ...K6, pod, protocol: "http", target, scenario: target };
      // k6_cl_target_rps: every pod reports the whole target's configured rate (10/s).
      series.push({ series: `k6_cl_target_rps${labelString(labels)}`, values: "10+0x70" });
      series.push({ series: `k6_cl_probes_total${labelString({ ...labels, path: "service" })}`, values: counter([{ steps: 71, perStep: probesPerMinute }]) });
      series.push({ series: `k6_cl_requests_total${labelString({ ...labels, path: "service", result: "ok", latency: "fast" })}`, values: counter([{ steps: 71, perStep: probesPerMinute }]) });
    }
  };
  perPod("gen-slow", 150); // 2 pods x 150/min = 5/s, half the configured 10/s
  perPod("gen-ok", 300); // 2 x 300/min = 10/s
  // A target that stopped at minute 29 while the others go on (graceful stop: k6's stale marker).
  series.push({ series: `k6_cl_target_rps${labelString({ ...K6, protocol: "dns", target: "gen-stops", scenario: "gen-stops" })}`, values: "10+0x29 stale" });
  // A finite TestRun (testid) reports gen-ok at half its rate: it must not count, or it would hide a missing pod.
  series.push({ series: `k6_cl_probes_total${labelString({ ...K6, pod: "load-finite-1", testid: "load-finite", protocol: "http", target: "gen-slow", scenario: "gen-slow", path: "service" })}`, values: counter([{ steps: 71, perStep: 600 }]) });
  // Iterations, per runner pod (k6's builtins carry the global --tag values and `scenario`, nothing of the
  // scenario's own tags): on runner-0 gen-slow drops 5% of its schedule, gen-ok 0.5% (under the 1% threshold); on
  // runner-1 gen-slow drops nothing and sends no dropped series (k6 writes none without samples). Summed over the
  // pods gen-slow would still read 2.5%; the alert must name runner-0 and the target, not a bare scenario.
  const runner = (pod: string) => ({ ...K6, pod, namespace: "continuous-load" });
  series.push({ series: `k6_iterations_total${labelString({ ...runner("runner-0"), scenario: "gen-slow" })}`, values: counter([{ steps: 71, perStep: 285 }]) });
  series.push({ series: `k6_dropped_iterations_total${labelString({ ...runner("runner-0"), scenario: "gen-slow" })}`, values: counter([{ steps: 71, perStep: 15 }]) });
  series.push({ series: `k6_iterations_total${labelString({ ...runner("runner-1"), scenario: "gen-slow" })}`, values: counter([{ steps: 71, perStep: 300 }]) });
  series.push({ series: `k6_iterations_total${labelString({ ...runner("runner-0"), scenario: "gen-ok" })}`, values: counter([{ steps: 71, perStep: 597 }]) });
  series.push({ series: `k6_dropped_iterations_total${labelString({ ...runner("runner-0"), scenario: "gen-ok" })}`, values: counter([{ steps: 71, perStep: 3 }]) });
  // A scenario whose every iteration is dropped emits no k6_cl_target_rps: the alert still names it as the target.
  series.push({ series: `k6_dropped_iterations_total${labelString({ ...runner("runner-1"), scenario: "gen-starved" })}`, values: counter([{ steps: 71, perStep: 60 }]) });
  // Runner pods: runner-1's k6 is killed at minute 40 (no stale marker), runner-0 stays.
  series.push({ series: `k6_vus${labelString({ ...K6, pod: "runner-0" })}`, values: "4+0x70" });
  series.push({ series: `k6_vus${labelString({ ...K6, pod: "runner-1" })}`, values: "4+0x39" });

  const below = expectAlert(generatorRule(ALERTS.trafficBelowRate), { protocol: "http", target: "gen-slow" }, 5);
  const dropped = [
    expectAlert(generatorRule(ALERTS.droppedIterations), { namespace: "continuous-load", pod: "runner-0", scenario: "gen-slow", protocol: "http", target: "gen-slow" }, 0.05),
    expectAlert(generatorRule(ALERTS.droppedIterations), { namespace: "continuous-load", pod: "runner-1", scenario: "gen-starved", target: "gen-starved" }, 1),
  ];
  const stopped = expectAlert(generatorRule(ALERTS.targetStopped), { protocol: "dns", target: "gen-stops" }, 1);
  const missing = expectAlert(generatorRule(ALERTS.runnerMissing), { pod: "runner-1" }, 1);
  return {
    name: "load generator health",
    interval: "1m",
    input_series: series,
    alert_rule_test: [
      // Conditions are true from the start, but `for:` holds them pending (traffic 15m, dropped 10m).
      { eval_time: "5m", alertname: ALERTS.trafficBelowRate, exp_alerts: [] },
      { eval_time: "5m", alertname: ALERTS.droppedIterations, exp_alerts: [] },
      { eval_time: "12m", alertname: ALERTS.trafficBelowRate, exp_alerts: [] },
      { eval_time: "20m", alertname: ALERTS.trafficBelowRate, exp_alerts: [below] },
      { eval_time: "20m", alertname: ALERTS.droppedIterations, exp_alerts: dropped },
      { eval_time: "20m", alertname: ALERTS.targetStopped, exp_alerts: [] },
      { eval_time: "20m", alertname: ALERTS.noData, exp_alerts: [] },
      { eval_time: "20m", alertname: ALERTS.runnerMissing, exp_alerts: [] },
      // gen-stops leaves the presence recording (last_over_time over 15m) at 44m; pending for 10m, firing by 55m.
      { eval_time: "40m", alertname: ALERTS.targetStopped, exp_alerts: [] },
      { eval_time: "60m", alertname: ALERTS.targetStopped, exp_alerts: [stopped] },
      // runner-1's k6_vus goes stale 5m after the kill (45m); pending for 10m, firing by 56m.
      { eval_time: "50m", alertname: ALERTS.runnerMissing, exp_alerts: [] },
      { eval_time: "60m", alertname: ALERTS.runnerMissing, exp_alerts: [missing] },
      { eval_time: "60m", alertname: ALERTS.availabilityBurn, exp_alerts: [] },
      { eval_time: "60m", alertname: ALERTS.latencyBurn, exp_alerts: [] },
    ],
  };
}

function noDataGroup() {
  const blocked = { ...K6, pod: "runner-denied-0", protocol: "tcp", target: "blocked-egress", scenario: "blocked-egress", expect: "blocked", sibling: "podinfo-tcp", result: "ok" };
  const finite = { ...K6, pod: "load-finite-1", testid: "load-finite", protocol: "http", target: "podinfo-http", scenario: "podinfo-http", result: "ok", latency: "fast" };
  return {
    name: "no 24/7 positive probe results at all",
    interval: "1m",
    // The runner is up (k6_vus), the denied runner's negative probes and a finite TestRun still write: neither is
    // the 24/7 positive traffic the SLOs stand on.
    input_series: [
      { series: `k6_vus${labelString(K6)}`, values: "1+0x30" },
      { series: `k6_cl_requests_total${labelString(blocked)}`, values: counter([{ steps: 31, perStep: 60 }]) },
      { series: `k6_cl_requests_total${labelString(finite)}`, values: counter([{ steps: 31, perStep: 600 }]) },
    ],
    alert_rule_test: [
      { eval_time: "5m", alertname: ALERTS.noData, exp_alerts: [] },
      { eval_time: "15m", alertname: ALERTS.noData, exp_alerts: [expectAlert(generatorRule(ALERTS.noData), {}, 1)] },
    ],
  };
}

/** Two clusters write to one Prometheus; every runner of cluster b dies at minute 20 (review M5). */
function noDataClusterGroup() {
  const series = (cluster: string, minutes: number) => {
    const labels = { ...K6, cluster, protocol: "http", target: "podinfo-http", scenario: "podinfo-http" };
    return [
      { series: `k6_cl_target_rps${labelString(labels)}`, values: `10+0x${minutes}` },
      { series: `k6_cl_requests_total${labelString({ ...labels, path: "service", result: "ok", latency: "fast" })}`, values: counter([{ steps: minutes + 1, perStep: 600 }]) },
    ];
  };
  return {
    name: "no positive probe results from one of two clusters",
    interval: "1m",
    input_series: [...series("a", 60), ...series("b", 20)],
    alert_rule_test: [
      { eval_time: "20m", alertname: ALERTS.noData, exp_alerts: [] },
      // b's series go stale at 25m (no stale marker: a hard kill); pending for 10m.
      { eval_time: "30m", alertname: ALERTS.noData, exp_alerts: [] },
      { eval_time: "40m", alertname: ALERTS.noData, exp_alerts: [expectAlert(generatorRule(ALERTS.noData), { cluster: "b" }, 1)] },
    ],
  };
}

function writeUnitTests(groups: unknown[], name: string, evaluationInterval = "1m"): string {
  const ruleFile = writeRuleFile(renderRules(config, { allowRelativeRunbooks: true }), `${name}-rules.yml`);
  const testFile = join(work, `${name}-tests.yml`);
  // Without group_eval_order promtool evaluates the groups in random order, so at some steps the alerts would read
  // the recording rules' previous value and the annotations would flake.
  const groupEvalOrder = build(config).spec.groups.map((g) => g.name);
  writeFileSync(
    testFile,
    stringify({ rule_files: [ruleFile], evaluation_interval: evaluationInterval, group_eval_order: groupEvalOrder, tests: groups }, { lineWidth: 0 }),
  );
  return testFile;
}

describe("promtool test rules", () => {
  it("every burn-rate alert, availability and latency, fires exactly for the window pairs whose threshold is crossed", () => {
    const result = promtool(["test", "rules", writeUnitTests([burnRateGroup()], "burn", BURN_STEP)]);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
  });

  it("the fast page resets once the short window is clean while the slower pairs keep firing", () => {
    const result = promtool(["test", "rules", writeUnitTests([recoveryGroup()], "recovery")]);
    assert.equal(result.status, 0, result.output);
  });

  it("generator-health alerts fire for low traffic, dropped iterations, a stopped target and a missing runner, and respect for:", () => {
    const result = promtool(["test", "rules", writeUnitTests([generatorGroup()], "generator")]);
    assert.equal(result.status, 0, result.output);
  });

  it("ClNoData fires when no 24/7 positive probe result reaches Prometheus, whatever negative probes and finite runs write", () => {
    const result = promtool(["test", "rules", writeUnitTests([noDataGroup()], "nodata")]);
    assert.equal(result.status, 0, result.output);
  });

  it("ClNoData names a cluster whose runners all stopped while another cluster still writes to the same Prometheus", () => {
    const result = promtool(["test", "rules", writeUnitTests([noDataClusterGroup()], "nodata-cluster")]);
    assert.equal(result.status, 0, result.output);
  });

  it("catches a wrong expectation: claiming the latency alert stays silent under 20x latency burn fails", () => {
    const group = burnRateGroup();
    const latencyCase = group.alert_rule_test.find((t) => t.alertname === ALERTS.latencyBurn)!;
    latencyCase.exp_alerts = latencyCase.exp_alerts.filter((a) => a.exp_labels.target !== "latency-20x");
    const result = promtool(["test", "rules", writeUnitTests([group], "negative", BURN_STEP)]);
    assert.notEqual(result.status, 0, "promtool must reject the wrong expectation");
    assert.match(result.output, /latency-20x/);
  });
});
