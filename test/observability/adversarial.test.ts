// The review's adversarial cases (reviews/2026-12-02-observability.md, table "adversarial promtool cases") on data
// encoded the way k6 writes it (sparse series, running totals, 5 s pushes: support/k6-sparse.ts), run with the
// real promtool against the generated rules. Every case but the short burst failed on the rules before issue 10
// (the burst case guards against making the rules over-sensitive while fixing that).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { stringify } from "yaml";
import { observability } from "../../src/observability/objectives.ts";
import { buildPrometheusRule } from "../../src/observability/rules.ts";
import { allRunnersDieCase, lowRateCase, runnerDiesCase, shortBurstCase, steadyBurnCase, stoppedTargetCase, type PromtoolGroup } from "./support/adversarial-cases.ts";
import { promtool } from "./support/prometheus.ts";

const work = mkdtempSync(join(tmpdir(), "cl-adversarial-"));
after(() => rmSync(work, { recursive: true, force: true }));

const groups = buildPrometheusRule(observability, { allowRelativeRunbooks: true }).spec.groups;
const ruleFile = join(work, "rules.yml");
writeFileSync(ruleFile, stringify({ groups }, { lineWidth: 0 }));

function run(group: PromtoolGroup, name: string): { status: number | null; output: string } {
  const testFile = join(work, `${name}.yml`);
  // group_eval_order: recordings before the alerts that read them, as a real Prometheus converges to.
  writeFileSync(testFile, stringify({ rule_files: [ruleFile], evaluation_interval: "1m", group_eval_order: groups.map((g) => g.name), tests: [group] }, { lineWidth: 0 }));
  return promtool(["test", "rules", testFile]);
}

describe("adversarial cases on k6-faithful sparse data (promtool)", () => {
  it("1 of 20 runners dies: ClRunnerMissing names the pod, no burn alert", () => {
    const result = run(runnerDiesCase(), "runner-dies");
    assert.equal(result.status, 0, result.output);
  });

  it("all 24/7 runners die while the denied runner still writes: ClNoData fires", () => {
    const result = run(allRunnersDieCase(), "all-die");
    assert.equal(result.status, 0, result.output);
  });

  for (const runners of [20, 100]) {
    it(`steady 2% failures for 2h on ${runners} sparse runners: the fast page's pair holds and the 5m ratio matches the truth`, () => {
      const { group } = steadyBurnCase({ runners, rate: 10, failure: 0.02, minutes: 120 });
      const result = run(group, `steady-${runners}`);
      assert.equal(result.status, 0, result.output);
    });
  }

  it("a 2% burst for 10 minutes stays silent", () => {
    const result = run(shortBurstCase(), "burst");
    assert.equal(result.status, 0, result.output);
  });

  it("a healthy 1-per-minute target on 3 runners raises no generator alert", () => {
    const result = run(lowRateCase(), "low-rate");
    assert.equal(result.status, 0, result.output);
  });

  it("a stopped target keeps ClTargetStoppedReporting firing past the old 6h lookback", () => {
    const result = run(stoppedTargetCase(), "stopped");
    assert.equal(result.status, 0, result.output);
  });

  it("can fail: the 2% burn on 100 runners does not hold as a 0.2% one would", () => {
    const { group } = steadyBurnCase({ runners: 100, rate: 10, failure: 0.002, minutes: 70 });
    const result = run(group, "too-low");
    assert.notEqual(result.status, 0, "0.2% is under 14.4x the 0.1% budget: the pair must not hold");
  });
});
