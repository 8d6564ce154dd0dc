// k6 options from the plans: one constant-arrival-rate scenario per target, named after it, run by its
// protocol's exec function, tagged so every sample (k6's own too) can be selected by protocol and target.
import type { Options, Scenario } from "k6/options";
import type { Config, Thresholds } from "../config/types.ts";
import { withSummaryThresholds } from "../summary/summary-thresholds.ts";
import { defaultThresholds } from "./default-thresholds.ts";
import { SCENARIO_TARGET_ENV } from "./scenario-env.ts";
import { scenarioTags } from "./scenario-tags.ts";
import type { TargetPlan } from "./target-plan.ts";

/**
 * k6's default system tags minus `url`: on the pod path the URL holds a pod IP, which would make every k6 HTTP and
 * gRPC series churn with each rollout; `name` (the target) identifies the request instead.
 */
export const SYSTEM_TAGS = ["proto", "subproto", "status", "method", "name", "group", "check", "error", "error_code", "tls_version", "scenario", "service", "expected_response"];

/** Time for in-flight probes to end when a scenario stops: a probe ends within its timeout, plus slack. */
const GRACEFUL_STOP_SLACK_MS = 2000;

function scenarioFor(plan: TargetPlan, duration: string): Scenario {
  const { target } = plan;
  return {
    executor: "constant-arrival-rate",
    rate: plan.arrival.rate,
    timeUnit: plan.arrival.timeUnit,
    duration,
    preAllocatedVUs: plan.vus.preAllocatedVUs,
    maxVUs: plan.vus.maxVUs,
    exec: target.protocol,
    gracefulStop: `${plan.timeoutMs + GRACEFUL_STOP_SLACK_MS}ms`,
    tags: scenarioTags(target),
    env: { [SCENARIO_TARGET_ENV]: target.name },
  };
}

/** The thresholds that judge a finite run: the user's, else the defaults (the report lists these). */
export function runThresholds(config: Config, plans: readonly TargetPlan[]): Thresholds {
  return config.thresholds ?? defaultThresholds(plans, config.mode === "continuous");
}

export function buildOptions(config: Config, plans: readonly TargetPlan[]): Options {
  const scenarios: Record<string, Scenario> = {};
  for (const plan of plans) scenarios[plan.target.name] = scenarioFor(plan, config.duration);
  return {
    scenarios,
    thresholds: withSummaryThresholds(runThresholds(config, plans), plans),
    ...(config.tags !== undefined ? { tags: config.tags } : {}),
    // Probes check status codes; the few that check a body ask for it per request (responseType: "text").
    discardResponseBodies: true,
    systemTags: SYSTEM_TAGS,
    // "count" tells the end-of-test report an empty trend (every statistic 0) from a fast one.
    summaryTrendStats: ["avg", "min", "med", "p(90)", "p(95)", "p(99)", "max", "count"],
  };
}
