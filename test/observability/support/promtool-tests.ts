// Builders for `promtool test rules` files: counter series from per-minute phases, and expected alerts whose
// annotations are rendered the way Prometheus renders them (promtool compares annotations exactly).
import type { Rule } from "../../../src/observability/rules.ts";

export interface Phase {
  /** Number of steps (samples at the test group's interval) the phase lasts. */
  steps: number;
  /** Counter increase per step while the phase lasts. */
  perStep: number;
}

/**
 * promtool's expanding notation for a counter that starts at 0 and grows by each phase's perStep, one value per
 * step: `0+600x59 36000+0x10` and so on (segment `a+bxn` yields n+1 values).
 */
export function counter(phases: Phase[]): string {
  const segments: string[] = [];
  let value = 0;
  let first = true;
  for (const phase of phases) {
    // The first segment includes the initial 0; later ones start one step after the previous end.
    const start = first ? value : value + phase.perStep;
    const steps = first ? phase.steps : phase.steps - 1;
    if (steps >= 0) segments.push(`${fmt(start)}+${fmt(phase.perStep)}x${steps}`);
    value = start + phase.perStep * steps;
    first = false;
  }
  return segments.join(" ");
}

function fmt(n: number): string {
  return String(Number(n.toPrecision(12)));
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
