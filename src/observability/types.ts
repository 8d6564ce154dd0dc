// Types of the observability configuration: service level objectives, burn-rate windows and load-generator
// health thresholds, with defaults and per-target overrides. The values live in ./objectives.ts (the one place to
// edit); ./resolve.ts validates them and merges defaults into overrides.

/** A Prometheus duration with one unit, as used for range selectors and `for:` (for example 5m, 1h, 3d). */
export type PromDuration = `${number}${"s" | "m" | "h" | "d" | "w"}`;

/**
 * kube-prometheus-stack's Alertmanager routes and inhibitions use these values: critical = page someone now,
 * warning = a ticket for working hours (docs/observability.md, "Routing").
 */
export type Severity = "critical" | "warning";

/**
 * One multi-window burn-rate alert (Google SRE workbook, chapter "Alerting on SLOs"): fires when the error ratio
 * over both windows exceeds `burnRate` times the error budget (1 - objective). The short window makes the alert
 * reset quickly once the problem stops.
 */
export interface BurnRateWindow {
  long: PromDuration;
  short: PromDuration;
  burnRate: number;
  severity: Severity;
  /**
   * Optional `for:` of the alert this pair belongs to (pairs of one severity share one alert, which takes the
   * longest); the workbook uses none because the short window already filters blips.
   */
  for?: PromDuration;
}

export interface SloSettings {
  /** Fraction of probes that must be good over `period`, for example 0.999. */
  objective: number;
  /** Burn-rate alerts for this SLI; an empty list disables alerting on it (the SLI is still recorded). */
  burnRateWindows: BurnRateWindow[];
}

export interface GeneratorHealthSettings {
  /** Alert when actual probes/s fall below this fraction of the configured `k6_cl_target_rps`. */
  minRateRatio: number;
  /**
   * Window over which the actual rate is measured and how long it must stay low. Each runner pod must probe a
   * target at least twice per window for rate() to see it (k6 writes a series only when it got samples); rateFor
   * must be at least rateWindow, or a raised configured rate reads low while the window fills and tickets.
   */
  rateWindow: PromDuration;
  rateFor: PromDuration;
  /** Alert when dropped iterations exceed this fraction of scheduled iterations (completed + dropped). */
  maxDroppedRatio: number;
  droppedWindow: PromDuration;
  droppedFor: PromDuration;
  /** How long no 24/7 positive probe result (k6_cl_requests_total) may go unnoticed. */
  absentFor: PromDuration;
  /**
   * A target that reported within this lookback but not now raises ClTargetStoppedReporting, and keeps it firing
   * while it stays stopped, up to the lookback (read from a 1-minute recording, so a long lookback is cheap).
   */
  stoppedLookback: PromDuration;
  stoppedFor: PromDuration;
  /** A runner pod (k6_vus) that reported within this lookback but not now raises ClRunnerMissing. */
  runnerLookback: PromDuration;
  runnerFor: PromDuration;
}

export interface TargetSettings {
  availability: SloSettings;
  latency: SloSettings;
}

export type TargetOverride = {
  availability?: Partial<SloSettings>;
  latency?: Partial<SloSettings>;
  /**
   * HTTP targets against podinfo: the podinfo route the target's URL hits, as podinfo labels it in its
   * `http_request_duration_seconds` histogram (`path` label: the gorilla/mux route name or template with
   * non-alphanumerics turned into "_", e.g. "api_info" for /api/info, "status" for /status/{code}). Only targets
   * with a serverRoute get a client-vs-server (network share) series. Setting only this creates no SLO override.
   */
  serverRoute?: string;
};

/** Client vs server time (docs/observability.md, "Network share"): difference of means, per destination pod. */
export interface NetworkShareSettings {
  /** rate() window of both sides. */
  window: PromDuration;
  /** Extra PromQL matchers on podinfo's scraped histogram (e.g. `namespace="continuous-load"`), "" for none. */
  serverMatcher: string;
}

/** Negative probes (expect: "blocked"): policy violations and deny verification through the sibling target. */
export interface NegativeProbeSettings {
  /**
   * Window of the violation count and of "deny verified" (the sibling must have succeeded within it). At least the
   * rule interval, so that every sample falls into some evaluation's window.
   */
  window: PromDuration;
  /**
   * How far before the window the violation count looks for a series' previous value (see negative-probes.ts).
   * Longer than any expected gap between two violations of one series: after a longer silence a violation counts
   * its series' whole running total (still a violation, but more than one).
   */
  violationLookback: PromDuration;
  /** Severity of ClNetworkPolicyViolation. */
  violationSeverity: Severity;
  /** How long a deny may stay unverified (sibling failing, or only inconclusive failures) before a ticket. */
  unverifiedFor: PromDuration;
}

export interface ObservabilityConfig {
  /** The SLO period: error budgets and the dashboard's budget panel refer to it. */
  period: PromDuration;
  /** Settings of every target not listed in `targets`. */
  defaults: TargetSettings;
  /** Per-target overrides, keyed by the target's `name` (= the `target` label and the k6 scenario). */
  targets: Record<string, TargetOverride>;
  /** Generator health applies to every target alike (it measures the runner, not the target). */
  generator: GeneratorHealthSettings;
  networkShare: NetworkShareSettings;
  negativeProbes: NegativeProbeSettings;
  /**
   * Where the runbook sections live; every alert's runbook_url is this plus `#<anchor>`. Must be an absolute
   * http(s) URL (links in Alertmanager, Slack or PagerDuty cannot resolve a relative one) unless generation is told
   * --allow-relative-runbooks.
   */
  runbookBaseUrl: string;
  /** Flap damping: how long an alert keeps firing after its condition stops holding, per severity. */
  keepFiringFor: Record<Severity, PromDuration>;
  /**
   * Evaluation interval of every generated rule group (explicit, so the SLI cost does not follow the global one).
   * The SLIs record the probes counted per interval and sum them over each window.
   */
  ruleInterval: PromDuration;
  /**
   * The longest gap between two samples of one k6 series that the SLI counts bridge (k6 writes a series only when
   * it got samples). At least the period at which one runner pod sends one destination pod one probe.
   */
  seriesGap: PromDuration;
}
