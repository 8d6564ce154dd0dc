// Threshold checks k6 itself would otherwise fail on at start (exit 104) or, worse, abort a running test on:
// unknown metrics, metrics this script never emits, aggregations the metric type lacks, malformed expressions.
import type { ConfigIssue } from "./config-error.ts";
import type { Protocol, Thresholds } from "./types.ts";
import { EMITTED_METRICS } from "../metrics/emitted-metrics.ts";
import { AGGREGATIONS, METRIC } from "../metrics/names.ts";

const KEY = /^([A-Za-z_][A-Za-z0-9_]*)(?:\{([^{}]*)\})?$/;
const SELECTOR = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*:\s*\S(?:.*\S)?\s*$/;
const EXPRESSION = /^\s*([a-z]+)(?:\(\s*([0-9]+(?:\.[0-9]+)?)\s*\))?\s*(>=|<=|===|==|!=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*$/;

/** Problems with one threshold expression for a metric of the given type, or undefined when k6 accepts it. */
export function expressionProblem(expression: string, aggregations: readonly string[]): string | undefined {
  const match = EXPRESSION.exec(expression);
  if (match === null) return "must read `aggregation operator number`, e.g. rate<0.01 or p(95)<500";
  const [, method, percentile] = match as unknown as [string, string, string | undefined];
  const name = method === "p" ? "p(N)" : method;
  if ((method === "p") !== (percentile !== undefined)) return "must read `aggregation operator number`, e.g. p(95)<500";
  if (!aggregations.includes(name)) return `uses "${name}", but this metric only supports ${aggregations.join(", ")}`;
  if (percentile !== undefined && Number(percentile) > 100) return "has a percentile above 100";
  return undefined;
}

/** Metrics the engine does not emit in continuous mode: only thresholds and the summary read them. */
export const SKIPPED_WHEN_CONTINUOUS: readonly string[] = [METRIC.failed, "checks"];

/**
 * Issues for a thresholds object, given the protocols that have targets and whether the run is continuous.
 * `label` spells the location (`THRESHOLDS`, `CONFIG.thresholds`).
 */
export function thresholdIssues(thresholds: Thresholds, protocols: ReadonlySet<Protocol>, label: string, continuous = false): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [key, expressions] of Object.entries(thresholds)) {
    const where = `${label}[${JSON.stringify(key)}]`;
    const match = KEY.exec(key);
    if (match === null) {
      issues.push({ where, message: "must be a metric name with optional {tag:value,...} selector", got: key });
      continue;
    }
    const [, metricName, selectors] = match as unknown as [string, string, string | undefined];
    if (selectors !== undefined && !selectors.split(",").every((s) => SELECTOR.test(s))) {
      issues.push({ where, message: "has a malformed tag selector: write {tag:value,other:value}", got: key });
      continue;
    }
    if (metricName.startsWith("dns_")) {
      issues.push({
        where,
        message: "k6/x/dns metrics live in a per-VU registry and a threshold on them aborts k6: use cl_request_duration{protocol:dns} or cl_request_failed{protocol:dns}",
        got: key,
      });
      continue;
    }
    if (continuous && SKIPPED_WHEN_CONTINUOUS.includes(metricName)) {
      issues.push({
        where,
        message: `names ${metricName}, which MODE=continuous does not emit: judge availability with cl_requests in Prometheus, or run in finite mode`,
        got: key,
      });
      continue;
    }
    const known = EMITTED_METRICS[metricName];
    if (known === undefined) {
      issues.push({ where, message: `names a metric this script never emits (known: ${Object.keys(EMITTED_METRICS).join(", ")})`, got: key });
      continue;
    }
    if (known.protocol !== undefined && !protocols.has(known.protocol)) {
      issues.push({ where, message: `names a ${known.protocol} metric, but no ${known.protocol} target is configured`, got: key });
      continue;
    }
    expressions.forEach((entry, i) => {
      const expression = typeof entry === "string" ? entry : entry.threshold;
      const problem = expressionProblem(expression, AGGREGATIONS[known.type]);
      if (problem !== undefined) issues.push({ where: `${where}[${i}]`, message: problem, got: expression });
    });
  }
  return issues;
}
