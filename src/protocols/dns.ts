// DNS probe: resolve a fully qualified name against a nameserver IP (the cluster DNS when the target said
// "system"), or look a name up in /etc/hosts ("hosts": k6/x/dns lookup() answers nothing else), then check the answer.
import dns from "k6/x/dns";
import type { DnsTarget } from "../config/types.ts";
import { reasonFromDnsRejection } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { TIMED_OUT, withTimeout } from "./with-timeout.ts";

export const HOSTS_FILE_NAMESERVER = "hosts";
export const DEFAULT_RECORD_TYPE = "A";

/**
 * k6/x/dns gives up by itself (../shared/reference/k6-failure-modes.md): resolve() after a fixed 5 s, lookup()
 * of a name outside /etc/hosts after 2 x 5 s, both with an "i/o timeout" rejection (reason `timeout`).
 */
export const RESOLVE_GIVES_UP_MS = 5000;
export const LOOKUP_GIVES_UP_MS = 10_000;

/** Whether an answer passes: non-empty, and containing the expected address when one is set. */
export function answerMatches(addresses: readonly string[], expectAddress: string | undefined): boolean {
  if (addresses.length === 0) return false;
  if (expectAddress === undefined) return true;
  const wanted = expectAddress.toLowerCase();
  return addresses.some((address) => address.toLowerCase() === wanted);
}

export function createDnsProbe(plan: TargetPlan<DnsTarget>, recorder: Recorder): () => Promise<void> {
  const { target } = plan;
  const nameserver = target.nameserver ?? HOSTS_FILE_NAMESERVER;
  const recordType = target.recordType ?? DEFAULT_RECORD_TYPE;
  const ask =
    nameserver === HOSTS_FILE_NAMESERVER
      ? () => dns.lookup(target.query)
      : () => dns.resolve(target.query, recordType, nameserver);
  // A timer per probe costs k6 about a fifth of a DNS probe's CPU (measured, README "Cost"): race one only when
  // the target's timeout is shorter than the bound the extension keeps by itself.
  const ownBoundMs = nameserver === HOSTS_FILE_NAMESERVER ? LOOKUP_GIVES_UP_MS : RESOLVE_GIVES_UP_MS;
  const answerOrTimeout = plan.timeoutMs < ownBoundMs ? () => withTimeout(ask(), plan.timeoutMs) : ask;

  return async function probeDns(): Promise<void> {
    const started = Date.now();
    let reason: Reason | undefined;
    try {
      const answer = await answerOrTimeout();
      if (answer === TIMED_OUT) reason = "timeout";
      else if (!answerMatches(answer, target.expectAddress)) reason = "body";
    } catch (rejection) {
      reason = reasonFromDnsRejection(rejection);
    }
    // k6/x/dns records whole milliseconds in a per-VU registry; this is the figure thresholds and alerts use.
    const durationMs = Date.now() - started;
    recorder.record(reason, durationMs);
  };
}
