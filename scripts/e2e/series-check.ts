// Compares the series Prometheus holds for one project metric with the contract of docs/metrics.md: the series
// exists, every configured target arrived, every documented label is there when it must be and absent when it
// must not be, values are the documented ones, and no undocumented label appears. Pure.
import type { LabelRule, SeriesContract } from "./metric-contract.ts";

export type LabelSet = Record<string, string>;

export interface SeriesContext {
  /** the targets of the run */
  targets: readonly string[];
  /** the negative probes (expect: "blocked") among them */
  negativeTargets: ReadonlySet<string>;
  /** for labels the docs describe in prose ("the target's name", "the runner pod's name"): the values expected */
  expectedValues: Readonly<Record<string, readonly string[]>>;
}

export interface SeriesReport {
  series: string;
  labelSets: number;
  problems: string[];
}

function required(rule: LabelRule, labels: LabelSet, negative: boolean): boolean {
  switch (rule.when.kind) {
    case "always":
      return true;
    case "result":
      return labels.result === rule.when.result && !(rule.when.ordinaryOnly && negative);
    case "negative-probe":
      return negative;
  }
}

function show(labels: LabelSet): string {
  return `{${Object.entries(labels)
    .filter(([k]) => k !== "__name__")
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;
}

export function checkSeries(contract: SeriesContract, labelSets: readonly LabelSet[], context: SeriesContext): SeriesReport {
  const problems: string[] = [];
  const documented = new Map(contract.labels.map((rule) => [rule.name, rule]));
  if (labelSets.length === 0) return { series: contract.series, labelSets: 0, problems: [`${contract.series}: no series arrived`] };

  // Blocked negative probes record no duration sample (docs/metrics.md), so they may be absent from a Trend.
  const isTrend = contract.type.startsWith("Trend");
  const seen = new Set(labelSets.map((labels) => labels.target));
  for (const target of context.targets) {
    if (!seen.has(target) && !(isTrend && context.negativeTargets.has(target))) problems.push(`${contract.series}: no series for target ${target}`);
  }

  for (const labels of labelSets) {
    const negative = labels.target !== undefined && context.negativeTargets.has(labels.target);
    const where = `${contract.series}${show(labels)}`;
    for (const rule of contract.labels) {
      const present = labels[rule.name] !== undefined;
      const must = required(rule, labels, negative);
      if (must && !present) problems.push(`${where}: missing label ${rule.name}`);
      if (!must && present) problems.push(`${where}: label ${rule.name} must be absent here`);
      const value = labels[rule.name];
      if (value === undefined) continue;
      const allowed = rule.values ?? context.expectedValues[rule.name];
      if (allowed !== undefined && !allowed.includes(value)) problems.push(`${where}: ${rule.name}="${value}" is not one of ${allowed.join(", ")}`);
    }
    for (const name of Object.keys(labels)) {
      if (name !== "__name__" && !documented.has(name)) problems.push(`${where}: undocumented label ${name}`);
    }
  }
  return { series: contract.series, labelSets: labelSets.length, problems: [...new Set(problems)] };
}
