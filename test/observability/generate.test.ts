// The observability generator: configuration validation, per-target overrides, and the freshness check CI relies on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { observability } from "../../src/observability/objectives.ts";
import { renderAll, staleFiles, writeFiles } from "../../src/observability/render.ts";
import { resolveProfiles, sliWindows } from "../../src/observability/resolve.ts";
import { buildPrometheusRule } from "../../src/observability/rules.ts";
import type { ObservabilityConfig } from "../../src/observability/types.ts";

const repoRoot = join(import.meta.dirname, "..", "..");

function withDefaults(patch: (c: ObservabilityConfig) => void): ObservabilityConfig {
  const copy = structuredClone(observability);
  patch(copy);
  return copy;
}

describe("objectives", () => {
  it("rejects an objective outside (0, 1), naming the path and value", () => {
    const bad = withDefaults((c) => (c.defaults.availability.objective = 99.9));
    assert.throws(() => resolveProfiles(bad), /defaults\.availability\.objective: 99\.9/);
  });

  it("rejects a burn rate that could never fire for its objective", () => {
    const bad = withDefaults((c) => (c.targets = { lax: { latency: { objective: 0.9 } } }));
    assert.throws(() => resolveProfiles(bad), /targets\.lax\.latency\.burnRateWindows\[0\]\.burnRate: 14\.4.*could never fire/);
  });

  it("rejects a short window that is not shorter than the long one, and a malformed duration", () => {
    const swapped = withDefaults((c) => (c.defaults.latency.burnRateWindows = [{ long: "5m", short: "1h", burnRate: 14.4, severity: "critical" }]));
    assert.throws(() => resolveProfiles(swapped), /burnRateWindows\[0\]\.short: 1h\. Must be shorter than long/);
    const malformed = withDefaults((c) => (c.generator.rateFor = "10 minutes" as never));
    assert.throws(() => resolveProfiles(malformed), /generator\.rateFor: "10 minutes"/);
  });

  it("gives each overridden target its own rules and excludes it from the defaults", () => {
    const config = withDefaults((c) => (c.targets = { "critical-a": { availability: { objective: 0.9999 } }, "critical-b": { latency: { objective: 0.995 } } }));
    const profiles = resolveProfiles(config);
    assert.deepEqual(profiles.map((p) => [p.name, p.matcher]), [
      ["default", 'target!~"critical-a|critical-b"'],
      ["critical-a", 'target="critical-a"'],
      ["critical-b", 'target="critical-b"'],
    ]);
    const alerts = buildPrometheusRule(config, { allowRelativeRunbooks: true }).spec.groups.flatMap((g) => g.rules).filter((r) => r.alert === "ClAvailabilityBudgetBurn" && r.labels?.severity === "critical");
    assert.deepEqual(alerts.map((r) => r.labels?.objective), ["0.999", "0.9999", "0.999"]);
    assert.match(alerts[1]!.expr, /ratio_rate1h\{target="critical-a"\} > \(14\.4 \* \(1 - 0\.9999\)\)/);
    assert.match(alerts[1]!.expr, /ratio_rate6h\{target="critical-a"\} > \(6 \* \(1 - 0\.9999\)\)/, "both page pairs in one alert");
  });

  it("emits one page and one ticket per SLO and profile, with flap damping and the windows in an annotation", () => {
    const burn = buildPrometheusRule(observability, { allowRelativeRunbooks: true }).spec.groups.flatMap((g) => g.rules).filter((r) => r.alert?.endsWith("BudgetBurn"));
    assert.deepEqual(burn.map((r) => `${r.alert} ${r.labels?.severity} ${r.keep_firing_for}`), [
      "ClAvailabilityBudgetBurn critical 5m",
      "ClAvailabilityBudgetBurn warning 15m",
      "ClLatencyBudgetBurn critical 5m",
      "ClLatencyBudgetBurn warning 15m",
    ]);
    assert.equal(burn[0]!.annotations?.windows, "1h and 5m over 14.4x, or 6h and 30m over 6x");
  });

  it("refuses a relative runbook base unless told, naming the field and value", () => {
    assert.throws(() => buildPrometheusRule(observability), /runbookBaseUrl: "docs\/observability\.md"\. Must be an absolute http\(s\) URL/);
    const absolute = withDefaults((c) => (c.runbookBaseUrl = "https://docs.example.com/observability.md"));
    const alerts = buildPrometheusRule(absolute).spec.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    assert.ok(alerts.every((r) => r.annotations?.runbook_url?.startsWith("https://docs.example.com/observability.md#")));
  });

  it("rejects a traffic alert that would ticket while its window fills, and a series gap no longer than the rule interval", () => {
    const early = withDefaults((c) => (c.generator.rateFor = "5m"));
    assert.throws(() => resolveProfiles(early), /generator\.rateFor: 5m\. Must be at least generator\.rateWindow \(15m\)/);
    const gap = withDefaults((c) => (c.seriesGap = "1m"));
    assert.throws(() => resolveProfiles(gap), /seriesGap: 1m\. Must be longer than ruleInterval/);
  });

  it("records exactly the windows the alerts use", () => {
    assert.deepEqual(sliWindows(resolveProfiles(observability)), ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
});

describe("generate-observability", () => {
  it("finds stale and missing files and rewrites them", () => {
    const root = mkdtempSync(join(tmpdir(), "cl-generate-"));
    try {
      const files = renderAll(observability, { allowRelativeRunbooks: true });
      assert.deepEqual(staleFiles(root, files), [...files.keys()], "everything is missing at first");
      writeFiles(root, files);
      assert.deepEqual(staleFiles(root, files), []);
      const [first] = files.keys();
      writeFileSync(join(root, first!), "hand-edited\n");
      assert.deepEqual(staleFiles(root, files), [first]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("--check passes on the committed files and a bad argument exits 2", () => {
    const script = join(repoRoot, "scripts", "generate-observability.ts");
    const check = spawnSync(process.execPath, ["--import", "tsx", script, "--check", "--allow-relative-runbooks"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    const relative = spawnSync(process.execPath, ["--import", "tsx", script, "--check"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    assert.equal(relative.status, 2, "the shipped relative runbook base needs --allow-relative-runbooks");
    assert.match(relative.stderr, /runbookBaseUrl/);
    const bad = spawnSync(process.execPath, ["--import", "tsx", script, "--chek"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
    assert.equal(bad.status, 2, `${bad.stdout}${bad.stderr}`);
  });
});
