// Every dashboard query, run against a real Prometheus 2.42 (native histograms, remote-write receiver) that this test
// starts on 127.0.0.1 and feeds over remote write with k6-shaped data: each panel returns data, the template
// variables filter, and a known failure rate and latency come back as the right numbers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDashboard } from "../../src/observability/dashboard.ts";
import { allPanels, type Panel, type PromTarget, type QueryVariable } from "../../src/observability/grafana.ts";
import { observability } from "../../src/observability/objectives.ts";
import { PATHS, renderDashboard } from "../../src/observability/render.ts";
import { NETWORK_RECORDS, buildPrometheusRule } from "../../src/observability/rules.ts";
import { NEGATIVE_RECORDS } from "../../src/observability/negative-probes.ts";
import type { ObservabilityConfig } from "../../src/observability/types.ts";
import { stringify } from "yaml";
import { CLUSTER, HTTP_PHASE_SECONDS, PODS, SERVER_API_INFO, SERVER_NAMESPACE, STEP_SECONDS, STEPS, TARGETS, buildSeries } from "./support/k6-data.ts";
import { startPrometheus, type RunningPrometheus } from "./support/prometheus.ts";
import { bucketIndex, bucketUpperBound, pushSeries } from "./support/remote-write.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
// The shipped objectives plus the route of the test data's HTTP target (the network-share panels and rules join
// only targets with a serverRoute).
const config: ObservabilityConfig = { ...observability, targets: { ...observability.targets, "podinfo-http": { serverRoute: "api_info" } } };
const dashboard = buildDashboard(config);
const panels = allPanels(dashboard.panels);
const variables = dashboard.templating.list.filter((v): v is QueryVariable => v.type === "query");

const endMs = Math.floor(Date.now() / 10_000) * 10_000;
const end = endMs / 1000;
const start = end - STEPS * STEP_SECONDS;
const RANGE = `${STEPS * STEP_SECONDS}s`;

type Selection = Record<string, string>;
const ALL: Selection = { cluster: ".*", testid: "^$", namespace: ".*", protocol: ".*", target: ".*", pod: ".*", zone: ".*", path: ".*" };
const HTTP_ONLY: Selection = { cluster: CLUSTER, testid: "^$", namespace: SERVER_NAMESPACE, protocol: "http", target: "podinfo-http", pod: "runner-0", zone: "zone-a", path: "service" };
/** Everything, with podinfo's own namespace: another app's podinfo (other-app) stays out of the server side. */
const OWN_NAMESPACE: Selection = { ...ALL, namespace: SERVER_NAMESPACE };

/** Grafana's interpolation for this dashboard: regex-formatted variables and the two built-ins it uses. */
function substitute(expr: string, selection: Selection): string {
  const out = expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", RANGE)
    .replace(/\$([a-z_]+)/g, (whole, name: string) => selection[name] ?? whole);
  // `$1` is label_replace's capture group and `^$` the 24/7-only regex: only named variables must be gone.
  assert.doesNotMatch(out, /\$[a-zA-Z_]/, `every variable in ${expr} is defined`);
  return out;
}

let prom: RunningPrometheus;

before(async () => {
  // The generated rules run too (every second, at wall-clock time over the pushed data ending now): the
  // network-share and negative-probe recordings read k6's native histograms, which promtool 2.42 cannot feed.
  // Without the groups' own `interval: 1m` they run at the harness' global 1s, so results show within the test.
  const groups = buildPrometheusRule(config, { allowRelativeRunbooks: true }).spec.groups.map(({ interval: _interval, ...group }) => group);
  prom = await startPrometheus({ rules: stringify({ groups }, { lineWidth: 0 }) });
  try {
    const series = buildSeries(endMs);
    // Several requests, like k6's periodic pushes; each carries whole series in time order.
    for (let i = 0; i < series.length; i += 50) await pushSeries(prom.writeUrl, series.slice(i, i + 50));
  } catch (error) {
    await prom.stop();
    throw error;
  }
});

after(async () => {
  await prom?.stop();
});

interface Result {
  metric: Record<string, string>;
  value: number;
}

/** Runs a panel target as Grafana would (instant or range) and returns each series' last value. */
async function run(target: PromTarget, selection: Selection): Promise<Result[]> {
  const expr = substitute(target.expr, selection);
  if (target.instant) {
    return (await prom.query(expr, end)).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
  }
  const series = await prom.queryRange(expr, end - 30 * 60, end, 60);
  return series.map((s) => ({ metric: s.metric, value: Number(s.values[s.values.length - 1]![1]) }));
}

function panel(title: string): Panel {
  const found = panels.find((p) => p.title === title);
  assert.ok(found, `panel "${title}" exists`);
  return found;
}

async function values(title: string, refId = "A", selection = ALL): Promise<Result[]> {
  const target = panel(title).targets.find((t) => t.refId === refId);
  assert.ok(target, `${title} has query ${refId}`);
  return run(target, selection);
}

function valueOf(results: Result[], labels: Record<string, string>): number {
  const match = results.filter((r) => Object.entries(labels).every(([k, v]) => r.metric[k] === v));
  assert.equal(match.length, 1, `exactly one series with ${JSON.stringify(labels)} in ${JSON.stringify(results.map((r) => r.metric))}`);
  return match[0]!.value;
}

function near(actual: number, expected: number, relative = 1e-6, what = ""): void {
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * relative + 1e-12, `${what}: expected ${expected}, got ${actual}`);
}

/** A native-histogram quantile lands in the bucket holding the observation: within one schema-3 bucket of it. */
function inBucketOf(actual: number, observed: number, what: string): void {
  const upper = bucketUpperBound(bucketIndex(observed, 3), 3);
  const lower = bucketUpperBound(bucketIndex(observed, 3) - 1, 3);
  assert.ok(actual > lower && actual <= upper, `${what}: ${actual} is in (${lower}, ${upper}], the bucket of ${observed}`);
}

describe("dashboard JSON", () => {
  it("is committed up to date in both Kustomize components", () => {
    const rendered = renderDashboard(observability);
    assert.equal(readFileSync(join(repoRoot, PATHS.dashboardConfigMap), "utf8"), rendered);
    assert.equal(readFileSync(join(repoRoot, PATHS.grafanaDashboard), "utf8"), rendered);
  });

  it("has dashboard links with every field Grafana's schema requires", () => {
    for (const link of dashboard.links) {
      for (const key of ["asDropdown", "icon", "includeVars", "keepTime", "tags", "targetBlank", "title", "tooltip", "type", "url"]) {
        assert.ok(key in link, `link ${link.title} has ${key}`);
      }
    }
  });

  it("has the namespace, protocol, target and runner pod variables and unique panel ids", () => {
    assert.deepEqual(variables.map((v) => v.name), ["cluster", "namespace", "protocol", "target", "pod", "zone", "path"]);
    const testid = dashboard.templating.list.find((v) => v.name === "testid");
    assert.equal(testid?.type === "custom" && testid.current.value, "^$", "24/7 runners only by default");
    const namespace = variables.find((v) => v.name === "namespace");
    assert.deepEqual(namespace?.current.value, [SERVER_NAMESPACE], "podinfo's namespace by default, not every app's");
    assert.deepEqual(dashboard.__inputs.map((i) => i.name), ["DS_PROMETHEUS"], "a manual import asks for the data source");
    const ids = [...dashboard.panels.filter((p) => p.type === "row"), ...panels].map((p) => p.id);
    assert.deepEqual(
      dashboard.panels.filter((p) => p.type === "row" && p.collapsed).map((p) => p.title.split(":")[0]),
      ["Path matrix", "HTTP phases (k6's own timings, p95 by target)", "Server-side view (podinfo, HTTP only)", "SLOs"],
      "the heavy rows (30d and range-wide queries, per-pod tables) load only when opened",
    );
    assert.equal(new Set(ids).size, ids.length);
    for (const p of panels) assert.ok(p.targets.length > 0, `${p.title} has queries`);
  });
});

describe("dashboard on a real Prometheus fed over remote write", () => {
  it("resolves every template variable to the values in the data", async () => {
    const expected: Record<string, string[]> = {
      cluster: [CLUSTER],
      namespace: ["continuous-load", "other-app"],
      protocol: ["dns", "grpc", "http", "tcp"],
      target: TARGETS.map((t) => t.name).sort(),
      pod: PODS.map((p) => p.pod),
      zone: PODS.map((p) => p.zone),
      path: ["pod", "service"],
    };
    for (const v of variables) {
      const m = /^label_values\((.+), ([a-z_]+)\)$/.exec(v.query);
      assert.ok(m, `${v.name} is a label_values query`);
      const got = await prom.labelValues(m[2]!, substitute(m[1]!, ALL), start, end);
      assert.deepEqual(got.sort(), expected[v.name], `values of $${v.name}`);
    }
  });

  for (const [name, selection] of [["All selected", ALL], ["http, podinfo-http, runner-0, continuous-load selected", HTTP_ONLY]] as const) {
    it(`every panel query returns data with ${name}`, async () => {
      for (const p of panels) {
        for (const target of p.targets) {
          const results = await run(target, selection);
          const what = `${p.title} / ${target.refId}`;
          // ALERTS only exist from the rules' first evaluation on, after the pushed data ends: checked at "now" in the
          // recording-rules test below.
          if (p.title.startsWith("Firing alerts:")) continue;
          // A positive target selected: the negative-probe panel has nothing to show, by design.
          if (selection === HTTP_ONLY && p.title.startsWith("Negative probes")) {
            assert.equal(results.length, 0, what);
            continue;
          }
          assert.ok(results.length > 0, `${what} returned no series`);
          assert.ok(results.some((r) => Number.isFinite(r.value)), `${what} returned no finite value`);
          for (const r of results) {
            if (selection === HTTP_ONLY) {
              // Filters apply: no other target, protocol, scenario or namespace leaks through.
              if (r.metric.target) assert.equal(r.metric.target, "podinfo-http", what);
              if (r.metric.protocol) assert.equal(r.metric.protocol, "http", what);
              if (r.metric.scenario) assert.equal(r.metric.scenario, "podinfo-http", what);
              if (r.metric.namespace) assert.equal(r.metric.namespace, SERVER_NAMESPACE, what);
              if (r.metric.pod && !p.title.startsWith("Configured")) assert.equal(r.metric.pod, "runner-0", what);
              if (r.metric.zone) assert.equal(r.metric.zone, "zone-a", what);
              // podinfo's own `path` label is its route, not the network path type.
              if (r.metric.path && !r.metric.namespace) assert.equal(r.metric.path, "service", what);
            }
          }
        }
      }
    });
  }

  it("shows the injected 10% failures as success rate and availability 0.9, and the latency SLI as 0.8", async () => {
    const http = { protocol: "http", target: "podinfo-http" };
    near(valueOf(await values("Success rate by target"), http), 0.9, 1e-6, "success rate");
    near(valueOf(await values("Success rate by target"), { target: "cluster-dns" }), 24 / 25, 1e-6, "dns success rate");
    near(valueOf(await values("Success rate by target"), { target: "podinfo-grpc" }), 1, 1e-6, "grpc success rate");
    for (const refId of ["A", "B", "C", "D"]) {
      near(valueOf(await values("Availability SLI by target", refId), http), 0.9, 1e-6, `availability ${refId}`);
      near(valueOf(await values("Latency SLI by target", refId), http), 40 / 50, 1e-6, `latency SLI ${refId}`);
    }
    near(valueOf(await values("Availability SLI by target", "OBJ"), http), 0.999, 1e-9, "objective");
    near(valueOf(await values("Latency SLI by target", "OBJ"), http), 0.99, 1e-9, "latency objective");
    // 10% failures against a 0.1% budget: the budget is overspent 100 times, 99 budgets below zero.
    near(valueOf(await values("Availability SLI by target", "BUDGET"), http), 1 - 0.1 / 0.001, 1e-6, "budget left");
    // 40 minutes of data, read at hourly resolution: the table says the 30d column holds under an hour, not 30 days.
    const span = valueOf(await values("Availability SLI by target", "SPAN"), http);
    assert.ok(span >= 0 && span <= 3600, `data span ${span}s is the pushed 40 minutes at 1h resolution`);
    near(valueOf(await values("Availability error budget burn rate (1h)"), http), 100, 1e-6, "burn rate");
    near(valueOf(await values("Slow probes (slower than latencyObjective)"), http), 5 / 45, 1e-6, "slow share");
    // The negative probe (expect="blocked") shows in traffic panels but in no SLO panel.
    near(valueOf(await values("Success rate by target"), { target: "blocked-egress" }), 0.8, 1e-6, "blocked share");
    for (const title of ["Availability SLI by target", "Latency SLI by target"]) {
      for (const refId of ["A", "D", "OBJ", "BUDGET"]) {
        const rows = await values(title, refId);
        assert.ok(rows.length > 0 && rows.every((r) => r.metric.target !== "blocked-egress"), `${title} ${refId} leaves out the negative probe`);
      }
    }
    const burn = await values("Availability error budget burn rate (1h)");
    assert.ok(burn.every((r) => r.metric.target !== "blocked-egress"), "burn rate leaves out the negative probe");
  });

  it("overview: success over the last hour, targets below objective, runners, and HTTP phases from k6's own histograms", async () => {
    // Positive probes only: podinfo-http 45/50, grpc and tcp 25/25, dns 24/25 per pod and step.
    near(valueOf(await values("Success, last hour (24/7 positive probes)"), {}), (45 + 25 + 25 + 24) / (50 + 25 + 25 + 25), 1e-6, "overall success");
    // podinfo-http (90%) and cluster-dns (96%) are under 99.9%.
    near(valueOf(await values("Targets below their availability objective (last hour)"), {}), 2, 1e-9, "targets below objective");
    near(valueOf(await values("Runner pods reporting"), {}), PODS.length, 1e-9, "runners");
    for (const [series, seconds] of Object.entries(HTTP_PHASE_SECONDS)) {
      const phase = panels.find((p) => p.title.startsWith("HTTP ") && p.targets[0]!.expr.includes(series));
      assert.ok(phase, `a panel reads ${series}`);
      const got = valueOf(await run(phase.targets[0]!, ALL), { scenario: "podinfo-http" });
      if (seconds === 0) assert.ok(got >= 0 && got < 1e-6, `${series}: ${got} is in the zero bucket`);
      else inBucketOf(got, seconds, series);
    }
  });

  it("returns the injected latencies: client percentiles from the native histogram, server percentiles from podinfo's buckets", async () => {
    const http = { protocol: "http", target: "podinfo-http" };
    // Per pod and 10 s: 43 probes at 50 ms, 5 at 800 ms, 2 at 5 s.
    inBucketOf(valueOf(await values("Latency p50 by target"), http), 0.05, "p50");
    inBucketOf(valueOf(await values("Latency p90 by target"), http), 0.8, "p90");
    inBucketOf(valueOf(await values("Latency p95 by target"), http), 0.8, "p95");
    inBucketOf(valueOf(await values("Latency p99 by target"), http), 5, "p99");
    inBucketOf(valueOf(await values("Latency p99 by target"), { target: "podinfo-grpc" }), 0.01, "grpc p99");
    near(valueOf(await values("Mean latency by target"), http), (43 * 0.05 + 5 * 0.8 + 2 * 5) / 50, 1e-6, "mean");
    // Classic buckets interpolate linearly: all at 20 ms puts p50 halfway through (0.01, 0.025].
    near(valueOf(await values("Server latency p50/p90/p95/p99 by route"), { namespace: SERVER_NAMESPACE, path: "status" }), 0.0175, 1e-6, "server p50");
    near(valueOf(await values("Server 5xx ratio by route"), { namespace: SERVER_NAMESPACE, path: "delay" }), 1, 1e-6, "5xx delay");
    near(valueOf(await values("Server 5xx ratio by route"), { namespace: SERVER_NAMESPACE, path: "status" }), 0, 1e-6, "5xx status");
    near(valueOf(await values("Server requests per second by route and status"), { path: "status" }), 2, 1e-6, "server rps");
  });

  it("splits failures by reason and shows the generator's configured vs actual rate, drops, VUs and per-pod load", async () => {
    const failures = await values("Failed probes per second by target and reason");
    near(valueOf(failures, { target: "podinfo-http", reason: "status" }), 2 * 0.3, 1e-6, "status failures/s");
    near(valueOf(failures, { target: "podinfo-http", reason: "timeout" }), 2 * 0.2, 1e-6, "timeout failures/s");
    near(valueOf(failures, { target: "cluster-dns", reason: "dns" }), 2 * 0.1, 1e-6, "dns failures/s");
    // Every failure as probes minus successes (the dense per-probe counter), whatever the reasons' series do.
    const all = await values("Failed probes per second by target and reason", "B");
    near(valueOf(all, { target: "podinfo-http" }), 2 * 0.5, 1e-6, "all failures/s");
    near(valueOf(all, { target: "podinfo-grpc" }), 0, 1e-9, "no failures is 0, not no data");
    // increase() over the dashboard range: 0.6/s for 40 minutes (extrapolation at the edges stays within 1%).
    near(valueOf(await values("Failures in the selected time range"), { target: "podinfo-http", reason: "status" }), 0.6 * STEPS * STEP_SECONDS, 0.01, "failures in range");

    near(valueOf(await values("Configured vs actual rate by target", "A"), { target: "podinfo-http" }), 10, 1e-9, "configured");
    near(valueOf(await values("Configured vs actual rate by target", "B"), { target: "podinfo-http" }), 10, 1e-6, "actual");
    near(valueOf(await values("Actual / configured rate"), { target: "podinfo-grpc" }), 1, 1e-6, "ratio");
    // The pod filter narrows the actual rate, never the configured one (each pod reports the whole target's rate).
    near(valueOf(await values("Configured vs actual rate by target", "A", HTTP_ONLY), { target: "podinfo-http" }), 10, 1e-9, "configured, one pod selected");
    near(valueOf(await values("Dropped iterations per second by scenario"), { scenario: "podinfo-http" }), 2 * 0.1, 1e-6, "dropped/s");
    near(valueOf(await values("VUs by runner pod", "A"), { pod: "runner-1" }), 8, 1e-9, "vus");
    near(valueOf(await values("VUs by runner pod", "B"), { pod: "runner-1" }), 20, 1e-9, "vus max");
    near(valueOf(await values("Probes per second by runner pod"), { pod: "runner-0" }), (50 + 25 + 25 + 25 + 5 + 5) / 10, 1e-6, "per pod (the negative probes included)");
    near(valueOf(await values("Iterations per second by pod and scenario"), { pod: "runner-0", scenario: "podinfo-http" }), 5, 1e-6, "iterations");
  });

  it("path matrix: a zone-to-pod cell's success ratio and p95, the worst node, and which layer failed", async () => {
    const cell = { zone: "zone-a", path: "service", target: "podinfo-http" };
    near(valueOf(await values("Path matrix: success and p95 by source zone, path and destination pod", "SUCCESS"), { ...cell, dest_pod: "podinfo-1" }), 20 / 23, 1e-6, "matrix cell podinfo-1");
    near(valueOf(await values("Path matrix: success and p95 by source zone, path and destination pod", "SUCCESS"), { ...cell, dest_pod: "podinfo-0" }), 1, 1e-6, "matrix cell podinfo-0");
    near(valueOf(await values("Path matrix: success and p95 by source zone, path and destination pod", "SUCCESS"), { ...cell, dest_pod: "unknown" }), 0, 1e-6, "matrix cell unknown");
    // podinfo-0 per runner pod and 10 s: 20 probes at 50 ms, 5 at 800 ms: p95 in the 800 ms bucket.
    inBucketOf(valueOf(await values("Path matrix: success and p95 by source zone, path and destination pod", "P95"), { ...cell, dest_pod: "podinfo-0" }), 0.8, "matrix p95");
    near(valueOf(await values("Path matrix: success and p95 by source zone, path and destination pod", "RATE"), { ...cell, dest_pod: "podinfo-0" }), 2.5, 1e-6, "matrix probes/s");
    near(valueOf(await values("Success: source zone x destination pod"), { zone: "zone-b", dest_pod: "podinfo-1" }), 20 / 23, 1e-6, "zone x pod");
    const rows = await values("Path matrix: success and p95 by source zone, path and destination pod", "SUCCESS");
    assert.ok(rows.every((r) => !r.metric.target?.startsWith("blocked-")), "negative probes stay out of the matrix");
    near(valueOf(await values("Success over time: source zone -> destination pod, per path"), { zone: "zone-a", path: "service", dest_pod: "podinfo-1" }), 20 / 23, 1e-6, "status history");
    near(valueOf(await values("Worst source nodes"), { node: "node-a", path: "service" }), 45 / 50, 1e-6, "worst nodes");
    near(valueOf(await values("Which layer failed: failures per second by path and reason"), { path: "service", reason: "status" }), 2 * 0.3, 1e-6, "layer status");
    near(valueOf(await values("Which layer failed: failures per second by path and reason"), { path: "service", reason: "timeout" }), 2 * 0.2, 1e-6, "layer timeout");
    near(valueOf(await values("Which layer failed: path x reason"), { path: "service", reason: "status" }), 0.6 * STEPS * STEP_SECONDS, 0.01, "layer table");
  });

  it("network share: client mean minus podinfo's mean per destination pod comes back as the injected difference", async () => {
    // Client (successes): podinfo-0 (20 x 50 ms + 5 x 800 ms) / 25 = 0.2 s, podinfo-1 0.05 s; server 0.02 and 0.03 s.
    const client = { "podinfo-0": (20 * 0.05 + 5 * 0.8) / 25, "podinfo-1": 0.05 };
    const share = (pod: "podinfo-0" | "podinfo-1") => (client[pod] - SERVER_API_INFO[pod]) / client[pod];
    const title = "Network share of latency by target and destination pod (HTTP)";
    for (const pod of ["podinfo-0", "podinfo-1"] as const) {
      near(valueOf(await values(title, "A", OWN_NAMESPACE), { target: "podinfo-http", dest_pod: pod }), share(pod), 1e-6, `share ${pod}`);
    }
    // All pods: client 6/45 s against podinfo's route mean 0.025 s (equal counts on both pods).
    const clientAll = (40 * 0.05 + 5 * 0.8) / 45;
    near(valueOf(await values(title, "B", OWN_NAMESPACE), { target: "podinfo-http" }), (clientAll - 0.025) / clientAll, 1e-6, "share all pods");
    const table = "Client vs server mean latency by source zone, path and destination pod (HTTP)";
    const cell = { zone: "zone-b", path: "service", target: "podinfo-http", dest_pod: "podinfo-0" };
    near(valueOf(await values(table, "CLIENT", OWN_NAMESPACE), cell), 0.2, 1e-6, "client mean");
    near(valueOf(await values(table, "SERVER", OWN_NAMESPACE), cell), 0.02, 1e-6, "server mean");
    near(valueOf(await values(table, "NETWORK", OWN_NAMESPACE), cell), 0.18, 1e-6, "network time");
    near(valueOf(await values(table, "SHARE", OWN_NAMESPACE), cell), 0.9, 1e-6, "network share");
  });

  it("negative probes panel: blocked share, violations and the sibling's success", async () => {
    const title = "Negative probes: blocked share, violations and the sibling's success";
    near(valueOf(await values(title, "BLOCKED"), { target: "blocked-egress" }), 0.8, 1e-6, "blocked share");
    near(valueOf(await values(title, "BLOCKED"), { target: "blocked-ingress" }), 1, 1e-6, "blocked share ingress");
    near(valueOf(await values(title, "VIOLATIONS"), { target: "blocked-egress" }), 2 * 0.1 * STEPS * STEP_SECONDS, 0.01, "violations");
    near(valueOf(await values(title, "VIOLATIONS"), { target: "blocked-ingress" }), 0, 1e-9, "no violations");
    near(valueOf(await values(title, "SIBLING"), { target: "blocked-egress", sibling: "podinfo-tcp" }), 1, 1e-6, "sibling success");
  });

  it("the recording rules, evaluated by Prometheus itself on the native histograms, give the same numbers and verdicts", async () => {
    const w = config.networkShare.window;
    const poll = async (expr: string): Promise<Result[]> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const got = (await prom.query(expr, Date.now() / 1000)).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
        if (got.length > 0 || Date.now() > deadline) return got;
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const podShare = await poll(NETWORK_RECORDS.podShare(w));
    near(valueOf(podShare, { target: "podinfo-http", zone: "zone-a", dest_pod: "podinfo-0", route: "api_info", path: "service" }), 0.9, 1e-6, "recorded share podinfo-0");
    near(valueOf(podShare, { target: "podinfo-http", zone: "zone-b", dest_pod: "podinfo-1" }), 0.4, 1e-6, "recorded share podinfo-1");
    near(valueOf(await poll(NETWORK_RECORDS.podNetwork(w)), { zone: "zone-a", dest_pod: "podinfo-0" }), 0.18, 1e-6, "recorded network time");
    assert.ok(podShare.every((r) => r.metric.dest_pod !== "unknown"), "the per-pod join needs a named pod");
    const clientAll = (40 * 0.05 + 5 * 0.8) / 45;
    near(valueOf(await poll(NETWORK_RECORDS.targetShare(w)), { target: "podinfo-http" }), (clientAll - 0.025) / clientAll, 1e-6, "recorded share, all pods");

    const nw = config.negativeProbes.window;
    const verdicts = await poll(NEGATIVE_RECORDS.verdict(nw));
    assert.deepEqual(
      verdicts.map((r) => [r.metric.target, r.metric.sibling, r.metric.verdict]).sort(),
      [["blocked-egress", "podinfo-tcp", "violation"], ["blocked-ingress", "podinfo-grpc", "verified"]],
    );
    const firing = await poll(`ALERTS{alertname="ClNetworkPolicyViolation", alertstate="firing"}`);
    assert.deepEqual(firing.map((r) => r.metric.target), ["blocked-egress"]);
    // The overview's alert table lists it with its labels (all selections; the table filters by alert name only).
    const table = panel("Firing alerts: which target, pod or policy").targets[0]!;
    const listed = (await prom.query(substitute(table.expr, ALL), Date.now() / 1000)).map((s) => s.metric);
    assert.ok(listed.some((m) => m.alertname === "ClNetworkPolicyViolation" && m.target === "blocked-egress"), JSON.stringify(listed));
    // The alert annotation marks the time series panels with the same alert (review L3: there were none).
    const [annotation] = dashboard.annotations.list;
    assert.ok(annotation, "an alert annotation query");
    const marked = (await prom.query(substitute(annotation.expr, ALL), Date.now() / 1000)).map((s) => s.metric);
    assert.ok(marked.some((m) => m.alertname === "ClNetworkPolicyViolation" && m.target === "blocked-egress"), JSON.stringify(marked));
  });
});
