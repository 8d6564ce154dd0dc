// Validates an ObservabilityConfig and resolves it into "profiles": the default settings (for every target not
// overridden) plus one profile per overridden target, each with the label matcher that selects its targets.
// Errors name the offending path and value, like the engine's configuration validation.
import type {
  BurnRateWindow,
  ObservabilityConfig,
  PromDuration,
  Severity,
  SloSettings,
  TargetSettings,
} from "./types.ts";

const DURATION = /^([1-9][0-9]*)(s|m|h|d|w)$/;
const TARGET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/; // config/schema.json, definitions.name
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export function durationSeconds(value: string, path = "duration"): number {
  const match = DURATION.exec(value);
  if (!match) throw new Error(`Invalid value for ${path}: ${JSON.stringify(value)}. Must be a Prometheus duration with one unit, like 5m, 1h, 3d.`);
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

/** kube-prometheus-stack's default routing values, most urgent first. */
export const SEVERITIES: readonly Severity[] = ["critical", "warning"];

export type SliName = "availability" | "latency";
export const SLIS: readonly SliName[] = ["availability", "latency"];

export interface Profile {
  /** "default" or the target name. */
  name: string;
  /** PromQL label matcher restricting the profile to its targets ("" = every target). */
  matcher: string;
  settings: TargetSettings;
}

function checkSlo(slo: SloSettings, path: string): void {
  if (!(typeof slo.objective === "number" && slo.objective > 0 && slo.objective < 1)) {
    throw new Error(`Invalid value for ${path}.objective: ${JSON.stringify(slo.objective)}. Must be a number between 0 and 1 (exclusive), like 0.999.`);
  }
  slo.burnRateWindows.forEach((w: BurnRateWindow, i) => {
    const p = `${path}.burnRateWindows[${i}]`;
    const long = durationSeconds(w.long, `${p}.long`);
    const short = durationSeconds(w.short, `${p}.short`);
    if (short >= long) throw new Error(`Invalid value for ${p}.short: ${w.short}. Must be shorter than long (${w.long}).`);
    if (!(w.burnRate > 0)) throw new Error(`Invalid value for ${p}.burnRate: ${w.burnRate}. Must be a positive number.`);
    if (w.burnRate * (1 - slo.objective) >= 1) {
      throw new Error(`Invalid value for ${p}.burnRate: ${w.burnRate}. With objective ${slo.objective} the threshold ${w.burnRate} * (1 - objective) is >= 1, so the alert could never fire.`);
    }
    if (!SEVERITIES.includes(w.severity)) throw new Error(`Invalid value for ${p}.severity: ${JSON.stringify(w.severity)}. Must be one of: ${SEVERITIES.join(", ")}.`);
    if (w.for !== undefined) durationSeconds(w.for, `${p}.for`);
  });
}

function merge(defaults: TargetSettings, override: ObservabilityConfig["targets"][string]): TargetSettings {
  return {
    availability: { ...defaults.availability, ...override.availability },
    latency: { ...defaults.latency, ...override.latency },
  };
}

function regexAlternation(names: string[]): string {
  // Target names are [a-z0-9_-] only (validated), so they need no regex escaping.
  return names.join("|");
}

export function resolveProfiles(config: ObservabilityConfig): Profile[] {
  durationSeconds(config.period, "period");
  const g = config.generator;
  for (const key of ["rateWindow", "rateFor", "droppedWindow", "droppedFor", "absentFor", "stoppedLookback", "stoppedFor", "runnerLookback", "runnerFor"] as const) {
    durationSeconds(g[key], `generator.${key}`);
  }
  if (durationSeconds(g.rateFor) < durationSeconds(g.rateWindow)) {
    throw new Error(`Invalid value for generator.rateFor: ${g.rateFor}. Must be at least generator.rateWindow (${g.rateWindow}): after a configured rate is raised, the measured rate stays low until the window has filled.`);
  }
  for (const severity of SEVERITIES) durationSeconds(config.keepFiringFor?.[severity] ?? "", `keepFiringFor.${severity}`);
  const step = durationSeconds(config.ruleInterval, "ruleInterval");
  if (durationSeconds(config.seriesGap, "seriesGap") <= step) {
    throw new Error(`Invalid value for seriesGap: ${config.seriesGap}. Must be longer than ruleInterval (${config.ruleInterval}): the SLI counts compare each series' newest sample with the one a rule interval earlier.`);
  }
  if (!(g.minRateRatio > 0 && g.minRateRatio <= 1)) throw new Error(`Invalid value for generator.minRateRatio: ${g.minRateRatio}. Must be in (0, 1].`);
  if (!(g.maxDroppedRatio >= 0 && g.maxDroppedRatio < 1)) throw new Error(`Invalid value for generator.maxDroppedRatio: ${g.maxDroppedRatio}. Must be in [0, 1).`);
  checkSlo(config.defaults.availability, "defaults.availability");
  checkSlo(config.defaults.latency, "defaults.latency");

  for (const name of Object.keys(config.targets)) {
    if (!TARGET_NAME.test(name)) throw new Error(`Invalid value for targets: ${JSON.stringify(name)}. Target names match ${TARGET_NAME.source}.`);
  }
  // Only targets that override an SLO get their own profile (a serverRoute alone changes no objective).
  const names = Object.keys(config.targets)
    .filter((name) => config.targets[name]!.availability !== undefined || config.targets[name]!.latency !== undefined)
    .sort();
  const profiles: Profile[] = [];
  for (const name of names) {
    const settings = merge(config.defaults, config.targets[name]!);
    checkSlo(settings.availability, `targets.${name}.availability`);
    checkSlo(settings.latency, `targets.${name}.latency`);
    profiles.push({ name, matcher: `target="${name}"`, settings });
  }
  profiles.unshift({
    name: "default",
    matcher: names.length === 0 ? "" : `target!~"${regexAlternation(names)}"`,
    settings: config.defaults,
  });
  return profiles;
}

/** A podinfo route label value (urlToLabel in podinfo: lower-case alphanumerics and "_"). */
const ROUTE = /^[a-z0-9_]{1,128}$/;

/** Validated target -> podinfo route pairs (sorted by target), for the network-share rules and panels. */
export function serverRoutes(config: ObservabilityConfig): { target: string; route: string }[] {
  durationSeconds(config.networkShare.window, "networkShare.window");
  const out: { target: string; route: string }[] = [];
  for (const target of Object.keys(config.targets).sort()) {
    const route = config.targets[target]!.serverRoute;
    if (route === undefined) continue;
    if (!TARGET_NAME.test(target)) throw new Error(`Invalid value for targets: ${JSON.stringify(target)}. Target names match ${TARGET_NAME.source}.`);
    if (!ROUTE.test(route)) throw new Error(`Invalid value for targets.${target}.serverRoute: ${JSON.stringify(route)}. Must be podinfo's route label, like "api_info" (${ROUTE.source}).`);
    out.push({ target, route });
  }
  return out;
}

export function checkNegativeProbes(config: ObservabilityConfig): void {
  const n = config.negativeProbes;
  const window = durationSeconds(n.window, "negativeProbes.window");
  if (window < durationSeconds(config.ruleInterval, "ruleInterval")) {
    throw new Error(`Invalid value for negativeProbes.window: ${n.window}. Must be at least ruleInterval (${config.ruleInterval}): a violation between two evaluations would fall into no window.`);
  }
  if (durationSeconds(n.violationLookback, "negativeProbes.violationLookback") <= window) {
    throw new Error(`Invalid value for negativeProbes.violationLookback: ${n.violationLookback}. Must be longer than negativeProbes.window (${n.window}).`);
  }
  durationSeconds(n.unverifiedFor, "negativeProbes.unverifiedFor");
  if (!SEVERITIES.includes(n.violationSeverity)) {
    throw new Error(`Invalid value for negativeProbes.violationSeverity: ${JSON.stringify(n.violationSeverity)}. Must be one of: ${SEVERITIES.join(", ")}.`);
  }
}

/** Every window any burn-rate alert uses, sorted by length: the recording rules compute exactly these. */
// Each window must hold whole rule intervals: the SLIs sum the per-interval counts over it.
export function sliWindows(profiles: Profile[]): PromDuration[] {
  const windows = new Set<PromDuration>();
  for (const p of profiles) {
    for (const sli of SLIS) {
      for (const w of p.settings[sli].burnRateWindows) {
        windows.add(w.long);
        windows.add(w.short);
      }
    }
  }
  return [...windows].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

/** Throws unless runbookBaseUrl is an absolute http(s) URL (relative links do not resolve in Alertmanager or chat). */
export function checkRunbookBase(config: ObservabilityConfig, allowRelative: boolean): void {
  if (allowRelative || /^https?:\/\/[^/\s]+/.test(config.runbookBaseUrl)) return;
  throw new Error(
    `Invalid value for runbookBaseUrl: ${JSON.stringify(config.runbookBaseUrl)}. Must be an absolute http(s) URL, like "https://docs.example.com/observability.md", ` +
      "so alert links can be clicked in Alertmanager, Slack or PagerDuty; pass --allow-relative-runbooks to generate relative links anyway.",
  );
}
