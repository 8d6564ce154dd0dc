// The observability review's adversarial cases (reviews/2026-12-02-observability.md) as promtool test groups on
// k6-faithful sparse data. Each case only names recordings and alerts that both the old and the new rule sets
// define (ratio recordings, ALERTS by alertname/slo), so the same groups can be run against older rules to show
// they fail there. Pure builders: test/observability/adversarial.test.ts runs them.
import { FLUSH_SECONDS, failingAt, promtoolSeries, simulate, type SimRunner, type SimTarget } from "./k6-sparse.ts";

const PER_MINUTE = 60 / FLUSH_SECONDS;
const minutes = (m: number) => m * PER_MINUTE;

export interface PromtoolGroup {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  promql_expr_test: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

const healthy = (name: string, protocol: string, rate: number, pods?: string[]): SimTarget => ({ name, protocol, rate, outcome: failingAt(0, pods) });

function runners(count: number, targets: SimTarget[], extra: (i: number) => Partial<SimRunner> = () => ({})): SimRunner[] {
  return Array.from({ length: count }, (_, i) => ({ pod: `runner-${i}`, zone: `zone-${"abc"[i % 3]}`, targets, ...extra(i) }));
}

/** ALERTS that are firing, counted by the given labels. */
const firing = (matchers: string, by: string) => `count by (${by}) (ALERTS{alertstate="firing", ${matchers}})`;

/** 1 of 20 runners is killed at 20m: the others keep every target's rate within the 10% tolerance. */
export function runnerDiesCase(): PromtoolGroup {
  const targets = [healthy("podinfo-http", "http", 10), healthy("cluster-dns", "dns", 5)];
  const sim = simulate({ flushes: minutes(60), runners: runners(20, targets, (i) => (i === 7 ? { diesAt: minutes(20) } : {})) });
  return {
    name: "1 of 20 runners dies: a per-runner alert names it",
    interval: `${FLUSH_SECONDS}s`,
    input_series: promtoolSeries(sim.series),
    promql_expr_test: [
      { expr: firing(`slo="generator"`, "alertname, pod"), eval_time: "15m", exp_samples: [] },
      { expr: firing(`slo="generator"`, "alertname, pod"), eval_time: "45m", exp_samples: [{ labels: `{alertname="ClRunnerMissing", pod="runner-7"}`, value: 1 }] },
      { expr: firing(`alertname=~"ClAvailabilityBudgetBurn|ClLatencyBudgetBurn"`, "alertname"), eval_time: "45m", exp_samples: [] },
    ],
  };
}

/** Every 24/7 runner dies at 10m while the denied-probe runner (negative probes only) keeps writing. */
export function allRunnersDieCase(): PromtoolGroup {
  const targets = [healthy("podinfo-tcp", "tcp", 5)];
  const denied: SimRunner = {
    pod: "runner-denied-0",
    targets: [{ name: "blocked-egress", protocol: "tcp", rate: 1, expect: "blocked", sibling: "podinfo-tcp", outcome: () => ({ result: "ok", dest_pod: "unknown" }) }],
  };
  const sim = simulate({ flushes: minutes(40), runners: [...runners(3, targets, () => ({ diesAt: minutes(10) })), denied] });
  return {
    name: "all 24/7 runners die while the denied runner still writes: ClNoData pages",
    interval: `${FLUSH_SECONDS}s`,
    input_series: promtoolSeries(sim.series),
    promql_expr_test: [
      { expr: firing(`alertname="ClNoData"`, "alertname"), eval_time: "9m", exp_samples: [] },
      { expr: firing(`alertname="ClNoData"`, "alertname"), eval_time: "35m", exp_samples: [{ labels: `{alertname="ClNoData"}`, value: 1 }] },
    ],
  };
}

export interface SteadyBurn {
  runners: number;
  /** whole-run probes/s */
  rate: number;
  failure: number;
  minutes: number;
}

/**
 * A steady failure ratio for `minutes`: the fast page's pair (1h and 5m over 14.4x) must hold at (nearly) every
 * evaluation of the last hour, and the recorded 5m error ratio must average within 10% of the simulated truth.
 */
export function steadyBurnCase(s: SteadyBurn, objective = 0.999): { group: PromtoolGroup; truth: number } {
  const target: SimTarget = { name: "podinfo-http", protocol: "http", rate: s.rate, outcome: failingAt(s.failure) };
  const sim = simulate({ flushes: minutes(s.minutes), runners: runners(s.runners, [target]), seed: s.runners });
  const t = sim.truth.get(target.name)!;
  const lastHour = (a: number[]) => a.slice(-minutes(60)).reduce((x, y) => x + y, 0);
  const truth = lastHour(t.failed) / lastHour(t.probes);
  const threshold = 14.4 * (1 - objective);
  const ratio = (w: string) => `target:cl_availability_errors:ratio_rate${w}{target="podinfo-http"}`;
  const end = `${s.minutes}m`;
  // 90% of the 60 evaluations: the truth itself dips under the threshold now and then (binomial noise).
  const holds = `count_over_time((${ratio("5m")} > ${threshold} and ${ratio("1h")} > ${threshold})[60m:1m]) >= 54`;
  const accurate = `abs(avg_over_time(${ratio("5m")}[60m:1m]) - ${truth}) < ${0.1 * truth}`;
  return {
    truth,
    group: {
      name: `steady ${s.failure * 100}% failures for ${s.minutes}m on ${s.runners} sparse runners: the fast page's pair holds`,
      interval: `${FLUSH_SECONDS}s`,
      input_series: promtoolSeries(sim.series),
      promql_expr_test: [
        { expr: `count(${holds})`, eval_time: end, exp_samples: [{ labels: "{}", value: 1 }] },
        { expr: `count(${accurate})`, eval_time: end, exp_samples: [{ labels: "{}", value: 1 }] },
      ],
    },
  };
}

/** 4 clean hours, then 2% failures for 10 minutes (0.46% of a 30-day 99.9% budget): no burn alert at all. */
export function shortBurstCase(): PromtoolGroup {
  const burstStart = minutes(240);
  const burstEnd = minutes(250);
  const target: SimTarget = { name: "podinfo-http", protocol: "http", rate: 10, outcome: failingAt((f) => (f >= burstStart && f < burstEnd ? 0.02 : 0)) };
  const sim = simulate({ flushes: minutes(300), runners: runners(3, [target]) });
  const silent = (at: string) => ({ expr: firing(`alertname=~"ClAvailabilityBudgetBurn|ClLatencyBudgetBurn"`, "alertname"), eval_time: at, exp_samples: [] });
  return {
    name: "a 2% burst for 10 minutes after 4 clean hours stays silent",
    interval: `${FLUSH_SECONDS}s`,
    input_series: promtoolSeries(sim.series),
    promql_expr_test: [silent("245m"), silent("250m"), silent("255m"), silent("270m"), silent("290m")],
  };
}

/**
 * A healthy TCP target configured at 1 probe per minute, run by 3 runners: each runner probes every 3 minutes, and
 * its one success series (TCP answers name no pod) gets a sample only then.
 */
export function lowRateCase(): PromtoolGroup {
  const sim = simulate({ flushes: minutes(90), runners: runners(3, [healthy("slow-tcp", "tcp", 1 / 60, ["unknown"])]) });
  const quiet = (at: string) => ({ expr: firing(`slo="generator"`, "alertname"), eval_time: at, exp_samples: [] });
  return {
    name: "a healthy 1-per-minute target on 3 runners raises no generator alert",
    interval: `${FLUSH_SECONDS}s`,
    input_series: promtoolSeries(sim.series),
    promql_expr_test: [quiet("30m"), quiet("60m"), quiet("89m")],
  };
}

/** One of two targets stops gracefully at 30m and stays stopped: the ticket is still firing 7 hours later. */
export function stoppedTargetCase(): PromtoolGroup {
  const targets = [healthy("podinfo-http", "http", 2), healthy("podinfo-grpc", "grpc", 2)];
  const sim = simulate({ flushes: minutes(460), runners: runners(2, targets, () => ({ stopsTargets: { names: ["podinfo-grpc"], at: minutes(30) } })) });
  const stopped = (at: string) => ({
    expr: firing(`alertname="ClTargetStoppedReporting"`, "alertname, target"),
    eval_time: at,
    exp_samples: [{ labels: `{alertname="ClTargetStoppedReporting", target="podinfo-grpc"}`, value: 1 }],
  });
  return {
    name: "a stopped target keeps its ticket firing while it stays stopped",
    interval: `${FLUSH_SECONDS}s`,
    input_series: promtoolSeries(sim.series),
    promql_expr_test: [{ expr: firing(`alertname="ClTargetStoppedReporting"`, "alertname, target"), eval_time: "25m", exp_samples: [] }, stopped("60m"), stopped("7h"), stopped("450m")],
  };
}
