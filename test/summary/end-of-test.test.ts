// The end-of-test report: one row per target (probes, ok %, percentiles, failure reasons) from the submetrics k6
// keeps for the bundle's always-holding thresholds, read through a model of k6's summary data.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Config, Target } from "../../src/config/types.ts";
import { buildOptions, runThresholds } from "../../src/options/build-options.ts";
import { scenarioTags } from "../../src/options/scenario-tags.ts";
import { planTargets, type TargetPlan } from "../../src/options/target-plan.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { endOfTestSummary } from "../../src/summary/end-of-test.ts";
import { formatMs } from "../../src/summary/format-report.ts";
import { withSummaryThresholds } from "../../src/summary/summary-thresholds.ts";
import { httpServer, transport } from "../fakes/k6-http.ts";
import { legacySummaryData } from "../fakes/k6-summary.ts";
import { tcpPeers } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { resetFakes } from "../helpers.ts";

const TARGETS: Target[] = [
  { name: "web", protocol: "http", url: "http://podinfo:9898/status/200" },
  { name: "port", protocol: "tcp", host: "podinfo", port: 9898, payload: "GET / HTTP/1.0\r\n\r\n", expectPrefix: "HTTP/1.1 200" },
  { name: "denied", protocol: "http", url: "http://denied-peer:9898/status/200", expect: "blocked", sibling: "web" },
  { name: "idle", protocol: "tcp", host: "podinfo", port: 9999 },
];

function setup(env: Record<string, string> = {}): { config: Config; plans: TargetPlan[] } {
  const config = loadConfig({ TARGETS: JSON.stringify(TARGETS), ...env }, () => "nameserver 10.96.0.10\n");
  return { config, plans: planTargets(config) };
}

/** Runs `times` probes of one target as k6 would: in its scenario, tagged with protocol and target. */
async function run(plan: TargetPlan, times: number): Promise<void> {
  k6State.scenario = { name: plan.target.name, tags: scenarioTags(plan.target) };
  const probe = createProbe(plan);
  for (let i = 0; i < times; i++) await probe();
}

/** The report's table rows, split into cells on runs of two or more spaces. */
function rows(stdout: string): Map<string, string[]> {
  const lines = stdout.split("\n").filter((line) => /^ {2}\S/.test(line) && !/^ {2}[✓✗-] /.test(line));
  return new Map(lines.slice(1).map((line) => {
    const cells = line.trim().split(/ {2,}/);
    return [cells[0]!, cells];
  }));
}

describe("end-of-test report", () => {
  beforeEach(resetFakes);

  async function scenario(env: Record<string, string> = {}, thresholdsEnabled = true): Promise<string> {
    const { config, plans } = setup(env);
    const [web, port, denied] = plans as [TargetPlan, TargetPlan, TargetPlan, TargetPlan];
    let call = 0;
    // web: 3 answers in 2 ms, 1 refused; denied: every attempt refused, as a policy should.
    httpServer.behaviour = (_method, url) => (url.includes("denied-peer") || ++call === 4 ? transport.refused() : { kind: "answer", status: 200, durationMs: 2 });
    await run(web, 4);
    tcpPeers.peer = () => ({ kind: "reply", chunks: ["HTTP/1.1 500 Oops\r\n"] });
    await run(port, 2);
    await run(denied, 3);
    const options = buildOptions(config, plans);
    const data = legacySummaryData(k6State.samples, options, { thresholdsEnabled, durationMs: 12_500 });
    const summary = endOfTestSummary(data, plans, runThresholds(config, plans));
    assert.ok(summary !== undefined);
    return summary.stdout;
  }

  it("shows one row per target with probes, ok %, percentiles and failure reasons", async () => {
    const stdout = await scenario();
    const table = rows(stdout);
    assert.deepEqual(table.get("web"), ["web", "http", "service", "4", "75.00", "2.00ms", "2.00ms", "2.00ms", "connect 1"]);
    assert.deepEqual([...(table.get("port")?.slice(3, 5) ?? []), table.get("port")?.at(-1)], ["2", "0.00", "body 2"]);
    assert.deepEqual(table.get("denied (expect blocked)")?.slice(3), ["3", "100.00", "-", "-", "-", "-"], "a blocked attempt is ok and has no latency");
    assert.deepEqual(table.get("idle")?.slice(3), ["0", "-", "-", "-", "-", "no probe ran"]);
    assert.match(stdout, /4 targets, 12\.5 s, 0 dropped iterations/);
  });

  it("lists the run's own thresholds with k6's verdict, and none of the report's helpers", async () => {
    const stdout = await scenario();
    assert.match(stdout, /✗ cl_request_failed\{protocol:http\}: rate<0\.01/);
    assert.match(stdout, /✓ dropped_iterations: count<1/);
    assert.doesNotMatch(stdout, /count>=0|max>=0|target:/);
  });

  it("still shows every row when k6 runs with --no-thresholds, and says the thresholds were not evaluated", async () => {
    const stdout = await scenario({}, false);
    assert.equal(rows(stdout).get("web")?.[3], "4");
    assert.equal(rows(stdout).get("idle")?.at(-1), "no probe ran");
    assert.match(stdout, /Thresholds: not evaluated \(--no-thresholds\)/);
  });

  it("lets k6 print its own summary when the data is not the shape it reads (--new-machine-readable-summary)", () => {
    const { config, plans } = setup();
    assert.equal(endOfTestSummary({ version: "1", results: { metrics: [] } }, plans, runThresholds(config, plans)), undefined);
  });

  it("never rounds a failure away: 9999 of 10000 ok reads 99.99", () => {
    const { config, plans } = setup();
    const [web] = plans as [TargetPlan];
    const data = {
      metrics: {
        "cl_requests{target:web}": { type: "counter" as const, values: { count: 10_000, rate: 1 } },
        "cl_requests{target:web,result:ok}": { type: "counter" as const, values: { count: 9_999, rate: 1 } },
        "cl_requests{target:web,reason:timeout}": { type: "counter" as const, values: { count: 1, rate: 0 } },
      },
    };
    const stdout = endOfTestSummary(data, [web], runThresholds(config, plans))!.stdout;
    assert.deepEqual(rows(stdout).get("web")?.slice(3, 5), ["10000", "99.99"]);
    assert.equal(rows(stdout).get("web")?.at(-1), "timeout 1");
  });
});

describe("summary thresholds", () => {
  it("keep the run's thresholds as they are and add only expressions that hold on any data, even none", () => {
    const { config, plans } = setup();
    const own = runThresholds(config, plans);
    const merged = withSummaryThresholds(own, plans);
    for (const [key, expressions] of Object.entries(own)) assert.deepEqual(merged[key], expressions);
    const empty = legacySummaryData([], { thresholds: merged, summaryTrendStats: buildOptions(config, plans).summaryTrendStats! }, { thresholdsEnabled: true, durationMs: 1000 });
    const helpers = Object.entries(empty.metrics).filter(([key]) => !(key in own));
    assert.equal(helpers.length, plans.length * 12, "probes, ok, duration and nine reasons per target");
    for (const [key, metric] of helpers) assert.ok(Object.values(metric.thresholds ?? {}).every((t) => t.ok), `${key} fails on an empty run`);
  });

  it("reads durations in the unit a person expects", () => {
    assert.deepEqual([0.42, 2, 12.34, 1500, undefined].map(formatMs), ["420µs", "2.00ms", "12.3ms", "1.50s", "-"]);
  });
});
