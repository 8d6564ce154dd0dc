// Review finding 7: a rejected remote write must page even though the data that would show it never arrives. The
// prometheus-operator component's hand-written PrometheusRule (prometheusrule-runner-health.yaml) is checked with the
// real promtool: `check rules` on its spec, and `test rules` on series that kube-state-metrics and cAdvisor would
// give: a Ready runner without k6 series pages, one whose series arrive does not, nor does one that is not Ready.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { promtool } from "../observability/support/prometheus.ts";
import { COMPONENTS_DIR } from "./render.ts";

interface RuleFile {
  spec: { groups: { name: string; rules: { alert?: string; annotations?: Record<string, string>; labels?: Record<string, string> }[] }[] };
}

const source = parse(readFileSync(join(COMPONENTS_DIR, "prometheus-operator", "prometheusrule-runner-health.yaml"), "utf8")) as RuleFile;
const dir = mkdtempSync(join(tmpdir(), "cl-runner-rules-"));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "rules.yaml"), stringify({ groups: source.spec.groups }));

function rule(name: string) {
  const found = source.spec.groups.flatMap((g) => g.rules).find((r) => r.alert === name);
  assert.ok(found, `no alert ${name}`);
  return found;
}

/** The alert's annotations as Prometheus renders them for these labels (only $labels and a fixed $value text). */
function rendered(name: string, labels: Record<string, string>, value = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(rule(name).annotations ?? {})) {
    out[key] = text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l: string) => labels[l] ?? "").replace(/\{\{ \$value \| humanizePercentage \}\}/g, value);
  }
  return out;
}

const NS = "continuous-load";
const ready = (pod: string, values: string) => ({ series: `kube_pod_status_ready{namespace="${NS}", pod="${pod}", condition="true"}`, values });
const k6 = (pod: string, values: string) => ({ series: `k6_cl_requests_total{namespace="${NS}", pod="${pod}", target="t", protocol="http", result="ok"}`, values });

describe("runner health rules (prometheus-operator component)", () => {
  it("pass promtool check rules", () => {
    const result = promtool(["check", "rules", join(dir, "rules.yaml")]);
    assert.equal(result.status, 0, result.output);
  });

  it("page for a Ready runner without data, and only for it; ticket on CPU throttling", () => {
    const alertLabels = (pod: string) => ({ namespace: NS, pod, severity: "critical", slo: "generator" });
    const tests = {
      rule_files: ["rules.yaml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [
            // k6-runner-0: Ready, its writes rejected: no k6 series at all.
            ready("k6-runner-0", "1x40"),
            // k6-runner-1: Ready and reporting.
            ready("k6-runner-1", "1x40"),
            k6("k6-runner-1", "0+60x40"),
            // k6-runner-2: not Ready (crash-looping): other alerts cover it, not this one.
            ready("k6-runner-2", "0x40"),
            // Throttled in 10 of 60 periods per minute, for 40 minutes.
            { series: `container_cpu_cfs_throttled_periods_total{namespace="${NS}", pod="k6-runner-1", container="k6"}`, values: "0+10x40" },
            { series: `container_cpu_cfs_periods_total{namespace="${NS}", pod="k6-runner-1", container="k6"}`, values: "0+60x40" },
            { series: `container_cpu_cfs_throttled_periods_total{namespace="${NS}", pod="k6-runner-0", container="k6"}`, values: "0+0x40" },
            { series: `container_cpu_cfs_periods_total{namespace="${NS}", pod="k6-runner-0", container="k6"}`, values: "0+60x40" },
          ],
          alert_rule_test: [
            // Not yet: the pod must be Ready without data for the 10m `for`.
            { eval_time: "9m", alertname: "ClRunnerReadyWithoutData", exp_alerts: [] },
            { eval_time: "11m", alertname: "ClRunnerReadyWithoutData", exp_alerts: [{ exp_labels: alertLabels("k6-runner-0"), exp_annotations: rendered("ClRunnerReadyWithoutData", alertLabels("k6-runner-0")) }] },
            { eval_time: "25m", alertname: "ClRunnerCpuThrottled", exp_alerts: [] },
            {
              eval_time: "40m",
              alertname: "ClRunnerCpuThrottled",
              exp_alerts: [{ exp_labels: { namespace: NS, pod: "k6-runner-1", severity: "warning", slo: "generator" }, exp_annotations: rendered("ClRunnerCpuThrottled", { pod: "k6-runner-1" }, "16.67%") }],
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, "tests.yaml"), stringify(tests));
    const result = promtool(["test", "rules", "tests.yaml"], dir);
    assert.equal(result.status, 0, result.output);
  });
});
