// Builds the PrometheusRule (prometheus-operator monitoring.coreos.com/v1) with the SLI recording rules, the
// multi-window multi-burn-rate SLO alerts and the load-generator health alerts, from ./objectives.ts.
import { CONTINUOUS, DROPPED_ITERATIONS, ITERATIONS, PROBES, REQUESTS, SLO_LABELS, SLO_VALID, TARGET_RPS, VUS } from "./metrics.ts";
import { NEGATIVE_LABELS, NEGATIVE_RECORDS, blockedExpr, siblingOkExpr, verdictExpr, verifiedExpr, violationsExpr } from "./negative-probes.ts";
import { networkExprs } from "./paths.ts";
import { checkNegativeProbes, checkRunbookBase, durationSeconds, resolveProfiles, SEVERITIES, serverRoutes, sliWindows, type Profile, type SliName } from "./resolve.ts";
import type { BurnRateWindow, ObservabilityConfig, PromDuration, Severity } from "./types.ts";

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval: string;
  rules: Rule[];
}

export interface PrometheusRule {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  metadata: { name: string; labels: Record<string, string> };
  spec: { groups: RuleGroup[] };
}

/** Alert names; each has a runbook section with the lower-cased name as its anchor in docs/observability.md. */
export const ALERTS = {
  availabilityBurn: "ClAvailabilityBudgetBurn",
  latencyBurn: "ClLatencyBudgetBurn",
  trafficBelowRate: "ClTrafficBelowConfiguredRate",
  droppedIterations: "ClDroppedIterations",
  noData: "ClNoData",
  targetStopped: "ClTargetStoppedReporting",
  runnerMissing: "ClRunnerMissing",
  policyViolation: "ClNetworkPolicyViolation",
  denyUnverified: "ClNetworkPolicyDenyUnverified",
} as const;

/** Recording rules of the client-vs-server join (docs/observability.md, "Network share"). */
export const NETWORK_RECORDS = {
  podClient: (w: string) => `target_dest_pod:cl_client_latency_mean_seconds:rate${w}`,
  podServer: (w: string) => `dest_pod_route:podinfo_server_latency_mean_seconds:rate${w}`,
  podNetwork: (w: string) => `target_dest_pod:cl_network_latency_seconds:mean${w}`,
  podShare: (w: string) => `target_dest_pod:cl_network_latency_share:ratio${w}`,
  targetClient: (w: string) => `target:cl_client_latency_mean_seconds:rate${w}`,
  targetServer: (w: string) => `route:podinfo_server_latency_mean_seconds:rate${w}`,
  targetNetwork: (w: string) => `target:cl_network_latency_seconds:mean${w}`,
  targetShare: (w: string) => `target:cl_network_latency_share:ratio${w}`,
};

/** Client grouping of the per-pod network share: source zone, network path type, target, destination pod. */
export const NETWORK_POD_LABELS = ["protocol", "target", "path", "zone", "dest_pod"];
export const NETWORK_TARGET_LABELS = ["protocol", "target", "path"];

/** The recording rule holding an SLI's error ratio (1 - good/total) over a window. */
export function errorRatioRecord(sli: SliName, window: PromDuration): string {
  return `target:cl_${sli}_errors:ratio_rate${window}`;
}

/** Recordings the presence alerts read over a long lookback (1 sample a minute instead of raw k6 samples). */
export const PRESENCE_RECORDS = {
  target: "target:cl_target_rps:present",
  runner: "runner:cl_vus:present",
} as const;

/** Probes counted per rule evaluation (the step is the rule interval): every probe, and the good ones per SLI. */
export function stepRecords(step: PromDuration): Record<"probes" | SliName, string> {
  return {
    probes: `target:cl_probes:increase${step}`,
    availability: `target:cl_probes_ok:increase${step}`,
    latency: `target:cl_probes_ok_fast:increase${step}`,
  };
}

/** Good probes per SLI, as in docs/metrics.md; negative probes and finite runs are not part of any SLO. */
const GOOD_SELECTOR: Record<SliName, string> = {
  availability: `${REQUESTS}{result="ok", ${SLO_VALID}, ${CONTINUOUS}}`,
  latency: `${REQUESTS}{result="ok", latency="fast", ${SLO_VALID}, ${CONTINUOUS}}`,
};
/** Every probe (the dense per-probe counter, docs/metrics.md). */
const TOTAL_SELECTOR = `${PROBES}{${SLO_VALID}, ${CONTINUOUS}}`;

/** Labels that identify one runner's share of one target (the per-probe counter has one series per these). */
const RUNNER_TARGET = "cluster, pod, target";

/**
 * The exact count of a k6 counter's increments in the last `step`, per series: the newest value minus the newest
 * value one step earlier. k6 writes a series only in pushes where it got samples, and the good probes are split by
 * dest_pod, latency and runner pod, so increase() (two samples inside the window, then extrapolation) misjudges
 * them: with k6-faithful data it put the 5m ratio 11% under the truth at 20 runners and 6% over it at 100. The
 * difference of last values needs no extrapolation and bridges gaps up to `gap`. clamp_min turns a runner
 * restart's counter reset into 0 for one step instead of a negative count.
 */
function seriesStepIncrease(selector: string, step: PromDuration, gap: PromDuration): string {
  return `clamp_min(\n  last_over_time(${selector}[${gap}])\n  -\n  last_over_time(${selector}[${gap}] offset ${step})\n, 0)`;
}

/**
 * A series whose first sample arrived in the last step (none within `gap` before): its value is its running total
 * since the runner started, which is what it adds. Without this term every runner (re)start would drop the first
 * push of each good series, far more series than the per-probe counter has, and read as failures.
 */
function newSeries(selector: string, step: PromDuration, gap: PromDuration): string {
  return `(\n  last_over_time(${selector}[${step}])\n  unless\n  last_over_time(${selector}[${gap}] offset ${step})\n)`;
}

/** Per runner and target: probes counted in the last step. */
export function probesStepExpr(step: PromDuration, gap: PromDuration): string {
  return `${seriesStepIncrease(TOTAL_SELECTOR, step, gap)}\nor\n${newSeries(TOTAL_SELECTOR, step, gap)}`;
}

/**
 * Good probes counted in the last step, summed per target. A new good series counts only if its value is no more
 * than its runner's probes of the target in the same step: a series that comes back after more than `gap` of
 * silence (a destination pod that was away) carries its whole running total and would mask failures for as long
 * as the window holds it.
 */
export function goodStepExpr(sli: SliName, step: PromDuration, gap: PromDuration): string {
  const good = GOOD_SELECTOR[sli];
  return [
    `sum by (${SLO_LABELS}) (`,
    seriesStepIncrease(good, step, gap),
    "or",
    `${newSeries(good, step, gap)}\n<= on (${RUNNER_TARGET}) group_left ()\n(\n${probesStepExpr(step, gap)}\n)`,
    ")",
  ].join("\n");
}

function increaseRules(config: ObservabilityConfig): Rule[] {
  const records = stepRecords(config.ruleInterval);
  const step = config.ruleInterval;
  const gap = config.seriesGap;
  return [
    { record: records.probes, expr: `sum by (${SLO_LABELS}) (\n${probesStepExpr(step, gap)}\n)` },
    { record: records.availability, expr: goodStepExpr("availability", step, gap) },
    { record: records.latency, expr: goodStepExpr("latency", step, gap) },
  ];
}

/**
 * 1 - good/probes per target over a window: the per-evaluation counts summed over the window. Failures count as
 * missing successes, so sparse failure series cannot bias it. `or 0 * total` keeps the ratio defined when no probe
 * was good at all (a total outage would otherwise make the good series vanish, silencing exactly the alert that
 * matters).
 */
export function errorRatioExpr(sli: SliName, window: PromDuration, step: PromDuration): string {
  const records = stepRecords(step);
  // Half a step short: Prometheus 2.x ranges include both ends, so [1h] would hold 61 one-minute counts.
  const range = `${durationSeconds(window) - durationSeconds(step) / 2}s`;
  const total = `sum_over_time(${records.probes}[${range}])`;
  const good = `sum_over_time(${records[sli]}[${range}])`;
  return `clamp_min(\n  1 - (\n    (${good} or 0 * ${total})\n    /\n    ${total}\n  ),\n  0\n)`;
}

function withMatcher(metric: string, matcher: string): string {
  return matcher ? `${metric}{${matcher}}` : metric;
}

function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

function runbook(config: ObservabilityConfig, alert: string): string {
  return `${config.runbookBaseUrl}#${alert.toLowerCase()}`;
}

const SLI_TEXT: Record<SliName, { bad: string; what: string }> = {
  availability: { bad: "failed", what: "availability" },
  latency: { bad: "failed or were slower than the target's latencyObjective", what: "latency" },
};

function longest(durations: (PromDuration | undefined)[]): PromDuration | undefined {
  const set = durations.filter((d): d is PromDuration => d !== undefined);
  return set.sort((a, b) => durationSeconds(b) - durationSeconds(a))[0];
}

/**
 * One alert per SLO, target profile and severity (Sloth style): the window pairs of that severity OR'ed, so an
 * outage raises one page and one ticket, not one alert per pair. The value is the long-window error ratio of the
 * first pair that holds.
 */
function burnRateAlert(config: ObservabilityConfig, profile: Profile, sli: SliName, severity: Severity, pairs: BurnRateWindow[]): Rule {
  const objective = profile.settings[sli].objective;
  const alert = sli === "availability" ? ALERTS.availabilityBurn : ALERTS.latencyBurn;
  const condition = (w: BurnRateWindow) => {
    const threshold = `(${formatNumber(w.burnRate)} * (1 - ${formatNumber(objective)}))`;
    return [
      "(",
      `  ${withMatcher(errorRatioRecord(sli, w.long), profile.matcher)} > ${threshold}`,
      "  and",
      `  ${withMatcher(errorRatioRecord(sli, w.short), profile.matcher)} > ${threshold}`,
      ")",
    ].join("\n");
  };
  const windows = pairs.map((w) => `${w.long} and ${w.short} over ${formatNumber(w.burnRate)}x`).join(", or ");
  const spent = pairs
    .map((w) => `${formatNumber(((w.burnRate * durationSeconds(w.long)) / durationSeconds(config.period)) * 100)}% in ${w.long}`)
    .join(", ");
  const rule: Rule = {
    alert,
    expr: pairs.map(condition).join("\nor\n"),
    keep_firing_for: config.keepFiringFor[severity],
    labels: { severity, slo: sli, objective: formatNumber(objective) },
    annotations: {
      summary: `{{ $labels.target }} ({{ $labels.protocol }}) is burning its ${SLI_TEXT[sli].what} error budget too fast`,
      description:
        `{{ $value | humanizePercentage }} of probes to {{ $labels.target }} in cluster "{{ $labels.cluster }}" ${SLI_TEXT[sli].bad} over the long window of the first pair that holds ` +
        `(windows: ${windows}); the objective is ${formatNumber(objective * 100)}% good over ${config.period}. ` +
        `At those burn rates the ${config.period} error budget loses ${spent}.`,
      windows,
      runbook_url: runbook(config, alert),
    },
  };
  const forDuration = longest(pairs.map((w) => w.for));
  if (forDuration !== undefined) rule.for = forDuration;
  return rule;
}

function generatorAlerts(config: ObservabilityConfig): Rule[] {
  const g = config.generator;
  const rateWindow = g.rateWindow;
  // Per runner pod: each pod's k6 schedules its own share, so one starved pod among many is not averaged away.
  const by = "cluster, namespace, pod, scenario";
  const dropped = `sum by (${by}) (rate(${DROPPED_ITERATIONS}{${CONTINUOUS}}[${g.droppedWindow}]))`;
  const completed = `sum by (${by}) (rate(${ITERATIONS}{${CONTINUOUS}}[${g.droppedWindow}]))`;
  // k6 tags dropped iterations with the global tags and `scenario` only (not the scenario's own protocol/target
  // tags); the scenario is the target's name, and its protocol comes from the presence recording. A scenario that
  // drops every iteration sends no k6_cl_target_rps and keeps the alert without `protocol` (the `or`).
  const droppedRatio = `label_replace(
  ${dropped}
  /
  (${dropped} + (${completed} or 0 * ${dropped}))
  > ${formatNumber(g.maxDroppedRatio)}
, "target", "$1", "scenario", "(.+)")`;
  const droppedExpr = [
    droppedRatio,
    `* on (cluster, target) group_left (protocol)`,
    `group by (${SLO_LABELS}) (${PRESENCE_RECORDS.target})`,
    `or on (${by})`,
    droppedRatio,
  ].join("\n");
  const warning = config.keepFiringFor.warning;
  return [
    {
      alert: ALERTS.trafficBelowRate,
      // Both sides bridge k6's gaps: rate() over a window holding several samples of each runner's series, and the
      // gauge (emitted only while probing) read with last_over_time over the same window.
      expr: [
        `sum by (${SLO_LABELS}) (rate(${PROBES}{${CONTINUOUS}}[${rateWindow}]))`,
        `  < ${formatNumber(g.minRateRatio)} * max by (${SLO_LABELS}) (last_over_time(${TARGET_RPS}{${CONTINUOUS}}[${rateWindow}]))`,
      ].join("\n"),
      for: g.rateFor,
      keep_firing_for: warning,
      labels: { severity: "warning", slo: "generator" },
      annotations: {
        summary: "{{ $labels.target }} gets fewer probes per second than configured",
        description:
          `{{ $labels.target }} ({{ $labels.protocol }}) ran at {{ $value | humanize }} probes/s over the last ${rateWindow}, ` +
          `below ${formatNumber(g.minRateRatio * 100)}% of its configured rate (k6_cl_target_rps), for ${g.rateFor}. ` +
          "The SLIs still hold, but they sample less traffic than intended: a runner pod is missing or starved.",
        runbook_url: runbook(config, ALERTS.trafficBelowRate),
      },
    },
    {
      alert: ALERTS.droppedIterations,
      expr: droppedExpr,
      for: g.droppedFor,
      keep_firing_for: warning,
      labels: { severity: "warning", slo: "generator" },
      annotations: {
        summary: "k6 on runner pod {{ $labels.pod }} drops iterations of {{ $labels.target }}: not enough VUs",
        description:
          `{{ $value | humanizePercentage }} of the iterations runner pod {{ $labels.pod }} in cluster "{{ $labels.cluster }}" scheduled for target {{ $labels.target }} were dropped over the last ${g.droppedWindow} ` +
          `(more than ${formatNumber(g.maxDroppedRatio * 100)}%, for ${g.droppedFor}): every VU was busy, usually waiting on slow or timing-out probes.`,
        runbook_url: runbook(config, ALERTS.droppedIterations),
      },
    },
    {
      alert: ALERTS.noData,
      // Only the 24/7 positive probes: the denied runner's negative probes and a finite TestRun must not hide it.
      // Per cluster too: with several clusters writing to one Prometheus, absent() holds only when all are silent,
      // so a cluster that reported within the stopped-target lookback and has no positive result now fires alone.
      expr: [
        `absent(${REQUESTS}{${SLO_VALID}, ${CONTINUOUS}})`,
        "or",
        "(",
        `  group by (cluster) (max_over_time(${PRESENCE_RECORDS.target}[${g.stoppedLookback}]))`,
        "  unless",
        `  group by (cluster) (${REQUESTS}{${SLO_VALID}, ${CONTINUOUS}})`,
        ")",
      ].join("\n"),
      for: g.absentFor,
      labels: { severity: "critical", slo: "generator" },
      annotations: {
        summary: "No continuous-load probe results reach Prometheus from cluster \"{{ $labels.cluster }}\"",
        description:
          `No ${REQUESTS} series of a 24/7 positive probe (${SLO_VALID}, ${CONTINUOUS}) from cluster "{{ $labels.cluster }}" (empty: every cluster, or runners without a cluster tag) has had a sample for ${g.absentFor}: every runner there is down, or remote write from k6 to Prometheus fails. ` +
          "Every SLO alert is blind until this is fixed.",
        runbook_url: runbook(config, ALERTS.noData),
      },
    },
    {
      alert: ALERTS.targetStopped,
      expr: [
        `group by (${SLO_LABELS}) (max_over_time(${PRESENCE_RECORDS.target}[${g.stoppedLookback}]))`,
        "unless",
        PRESENCE_RECORDS.target,
      ].join("\n"),
      for: g.stoppedFor,
      labels: { severity: "warning", slo: "generator" },
      annotations: {
        summary: "{{ $labels.target }} stopped reporting",
        description:
          `{{ $labels.target }} ({{ $labels.protocol }}) in cluster "{{ $labels.cluster }}" reported within the last ${g.stoppedLookback} but has had no samples for ${g.stoppedFor}: ` +
          `its scenario stopped while others may still run. This stays firing while the target stays stopped (up to ${g.stoppedLookback}); if it was removed on purpose, silence it.`,
        runbook_url: runbook(config, ALERTS.targetStopped),
      },
    },
    {
      alert: ALERTS.runnerMissing,
      expr: [
        `group by (cluster, pod) (max_over_time(${PRESENCE_RECORDS.runner}[${g.runnerLookback}]))`,
        "unless",
        PRESENCE_RECORDS.runner,
      ].join("\n"),
      for: g.runnerFor,
      labels: { severity: "warning", slo: "generator" },
      annotations: {
        summary: "Runner pod {{ $labels.pod }} stopped reporting",
        description:
          `The k6 runner pod {{ $labels.pod }} in cluster "{{ $labels.cluster }}" reported within the last ${g.runnerLookback} but has had no k6_vus sample for ${g.runnerFor}: ` +
          "its node and zone paths are no longer probed, although the other runners may keep every target's traffic within tolerance. " +
          `This stays firing while the pod stays away (up to ${g.runnerLookback}); if the runners were scaled down on purpose, silence it.`,
        runbook_url: runbook(config, ALERTS.runnerMissing),
      },
    },
  ];
}

/** 1-minute presence recordings, so the stopped-target and missing-runner alerts can look back days cheaply. */
function presenceRules(config: ObservabilityConfig): Rule[] {
  return [
    // last_over_time bridges a low-rate target's gaps: the gauge is emitted only while the target is probed.
    { record: PRESENCE_RECORDS.target, expr: `group by (${SLO_LABELS}) (last_over_time(${TARGET_RPS}{${CONTINUOUS}}[${config.generator.rateWindow}]))` },
    { record: PRESENCE_RECORDS.runner, expr: `group by (cluster, pod) (${VUS}{${CONTINUOUS}})` },
  ];
}

function networkRules(config: ObservabilityConfig): Rule[] {
  const routes = serverRoutes(config);
  if (routes.length === 0) return [];
  const w = config.networkShare.window;
  const server = config.networkShare.serverMatcher ? [config.networkShare.serverMatcher] : [];
  const r = NETWORK_RECORDS;
  const pod = networkExprs(routes, NETWORK_POD_LABELS, w, [], server);
  const all = networkExprs(routes, NETWORK_TARGET_LABELS, w, [], server);
  return [
    { record: r.podClient(w), expr: pod.client },
    { record: r.podServer(w), expr: pod.server },
    { record: r.podNetwork(w), expr: `${r.podClient(w)}\n- on (dest_pod, route) group_left\n${r.podServer(w)}` },
    { record: r.podShare(w), expr: `${r.podNetwork(w)}\n/\n${r.podClient(w)}` },
    { record: r.targetClient(w), expr: all.client },
    { record: r.targetServer(w), expr: all.server },
    { record: r.targetNetwork(w), expr: `${r.targetClient(w)}\n- on (route) group_left\n${r.targetServer(w)}` },
    { record: r.targetShare(w), expr: `${r.targetNetwork(w)}\n/\n${r.targetClient(w)}` },
  ];
}

function negativeProbeRules(config: ObservabilityConfig): { recording: Rule[]; alerts: Rule[] } {
  checkNegativeProbes(config);
  const n = config.negativeProbes;
  const w = n.window;
  const r = NEGATIVE_RECORDS;
  const recording: Rule[] = [
    { record: r.violations(w), expr: violationsExpr(w, n.violationLookback) },
    { record: r.blocked(w), expr: blockedExpr(w) },
    { record: r.siblingOk(w), expr: siblingOkExpr(w) },
    { record: r.verified(w), expr: verifiedExpr(w) },
    { record: r.verdict(w), expr: verdictExpr(w) },
  ];
  const alerts: Rule[] = [
    {
      alert: ALERTS.policyViolation,
      expr: `${r.violations(w)} > 0`,
      keep_firing_for: config.keepFiringFor[n.violationSeverity],
      labels: { severity: n.violationSeverity, slo: "policy" },
      annotations: {
        summary: "{{ $labels.target }}: a connection that a NetworkPolicy must deny got through",
        description:
          `At least {{ $value | humanize }} {{ $labels.protocol }} probe(s) of the negative target {{ $labels.target }} (expect: blocked) completed in the last ${w}: ` +
          "the path it probes is open although a NetworkPolicy should deny it. This is a security control failing, not an availability problem.",
        runbook_url: runbook(config, ALERTS.policyViolation),
      },
    },
    {
      alert: ALERTS.denyUnverified,
      expr: `(${r.verified(w)} == 0)\nunless on (${NEGATIVE_LABELS})\n(${r.violations(w)} > 0)`,
      for: n.unverifiedFor,
      keep_firing_for: config.keepFiringFor.warning,
      labels: { severity: "warning", slo: "policy" },
      annotations: {
        summary: "{{ $labels.target }}: the deny is not verified, its sibling {{ $labels.sibling }} is not succeeding",
        description:
          `No probe of the negative target {{ $labels.target }} got through, but for ${n.unverifiedFor} the deny could not be verified: its sibling {{ $labels.sibling }} ` +
          "(a positive probe to the same destination) had no success in the same window, or the negative probe only failed inconclusively (dns, tls, error). A refused connection then proves nothing: " +
          "the destination may simply be down. The policy is unproven until the sibling succeeds again.",
        runbook_url: runbook(config, ALERTS.denyUnverified),
      },
    },
  ];
  return { recording, alerts };
}

export interface BuildOptions {
  /** Accept a relative runbookBaseUrl (generation refuses one unless told: see checkRunbookBase). */
  allowRelativeRunbooks?: boolean;
}

export function buildPrometheusRule(config: ObservabilityConfig, options: BuildOptions = {}): PrometheusRule {
  checkRunbookBase(config, options.allowRelativeRunbooks ?? false);
  const profiles = resolveProfiles(config);
  const recording: Rule[] = increaseRules(config);
  for (const window of sliWindows(profiles)) {
    for (const sli of ["availability", "latency"] as const) {
      recording.push({ record: errorRatioRecord(sli, window), expr: errorRatioExpr(sli, window, config.ruleInterval) });
    }
  }
  recording.push(...presenceRules(config));
  const network = networkRules(config);
  const negative = negativeProbeRules(config);
  const slo: Rule[] = [];
  for (const sli of ["availability", "latency"] as const) {
    for (const profile of profiles) {
      for (const severity of SEVERITIES) {
        const pairs = profile.settings[sli].burnRateWindows.filter((w) => w.severity === severity);
        if (pairs.length > 0) slo.push(burnRateAlert(config, profile, sli, severity, pairs));
      }
    }
  }
  const interval = config.ruleInterval;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "continuous-load",
      labels: { "app.kubernetes.io/name": "continuous-load", "app.kubernetes.io/component": "alerting" },
    },
    spec: {
      groups: [
        { name: "continuous-load-sli", interval, rules: recording },
        { name: "continuous-load-slo-alerts", interval, rules: slo },
        { name: "continuous-load-generator-alerts", interval, rules: generatorAlerts(config) },
        ...(network.length > 0 ? [{ name: "continuous-load-network", interval, rules: network }] : []),
        { name: "continuous-load-negative-probes", interval, rules: negative.recording },
        { name: "continuous-load-policy-alerts", interval, rules: negative.alerts },
      ],
    },
  };
}
