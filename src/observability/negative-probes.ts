// PromQL for negative probes (expect: "blocked", docs/metrics.md): policy violations, and whether a deny is
// *verified*, i.e. the target's sibling (a positive target to the same destination, any runner pod) succeeded in
// the same window, so that an outage of the destination does not pass as "the policy works".
//
// Verdict per negative target over the window:
//   violation  - at least one probe completed (result="fail", reason="not_blocked"), whatever the sibling did
//   verified   - probes were blocked (result="ok"), none completed, and the sibling had successes
//   unverified - anything else with traffic: blocked but the sibling failed or is missing, or only inconclusive
//                failures (dns, tls, error: nothing reached the policy)
import { REQUESTS } from "./metrics.ts";

export const NEGATIVE = `expect="blocked"`;
/** `cluster` too: two clusters writing to one Prometheus keep separate verdicts, each verified by its own sibling. */
export const NEGATIVE_LABELS = "cluster, protocol, target, sibling";
const VIOLATION = `${REQUESTS}{${NEGATIVE}, result="fail", reason="not_blocked"}`;

export const NEGATIVE_RECORDS = {
  violations: (w: string) => `target:cl_policy_violations:increase${w}`,
  blocked: (w: string) => `target:cl_policy_blocked:rate${w}`,
  siblingOk: (w: string) => `sibling:cl_requests_ok:rate${w}`,
  verified: (w: string) => `target:cl_policy_deny_verified:${w}`,
  verdict: (w: string) => `target:cl_policy_verdict:${w}`,
};

/** Negative targets that reported anything within the window (a lone sample is enough). */
export function negativePresence(window: string, matchers = ""): string {
  return `group by (${NEGATIVE_LABELS}) (last_over_time(${REQUESTS}{${[NEGATIVE, matchers].filter(Boolean).join(", ")}}[${window}]))`;
}

/**
 * Completed probes of negative targets in the window, 0 for negative targets without any: per series, the newest
 * value in the window minus the newest value before it (up to `lookback` earlier). k6 remote write sends a series
 * only in flushes where it got samples and a counter's first sample is its running total, so a lone violation is
 * one sample: increase() needs two inside the window, and an "absent one window earlier" test misses a second lone
 * violation a little more than one window after the first (reviews/2026-12-02-observability.md, L2). The
 * difference counts every sample in the window exactly, whatever the gap. Where it is not positive, the newest
 * value counts instead: a series with no sample within `lookback` (its running total is what it added) or a
 * runner restart (the counter starts over, below the old total).
 */
export function violationsExpr(window: string, lookback: string): string {
  return [violationCountExpr(VIOLATION, NEGATIVE_LABELS, window, lookback), "or", `0 * ${negativePresence(window)}`].join("\n");
}

/** The count above for any selector of violation series, grouped by `by` (the dashboard's table uses it too). */
export function violationCountExpr(selector: string, by: string, window: string, lookback: string): string {
  const now = `last_over_time(${selector}[${window}])`;
  const before = `last_over_time(${selector}[${lookback}] offset ${window})`;
  return [`sum by (${by}) (`, `  (${now} - ${before}) > 0`, "  or", `  ${now}`, ")"].join("\n");
}

export function blockedExpr(window: string): string {
  return `sum by (${NEGATIVE_LABELS}) (rate(${REQUESTS}{${NEGATIVE}, result="ok"}[${window}]))`;
}

/** Successes of every target named as a sibling, keyed by `cluster, sibling`; negative probes never verify each other. */
export function siblingOkExpr(window: string): string {
  return [
    `sum by (cluster, sibling) (`,
    `  label_replace(sum by (cluster, target) (rate(${REQUESTS}{result="ok", expect!="blocked"}[${window}])), "sibling", "$1", "target", "(.+)")`,
    ")",
    `and on (cluster, sibling)`,
    `group by (cluster, sibling) (last_over_time(${REQUESTS}{${NEGATIVE}}[${window}]))`,
  ].join("\n");
}

/** 1 when verified, 0 for every other negative target with traffic (reads the recordings above). */
export function verifiedExpr(window: string): string {
  const r = NEGATIVE_RECORDS;
  return [
    "(",
    "  (",
    `    (${r.blocked(window)} > 0)`,
    `    unless on (${NEGATIVE_LABELS})`,
    `    (${r.violations(window)} > 0)`,
    "  )",
    "  and on (cluster, sibling)",
    `  (${r.siblingOk(window)} > 0)`,
    ") * 0 + 1",
    "or",
    `0 * ${negativePresence(window)}`,
  ].join("\n");
}

/** One series per negative target with label verdict = violation | verified | unverified, value 1. */
export function verdictExpr(window: string): string {
  const r = NEGATIVE_RECORDS;
  const violating = `(${r.violations(window)} > 0)`;
  return [
    `label_replace(${violating} * 0 + 1, "verdict", "violation", "", "")`,
    "or",
    `label_replace(${r.verified(window)} == 1, "verdict", "verified", "", "")`,
    "or",
    `label_replace((${r.verified(window)} == 0 unless on (${NEGATIVE_LABELS}) ${violating}) + 1, "verdict", "unverified", "", "")`,
  ].join("\n");
}
