// Per-target submetrics for the end-of-test table. k6 keeps a submetric only when a threshold names it, and it
// builds submetrics only while the summary or thresholds are on, so 24/7 runners (--summary-mode=disabled
// --no-thresholds) pay nothing for them. The expressions always hold: they can never fail a run.
import type { Thresholds } from "../config/types.ts";
import { METRIC, REASONS, type Reason } from "../metrics/names.ts";
import type { TargetPlan } from "../options/target-plan.ts";

export const ALWAYS_HOLDS = { counter: "count>=0", trend: "max>=0" } as const;

/** The submetric keys one target's row reads (target names are [a-z0-9_-], safe inside k6's selector). */
export interface TargetSubmetrics {
  probes: string;
  ok: string;
  duration: string;
  reasons: Readonly<Record<Reason, string>>;
}

export function targetSubmetrics(target: string): TargetSubmetrics {
  const reasons = Object.fromEntries(REASONS.map((reason) => [reason, `${METRIC.requests}{target:${target},reason:${reason}}`]));
  return {
    probes: `${METRIC.requests}{target:${target}}`,
    ok: `${METRIC.requests}{target:${target},result:ok}`,
    duration: `${METRIC.duration}{target:${target}}`,
    reasons: reasons as Record<Reason, string>,
  };
}

/** The run's thresholds plus the always-holding ones that make k6 keep each target's submetrics. */
export function withSummaryThresholds(thresholds: Thresholds, plans: readonly TargetPlan[]): Thresholds {
  const merged: Thresholds = {};
  for (const [key, expressions] of Object.entries(thresholds)) merged[key] = [...expressions];
  const add = (key: string, expression: string): void => {
    const expressions = (merged[key] ??= []);
    if (!expressions.includes(expression)) expressions.push(expression);
  };
  for (const plan of plans) {
    const keys = targetSubmetrics(plan.target.name);
    add(keys.probes, ALWAYS_HOLDS.counter);
    add(keys.ok, ALWAYS_HOLDS.counter);
    add(keys.duration, ALWAYS_HOLDS.trend);
    for (const reason of REASONS) add(keys.reasons[reason], ALWAYS_HOLDS.counter);
  }
  return merged;
}
