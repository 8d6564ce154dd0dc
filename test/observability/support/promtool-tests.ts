// Builders for `promtool test rules` files: counter series from per-minute phases, and expected alerts whose
// annotations are rendered the way Prometheus renders them (promtool compares annotations exactly).
import type { Rule } from "../../../src/observability/rules.ts";
import { promtoolValues, type FlushValue } from "./k6-sparse.ts";

export interface Phase {
  /** Number of steps (samples at the test group's interval) the phase lasts. */
  steps: number;
  /** Counter increase per step while the phase lasts. */
  perStep: number;
}

/**
 * promtool's notation for a counter written the way k6 writes it, one push per step: a step without increments
 * sends nothing (a gap), and the first sample is the running total, not 0 (support/k6-sparse.ts). Series that get
 * increments at every step come out dense, as k6 sends them.
 */
export function counter(phases: Phase[]): string {
  const values: FlushValue[] = [];
  let total = 0;
  for (const phase of phases) {
    for (let i = 0; i < phase.steps; i++) {
      total += phase.perStep;
      values.push(phase.perStep > 0 ? total : undefined);
    }
  }
  return promtoolValues(values);
}

/** Go's strconv %.4g as Prometheus' humanize uses it (4 significant digits, no trailing zeros, no exponent here). */
function g4(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** Prometheus' `humanize` template function (template.go): SI prefixes, %.4g. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  if (Math.abs(v) >= 1) {
    const prefixes = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"];
    let i = 0;
    while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
      v /= 1000;
      i++;
    }
    return `${g4(v)}${prefixes[i]}`;
  }
  const prefixes = ["", "m", "u", "n", "p", "f", "a", "z", "y"];
  let i = 0;
  while (Math.abs(v) < 1 && i < prefixes.length - 1) {
    v *= 1000;
    i++;
  }
  return `${g4(v)}${prefixes[i]}`;
}

/** Prometheus' `humanizePercentage`: plain %.4g of v*100 with a % sign (no SI prefixes, unlike humanize). */
export function humanizePercentage(v: number): string {
  return `${g4(v * 100)}%`;
}

/** Renders the templates this project's annotations use: $labels.x, $value | humanize[Percentage]. */
export function renderAnnotations(rule: Rule, labels: Record<string, string>, value: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(rule.annotations ?? {})) {
    out[key] = template
      .replace(/\{\{ \$labels\.([a-zA-Z_]+) \}\}/g, (_, name: string) => labels[name] ?? "")
      .replace(/\{\{ \$value \| humanizePercentage \}\}/g, () => humanizePercentage(value))
      .replace(/\{\{ \$value \| humanize \}\}/g, () => humanize(value));
    if (out[key]!.includes("{{")) throw new Error(`annotation template not handled by the test renderer: ${template}`);
  }
  return out;
}

export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/** The alert's own labels plus the series labels, and its annotations rendered for that series and value. */
export function expectAlert(rule: Rule, seriesLabels: Record<string, string>, value: number): ExpectedAlert {
  const labels = { ...seriesLabels, ...rule.labels };
  return { exp_labels: labels, exp_annotations: renderAnnotations(rule, labels, value) };
}
