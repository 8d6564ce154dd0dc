// The metric contract end to end: the engine's own probe and recorder code runs on the fake k6 modules, its
// samples become the series k6's remote write would send (sparse pushes, running totals, k6_ names), and the
// generated rules, evaluated by the real promtool, read them: the SLI recordings, the traffic check and the burn
// alerts agree with what the probes actually did. A renamed metric, tag or label value on either side fails here.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it, mock } from "node:test";
import { stringify } from "yaml";
import type { HttpTarget } from "../../src/config/types.ts";
import { METRIC } from "../../src/metrics/names.ts";
import { SERIES, remoteWriteName } from "../../src/observability/contract.ts";
import { observability } from "../../src/observability/objectives.ts";
import { buildPrometheusRule } from "../../src/observability/rules.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { httpServer } from "../fakes/k6-http.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";
import { FLUSH_SECONDS, K6RemoteWrite, promtoolSeries } from "./support/k6-sparse.ts";
import { pushSamples } from "./support/k6-samples.ts";
import { promtool } from "./support/prometheus.ts";

const work = mkdtempSync(join(tmpdir(), "cl-contract-"));
after(() => rmSync(work, { recursive: true, force: true }));

const TARGET: HttpTarget = { name: "web", protocol: "http", url: "http://podinfo:9898/api/info", bodyContains: '"hostname"', rate: 10, timeout: "1s" };
const RUNNERS = ["k6-runner-0", "k6-runner-1"];
const MINUTES = 20;
const FAIL_EVERY = 50; // every 50th answer is a 503: a 2% failure ratio, 20x the 99.9% budget

/**
 * Runs MINUTES of the target on two runner pods, each with its own probe (its own VU state), push by push. `env`:
 * MODE=continuous makes the recorder sum its counters in the VU and add them once a second.
 */
function runEngine(env: Record<string, string>): K6RemoteWrite {
  resetFakes();
  const flushes = (MINUTES * 60) / FLUSH_SECONDS;
  const out = new K6RemoteWrite(flushes);
  let now = 0;
  // The recorder paces its k6_cl_target_rps gauge with Date.now: give it the simulated clock.
  const clock = mock.method(Date, "now", () => now);
  try {
    const plan = planFor(TARGET, env);
    let answers = 0;
    httpServer.behaviour = () => {
      answers++;
      if (answers % FAIL_EVERY === 0) return { kind: "answer", status: 503, body: "down", durationMs: 0 };
      return { kind: "answer", status: 200, body: `{"hostname":"podinfo-${answers % 3}"}`, durationMs: 0 };
    };
    const probes = RUNNERS.map(() => createProbe(plan));
    const perFlush = (TARGET.rate! * FLUSH_SECONDS) / RUNNERS.length;
    for (let flush = 0; flush < flushes; flush++) {
      RUNNERS.forEach((pod, r) => {
        for (let i = 0; i < perFlush; i++) {
          now = (flush * FLUSH_SECONDS + (i * FLUSH_SECONDS) / perFlush) * 1000;
          void probes[r]!();
        }
        pushSamples(k6State.samples, { pod, node: `node-${r}`, zone: `zone-${r}` }, flush, out);
        k6State.samples = [];
      });
    }
  } finally {
    clock.mock.restore();
  }
  return out;
}

describe("metric contract: names", () => {
  it("follows k6 v2.2's remote-write naming (measured: ../shared/reference/k6-prometheus-series.md)", () => {
    assert.equal(remoteWriteName(METRIC.requests, "counter"), "k6_cl_requests_total");
    assert.equal(remoteWriteName(METRIC.probes, "counter"), "k6_cl_probes_total");
    assert.equal(remoteWriteName(METRIC.duration, "time-trend"), "k6_cl_request_duration_seconds");
    assert.equal(remoteWriteName(METRIC.failed, "rate"), "k6_cl_request_failed_rate");
    assert.equal(remoteWriteName(METRIC.targetRate, "gauge"), "k6_cl_target_rps");
    assert.equal(SERIES.probes, remoteWriteName(METRIC.probes, "counter"), "the rules read the engine's names");
  });
});

describe("metric contract: engine samples -> k6 remote write -> generated rules", () => {
  for (const [mode, env] of [
    ["a finite run (a sample per probe)", {}],
    ["the 24/7 runner (MODE=continuous: counts summed in the VU, added once a second)", { MODE: "continuous" }],
  ] as const) {
    it(`${mode}: the rules measure the engine's 2% failures, count its probes and raise exactly the SLO alerts that burn`, () => {
      const groups = buildPrometheusRule(observability, { allowRelativeRunbooks: true }).spec.groups;
      const ruleFile = join(work, "rules.yml");
      writeFileSync(ruleFile, stringify({ groups }, { lineWidth: 0 }));
      const series = runEngine(env).series();
      const names = new Set(series.map((s) => s.labels.__name__));
      for (const name of ["k6_cl_requests_total", "k6_cl_probes_total", "k6_cl_target_rps"]) assert.ok(names.has(name), `the engine writes ${name}`);
      const labels = '{protocol="http", target="web"}';
      const test = {
        rule_files: [ruleFile],
        evaluation_interval: "1m",
        group_eval_order: groups.map((g) => g.name),
        tests: [
          {
            interval: `${FLUSH_SECONDS}s`,
            input_series: promtoolSeries(series),
            promql_expr_test: [
              // 10 probes/s, counted exactly per minute from both runners' per-probe series.
              { expr: "target:cl_probes:increase1m", eval_time: "15m", exp_samples: [{ labels: `target:cl_probes:increase1m${labels}`, value: 600 }] },
              { expr: "target:cl_probes_ok:increase1m", eval_time: "15m", exp_samples: [{ labels: `target:cl_probes_ok:increase1m${labels}`, value: 588 }] },
              // Both SLIs read 2% (in per mille, to compare without float noise): failures are not fast successes.
              { expr: "round(1000 * target:cl_availability_errors:ratio_rate5m)", eval_time: "15m", exp_samples: [{ labels, value: 20 }] },
              { expr: "round(1000 * target:cl_latency_errors:ratio_rate5m)", eval_time: "15m", exp_samples: [{ labels, value: 20 }] },
              {
                expr: `count by (alertname, severity) (ALERTS{alertstate="firing"})`,
                eval_time: "19m",
                exp_samples: [
                  { labels: `{alertname="ClAvailabilityBudgetBurn", severity="critical"}`, value: 1 },
                  { labels: `{alertname="ClAvailabilityBudgetBurn", severity="warning"}`, value: 1 },
                  { labels: `{alertname="ClLatencyBudgetBurn", severity="warning"}`, value: 1 },
                ],
              },
            ],
          },
        ],
      };
      const testFile = join(work, `contract-${env.MODE ?? "finite"}.yml`);
      writeFileSync(testFile, stringify(test, { lineWidth: 0 }));
      const result = promtool(["test", "rules", testFile]);
      assert.equal(result.status, 0, result.output);
    });
  }
});
