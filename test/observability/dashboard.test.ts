// Every dashboard query, run against a real Prometheus 2.42 (native histograms, remote-write receiver) that this test
// starts on 127.0.0.1 and feeds over remote write with k6-shaped data: each panel returns data, the template
// variables filter, and a known failure rate and latency come back as the right numbers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDashboard } from "../../src/observability/dashboard.ts";
import type { Panel, PromTarget, QueryVariable } from "../../src/observability/grafana.ts";
import { observability } from "../../src/observability/objectives.ts";
import { PATHS, renderDashboard } from "../../src/observability/render.ts";
import { PODS, SERVER_NAMESPACE, STEP_SECONDS, STEPS, TARGETS, buildSeries } from "./support/k6-data.ts";
import { startPrometheus, type RunningPrometheus } from "./support/prometheus.ts";
import { bucketIndex, bucketUpperBound, pushSeries } from "./support/remote-write.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
const dashboard = buildDashboard(observability);
const panels = dashboard.panels.filter((p): p is Panel => p.type !== "row");
const variables = dashboard.templating.list.filter((v): v is QueryVariable => v.type === "query");

const endMs = Math.floor(Date.now() / 10_000) * 10_000;
const end = endMs / 1000;
const start = end - STEPS * STEP_SECONDS;
const RANGE = `${STEPS * STEP_SECONDS}s`;

type Selection = Record<string, string>;
const ALL: Selection = { namespace: ".*", protocol: ".*", target: ".*", pod: ".*" };
const HTTP_ONLY: Selection = { namespace: SERVER_NAMESPACE, protocol: "http", target: "podinfo-http", pod: "runner-0" };

/** Grafana's interpolation for this dashboard: regex-formatted variables and the two built-ins it uses. */
function substitute(expr: string, selection: Selection): string {
  const out = expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", RANGE)
    .replace(/\$([a-z_]+)/g, (whole, name: string) => selection[name] ?? whole);
  assert.doesNotMatch(out, /\$/, `every variable in ${expr} is defined`);
  return out;
}

let prom: RunningPrometheus;

before(async () => {
  prom = await startPrometheus();
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

  it("has the namespace, protocol, target and runner pod variables and unique panel ids", () => {
    assert.deepEqual(variables.map((v) => v.name), ["namespace", "protocol", "target", "pod"]);
    const ids = dashboard.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const p of panels) assert.ok(p.targets.length > 0, `${p.title} has queries`);
  });
});

describe("dashboard on a real Prometheus fed over remote write", () => {
  it("resolves every template variable to the values in the data", async () => {
    const expected: Record<string, string[]> = {
      namespace: ["continuous-load", "other-app"],
      protocol: ["dns", "grpc", "http", "tcp"],
      target: TARGETS.map((t) => t.name).sort(),
      pod: PODS.map((p) => p.pod),
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
    near(valueOf(await values("Probes per second by runner pod"), { pod: "runner-0" }), (50 + 25 + 25 + 25 + 5) / 10, 1e-6, "per pod (the negative probe included)");
    near(valueOf(await values("Iterations per second by pod and scenario"), { pod: "runner-0", scenario: "podinfo-http" }), 5, 1e-6, "iterations");
  });
});
