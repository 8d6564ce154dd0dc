// Turns what a check measured into one PASS/FAIL line with its figures. Pure: every input is data, so each
// verdict is unit-tested on fakes (test/e2e/verdicts.test.ts).
import { checkResult, type CheckResult } from "./check-line.ts";
import { describeEnd, exitAccepted, type ProcessEnd } from "./exit-codes.ts";
import { MISSING_REASON, okPercent, STEP_METRIC, type K6Results, type TargetStats } from "./k6-json.ts";
import { scriptErrors } from "./script-errors.ts";
import type { SeriesReport } from "./series-check.ts";

/** How k6 ended, its stderr and its samples. */
export interface K6Outcome extends ProcessEnd {
  stderr: string;
  results: K6Results;
}

function totalProbes(results: K6Results): number {
  return [...results.targets.values()].reduce((sum, t) => sum + t.probes, 0);
}

function commonProblems(outcome: K6Outcome, allowedExits: readonly number[]): string[] {
  const problems: string[] = [];
  if (!exitAccepted(outcome, allowedExits)) problems.push(`k6 ended with ${describeEnd(outcome)}, expected exit ${allowedExits.join(" or ")}`);
  for (const line of scriptErrors(outcome.stderr)) problems.push(`exception in k6's stderr: ${line}`);
  if (outcome.results.unreadableLines > 0) problems.push(`${outcome.results.unreadableLines} unreadable line(s) in k6's JSON output`);
  return problems;
}

function failureSummary(stats: TargetStats): string {
  return Object.entries(stats.failures)
    .map(([reason, n]) => `${reason}:${n}`)
    .join(" ");
}

/** The bundle on defaults: exit 0, every expected target probed about as often as configured, each >= minOk %. */
export function defaultsVerdict(outcome: K6Outcome, expectedTargets: readonly string[], minOkPercent: number, minProbes: number): CheckResult {
  const problems = commonProblems(outcome, [0]);
  let worst: TargetStats | undefined;
  for (const name of expectedTargets) {
    const stats = outcome.results.targets.get(name);
    if (stats === undefined) {
      problems.push(`target ${name}: no cl_requests samples`);
      continue;
    }
    if (worst === undefined || okPercent(stats) < okPercent(worst)) worst = stats;
    if (okPercent(stats) < minOkPercent) problems.push(`target ${name}: ${okPercent(stats).toFixed(1)}% ok (< ${minOkPercent}%): ${failureSummary(stats)}`);
    if (stats.probes < minProbes) problems.push(`target ${name}: ${stats.probes} probes (< ${minProbes})`);
  }
  for (const name of outcome.results.targets.keys()) {
    if (!expectedTargets.includes(name)) problems.push(`unexpected target ${name} in the output`);
  }
  const lowest = worst === undefined ? "n/a" : `${okPercent(worst).toFixed(1)}% (${worst.target})`;
  const figures = `${describeEnd(outcome)}, ${outcome.results.targets.size}/${expectedTargets.length} targets, ${totalProbes(outcome.results)} probes, lowest ok ${lowest}`;
  return checkResult(`defaults: every target >= ${minOkPercent}% ok, exit 0`, figures, problems);
}

/** A scenario target (src/scenarios/): judged like a default target, and its steps must have been timed. */
export function scenarioVerdict(outcome: K6Outcome, target: string, minOkPercent: number, minProbes: number): CheckResult {
  const asTarget = defaultsVerdict(outcome, [target], minOkPercent, minProbes);
  const problems = [...asTarget.problems];
  if (!outcome.results.metricsSeen.has(STEP_METRIC)) problems.push(`no ${STEP_METRIC} samples: the steps were not timed`);
  return checkResult(`scenario ${target}: >= ${minOkPercent}% ok, exit 0, steps timed`, asTarget.figures, problems);
}

/** A bad input: k6 stops with 107 naming the variable, and not one request reaches podinfo. */
export function badInputVerdict(outcome: K6Outcome, variable: string, podinfoBefore: number, podinfoAfter: number): CheckResult {
  // The engine rejects bad input by throwing in the init context: that exception is the expected outcome here.
  const problems = commonProblems(outcome, [107]).filter((p) => !p.startsWith("exception in"));
  if (!outcome.stderr.includes("Invalid configuration")) problems.push("stderr has no `Invalid configuration` message");
  if (!outcome.stderr.includes(variable)) problems.push(`stderr does not name ${variable}`);
  if (podinfoAfter !== podinfoBefore) problems.push(`podinfo's request counter moved: ${podinfoBefore} -> ${podinfoAfter}`);
  const probes = totalProbes(outcome.results);
  if (probes > 0) problems.push(`${probes} probe(s) recorded`);
  const figures = `${describeEnd(outcome)}, podinfo requests ${podinfoBefore} -> ${podinfoAfter}, ${probes} probes`;
  return checkResult(`bad input (${variable}): exit 107, podinfo untouched`, figures, problems);
}

/**
 * podinfo's fault injection (HTTP 500 on every application route): the HTTP targets fail with the reason the
 * docs give for a wrong status, every failure carries a documented reason, and k6 neither crashes nor throws
 * (exit 0, or 99 for crossed thresholds only).
 */
export function faultInjectionVerdict(outcome: K6Outcome, httpTargets: readonly string[], documentedReasons: readonly string[]): CheckResult {
  const problems = commonProblems(outcome, [0, 99]);
  let failures = 0;
  const parts: string[] = [];
  for (const stats of outcome.results.targets.values()) {
    for (const [reason, n] of Object.entries(stats.failures)) {
      failures += n;
      if (reason === MISSING_REASON) problems.push(`target ${stats.target}: ${n} failure(s) without a reason tag`);
      else if (!documentedReasons.includes(reason)) problems.push(`target ${stats.target}: undocumented reason ${reason}`);
    }
    if (stats.probes > stats.ok) parts.push(`${stats.target} ${failureSummary(stats)}`);
  }
  for (const name of httpTargets) {
    const stats = outcome.results.targets.get(name);
    if (stats === undefined) problems.push(`target ${name}: no cl_requests samples`);
    else if ((stats.failures.status ?? 0) !== stats.probes) problems.push(`target ${name}: ${stats.failures.status ?? 0} of ${stats.probes} probes failed with status (every one answered 500)`);
  }
  const figures = `${describeEnd(outcome)}, ${failures} of ${totalProbes(outcome.results)} probes failed${parts.length ? `: ${parts.join(", ")}` : ""}`;
  return checkResult("fault injection: failures classified, no crash", figures, problems);
}

/** The runner script: its 24/7 flags (no thresholds, no summary) end a finite run with 0 and no exception. */
export function runnerVerdict(outcome: K6Outcome, expectedTargets: readonly string[], banner: RegExp): CheckResult {
  const problems = commonProblems(outcome, [0]);
  if (!banner.test(outcome.stderr)) problems.push(`stderr lacks the runner's banner (${banner})`);
  for (const name of expectedTargets) if (!outcome.results.targets.has(name)) problems.push(`target ${name}: no cl_requests samples`);
  const figures = `${describeEnd(outcome)}, ${outcome.results.targets.size} targets, ${totalProbes(outcome.results)} probes`;
  return checkResult("24/7 runner (k8s/base/files/run-k6.sh): exit 0", figures, problems);
}

export function seriesVerdict(report: SeriesReport, targets: number): CheckResult {
  const shown = report.problems.slice(0, 8);
  if (report.problems.length > shown.length) shown.push(`... and ${report.problems.length - shown.length} more`);
  return checkResult(`remote write: ${report.series} with its documented labels`, `${report.labelSets} series for ${targets} targets`, shown);
}

/** A series the 24/7 runner must not write (nothing reads it there): none may arrive. */
export function absentSeriesVerdict(series: string, labelSets: number): CheckResult {
  const problems = labelSets === 0 ? [] : [`${labelSets} series arrived, though MODE=continuous writes none`];
  return checkResult(`remote write: no ${series} from the 24/7 runner (nothing reads it)`, `${labelSets} series`, problems);
}

export interface RuleOutcome {
  name: string;
  /** Prometheus' own health of the rule after evaluating it ("ok", "err", "unknown") */
  health: string;
  lastError: string;
  /** the instant query of its expr: samples returned, or the error */
  query: { samples: number } | { error: string };
}

/** `rules`: one per rule of the generated file; `loaded`: how many rules Prometheus itself reports. */
export function rulesVerdict(rules: readonly RuleOutcome[], loaded: number): CheckResult {
  const problems: string[] = [];
  if (loaded !== rules.length) problems.push(`Prometheus loaded ${loaded} rules, the file has ${rules.length}`);
  let withData = 0;
  for (const rule of rules) {
    if (rule.health !== "ok") problems.push(`${rule.name}: health ${rule.health}${rule.lastError ? `: ${rule.lastError}` : ""}`);
    if ("error" in rule.query) problems.push(`${rule.name}: query error: ${rule.query.error}`);
    else if (rule.query.samples > 0) withData++;
  }
  return checkResult("generated rules evaluate without error", `${rules.length} rules, ${withData} with samples now`, problems.slice(0, 10));
}
