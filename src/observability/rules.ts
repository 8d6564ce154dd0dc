// Builds the PrometheusRule (prometheus-operator monitoring.coreos.com/v1) with the SLI recording rules, the
// multi-window multi-burn-rate SLO alerts and the load-generator health alerts, from ./objectives.ts.
import { DROPPED_ITERATIONS, ITERATIONS, REQUESTS, SLI_LABELS, SLO_VALID, TARGET_RPS } from "./metrics.ts";
import { NEGATIVE_LABELS, NEGATIVE_RECORDS, blockedExpr, siblingOkExpr, verdictExpr, verifiedExpr, violationsExpr } from "./negative-probes.ts";
import { networkExprs } from "./paths.ts";
import { checkNegativeProbes, durationSeconds, resolveProfiles, serverRoutes, sliWindows, type Profile, type SliName } from "./resolve.ts";
import type { BurnRateWindow, ObservabilityConfig, PromDuration } from "./types.ts";

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
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

export function requestsRateRecord(window: PromDuration): string {
  return `target:cl_requests:rate${window}`;
}

/** Good probes per SLI, as in docs/metrics.md; negative probes (expect="blocked") are not part of any SLO. */
const GOOD_SELECTOR: Record<SliName, string> = {
  availability: `${REQUESTS}{result="ok",${SLO_VALID}}`,
  latency: `${REQUESTS}{result="ok",latency="fast",${SLO_VALID}}`,
};

/**
 * 1 - good/total per target. `or 0 * total` keeps the ratio defined when no probe was good at all (a total outage
 * would otherwise make the good-series vanish and the error ratio with it, silencing exactly the alert that matters).
 */
export function errorRatioExpr(sli: SliName, window: string): string {
  const total = `sum by (${SLI_LABELS}) (rate(${REQUESTS}{${SLO_VALID}}[${window}]))`;
  const good = `sum by (${SLI_LABELS}) (rate(${GOOD_SELECTOR[sli]}[${window}]))`;
  return `1 - (\n  (${good} or 0 * ${total})\n  /\n  ${total}\n)`;
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

function burnRateAlert(config: ObservabilityConfig, profile: Profile, sli: SliName, w: BurnRateWindow): Rule {
  const objective = profile.settings[sli].objective;
  const threshold = `(${formatNumber(w.burnRate)} * (1 - ${formatNumber(objective)}))`;
  const alert = sli === "availability" ? ALERTS.availabilityBurn : ALERTS.latencyBurn;
  const budgetShare = formatNumber(((w.burnRate * durationSeconds(w.long)) / durationSeconds(config.period)) * 100);
  const rule: Rule = {
    alert,
    expr: [
      `${withMatcher(errorRatioRecord(sli, w.long), profile.matcher)} > ${threshold}`,
      "and",
      `${withMatcher(errorRatioRecord(sli, w.short), profile.matcher)} > ${threshold}`,
    ].join("\n"),
    labels: {
      severity: w.severity,
      slo: sli,
      long_window: w.long,
      short_window: w.short,
      burn_rate: formatNumber(w.burnRate),
      objective: formatNumber(objective),
    },
    annotations: {
      summary: `{{ $labels.target }} ({{ $labels.protocol }}) is burning its ${SLI_TEXT[sli].what} error budget ${formatNumber(w.burnRate)}x too fast`,
      description:
        `{{ $value | humanizePercentage }} of probes to {{ $labels.target }} ${SLI_TEXT[sli].bad} over the last ${w.long} ` +
        `(and still over ${formatNumber(w.burnRate)}x the budget in the last ${w.short}); the objective is ${formatNumber(objective * 100)}% good ` +
        `over ${config.period}. At this rate ${budgetShare}% of the ${config.period} error budget is spent every ${w.long}.`,
      runbook_url: runbook(config, alert),
    },
  };
  if (w.for !== undefined) rule.for = w.for;
  return rule;
}

function generatorAlerts(config: ObservabilityConfig): Rule[] {
  const g = config.generator;
  const rateWindow = g.rateWindow;
  const dropped = `sum by (scenario) (rate(${DROPPED_ITERATIONS}[${g.droppedWindow}]))`;
  const completed = `sum by (scenario) (rate(${ITERATIONS}[${g.droppedWindow}]))`;
  return [
    {
      alert: ALERTS.trafficBelowRate,
      expr: [
        `sum by (${SLI_LABELS}) (rate(${REQUESTS}[${rateWindow}]))`,
        `  < ${formatNumber(g.minRateRatio)} * max by (${SLI_LABELS}) (${TARGET_RPS})`,
      ].join("\n"),
      for: g.rateFor,
      labels: { severity: "ticket", slo: "generator" },
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
      expr: `${dropped}\n/\n(${dropped} + (${completed} or 0 * ${dropped}))\n> ${formatNumber(g.maxDroppedRatio)}`,
      for: g.droppedFor,
      labels: { severity: "ticket", slo: "generator" },
      annotations: {
        summary: "k6 drops iterations of scenario {{ $labels.scenario }}: not enough VUs",
        description:
          `{{ $value | humanizePercentage }} of the scheduled iterations of scenario {{ $labels.scenario }} were dropped over the last ${g.droppedWindow} ` +
          `(more than ${formatNumber(g.maxDroppedRatio * 100)}%, for ${g.droppedFor}): every VU was busy, usually waiting on slow or timing-out probes.`,
        runbook_url: runbook(config, ALERTS.droppedIterations),
      },
    },
    {
      alert: ALERTS.noData,
      expr: `absent(${REQUESTS})`,
      for: g.absentFor,
      labels: { severity: "page", slo: "generator" },
      annotations: {
        summary: "No continuous-load probe results reach Prometheus",
        description:
          `No ${REQUESTS} series has had a sample for ${g.absentFor}: every runner is down, or remote write from k6 to Prometheus fails. ` +
          "Every SLO alert is blind until this is fixed.",
        runbook_url: runbook(config, ALERTS.noData),
      },
    },
    {
      alert: ALERTS.targetStopped,
      expr: [
        `group by (${SLI_LABELS}) (max_over_time(${TARGET_RPS}[${g.stoppedLookback}]))`,
        "unless",
        `group by (${SLI_LABELS}) (${TARGET_RPS})`,
      ].join("\n"),
      for: g.stoppedFor,
      labels: { severity: "ticket", slo: "generator" },
      annotations: {
        summary: "{{ $labels.target }} stopped reporting",
        description:
          `{{ $labels.target }} ({{ $labels.protocol }}) reported within the last ${g.stoppedLookback} but has had no samples for ${g.stoppedFor}: ` +
          `its scenario stopped while others may still run. If the target was removed from the configuration on purpose, this resolves by itself after ${g.stoppedLookback}.`,
        runbook_url: runbook(config, ALERTS.targetStopped),
      },
    },
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
    { record: r.violations(w), expr: violationsExpr(w) },
    { record: r.blocked(w), expr: blockedExpr(w) },
    { record: r.siblingOk(w), expr: siblingOkExpr(w) },
    { record: r.verified(w), expr: verifiedExpr(w) },
    { record: r.verdict(w), expr: verdictExpr(w) },
  ];
  const alerts: Rule[] = [
    {
      alert: ALERTS.policyViolation,
      expr: `${r.violations(w)} > 0`,
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
      labels: { severity: "ticket", slo: "policy" },
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

export function buildPrometheusRule(config: ObservabilityConfig): PrometheusRule {
  const profiles = resolveProfiles(config);
  const windows = sliWindows(profiles);
  const recording: Rule[] = [];
  for (const window of windows) {
    recording.push({ record: requestsRateRecord(window), expr: `sum by (${SLI_LABELS}) (rate(${REQUESTS}[${window}]))` });
    for (const sli of ["availability", "latency"] as const) {
      recording.push({ record: errorRatioRecord(sli, window), expr: errorRatioExpr(sli, window) });
    }
  }
  const network = networkRules(config);
  const negative = negativeProbeRules(config);
  const slo: Rule[] = [];
  for (const sli of ["availability", "latency"] as const) {
    for (const profile of profiles) {
      for (const w of profile.settings[sli].burnRateWindows) slo.push(burnRateAlert(config, profile, sli, w));
    }
  }
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "continuous-load",
      labels: { "app.kubernetes.io/name": "continuous-load", "app.kubernetes.io/component": "alerting" },
    },
    spec: {
      groups: [
        { name: "continuous-load-sli", rules: recording },
        { name: "continuous-load-slo-alerts", rules: slo },
        { name: "continuous-load-generator-alerts", rules: generatorAlerts(config) },
        ...(network.length > 0 ? [{ name: "continuous-load-network", rules: network }] : []),
        { name: "continuous-load-negative-probes", rules: negative.recording },
        { name: "continuous-load-policy-alerts", rules: negative.alerts },
      ],
    },
  };
}
