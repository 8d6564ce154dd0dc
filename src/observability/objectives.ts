// THE place to change service level objectives, burn-rate windows and generator-health thresholds.
// Defaults apply to every target; `targets` overrides them per target name (the `name` in the load configuration).
// After editing, regenerate the rules and dashboard: `node --import tsx scripts/generate-observability.ts`.
import type { ObservabilityConfig } from "./types.ts";

// Google SRE workbook, table 5-8: 2% of a 30-day budget in 1h and 5% in 6h page; 10% in 1d and 3d ticket. Pairs of
// one severity become one alert (Sloth style): one page and one ticket per SLO and target.
// Both SLIs use it by default; give one SLI its own list to change it alone.
const SRE_WORKBOOK_WINDOWS: ObservabilityConfig["defaults"]["availability"]["burnRateWindows"] = [
  { long: "1h", short: "5m", burnRate: 14.4, severity: "critical" },
  { long: "6h", short: "30m", burnRate: 6, severity: "critical" },
  { long: "1d", short: "2h", burnRate: 3, severity: "warning" },
  { long: "3d", short: "6h", burnRate: 1, severity: "warning" },
];

export const observability: ObservabilityConfig = {
  period: "30d",
  defaults: {
    // A failed probe (any reason) spends availability budget.
    availability: {
      objective: 0.999,
      burnRateWindows: SRE_WORKBOOK_WINDOWS,
    },
    // A probe that failed or took longer than the target's latencyObjective spends latency budget
    // (docs/metrics.md: good = result="ok" and latency="fast").
    latency: {
      objective: 0.99,
      burnRateWindows: SRE_WORKBOOK_WINDOWS,
    },
  },
  // Example: `"podinfo-http": { availability: { objective: 0.9995 } }`. Unknown names are harmless (no series match).
  // serverRoute: the podinfo route an HTTP target hits (podinfo's `path` label), for the client-vs-server network
  // share; only the overlays' and the README defaults' HTTP targets are listed. /status/{code} is named "status".
  targets: {
    "http-info": { serverRoute: "api_info" },
    "http-status": { serverRoute: "status" },
    "http-info-svc": { serverRoute: "api_info" },
    "http-info-pod": { serverRoute: "api_info" },
    "http-status-svc": { serverRoute: "status" },
  },
  generator: {
    minRateRatio: 0.9,
    // 15m: a runner pod probing a target every 3 minutes (1/min over 3 pods) still has 5 samples per window.
    rateWindow: "15m",
    rateFor: "15m",
    maxDroppedRatio: 0.01,
    droppedWindow: "10m",
    droppedFor: "10m",
    absentFor: "10m",
    // A week: the ticket stays open while the target stays stopped, long past any working-hours response.
    stoppedLookback: "7d",
    stoppedFor: "10m",
    runnerLookback: "7d",
    runnerFor: "10m",
  },
  networkShare: {
    window: "5m",
    // podinfo's namespace in the overlays: other podinfo installations' pods stay out of the server mean.
    serverMatcher: `namespace="continuous-load"`,
  },
  negativeProbes: {
    window: "5m",
    // A second violation of one series within a day counts as one more; only the (rare) violation series are read.
    violationLookback: "1d",
    // A completed connection through a path that must be denied is a security control failing: page (see docs).
    violationSeverity: "critical",
    unverifiedFor: "30m",
  },
  // Repository-relative: this repository has no public docs site, so `npm run generate:observability` passes
  // --allow-relative-runbooks. Set the URL where your docs are served (and drop the flag) so alert links are clickable.
  runbookBaseUrl: "docs/observability.md",
  // Pages may flap on a short window near its threshold: hold them 5 minutes; tickets 15.
  keepFiringFor: { critical: "5m", warning: "15m" },
  ruleInterval: "1m",
  // A 1-per-minute target on 3 runners and 3 podinfo pods touches each success series every 9 minutes.
  seriesGap: "15m",
};
