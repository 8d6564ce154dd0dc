// What a probe's raw outcome means for its target: ordinary targets succeed when the exchange completes;
// negative probes (expect "blocked") succeed when the network refuses, resets or drops the connection.
import type { Expectation } from "../config/types.ts";
import type { Reason } from "./names.ts";

export type Verdict = { ok: true; blocked: boolean } | { ok: false; reason: Reason };

/**
 * Failures that mean "the network did not let this through": what a NetworkPolicy deny looks like. Comparisons,
 * not a Set: on k6 a Set built from an array costs every VU that evaluates this module about 15 KB.
 */
function isBlockedReason(reason: Reason): boolean {
  return reason === "connect" || reason === "reset" || reason === "timeout";
}

// The verdicts without a reason, made once: judge() runs on every probe, and each object is garbage for k6's GC.
const PASSED: Verdict = Object.freeze({ ok: true, blocked: false });
const BLOCKED: Verdict = Object.freeze({ ok: true, blocked: true });
const NOT_BLOCKED: Verdict = Object.freeze({ ok: false, reason: "not_blocked" });

/** `raw` is undefined when the exchange completed as configured, else its failure reason. */
export function judge(raw: Reason | undefined, expect: Expectation): Verdict {
  if (expect === "allowed") return raw === undefined ? PASSED : { ok: false, reason: raw };
  if (raw === undefined || raw === "status" || raw === "body") return NOT_BLOCKED;
  if (isBlockedReason(raw)) return BLOCKED;
  return { ok: false, reason: raw }; // dns, tls, error: nothing reached the policy, so nothing is proven
}
