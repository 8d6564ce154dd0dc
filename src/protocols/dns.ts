// DNS probe: resolve a fully qualified name against a nameserver IP (the cluster DNS when the target said
// "system"), or look a name up in /etc/hosts ("hosts": k6/x/dns lookup() answers nothing else), then check the answer.
import dns from "k6/x/dns";
import type { DnsTarget } from "../config/types.ts";
import { reasonFromDnsRejection } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";

export const HOSTS_FILE_NAMESERVER = "hosts";
export const DEFAULT_RECORD_TYPE = "A";

const TIMED_OUT = Symbol("timed out");

/** Settles with the promise's value, or TIMED_OUT after `ms` (the extension's own timeout is a fixed 5 s). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

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

  return async function probeDns(): Promise<void> {
    const started = Date.now();
    let reason: Reason | undefined;
    try {
      const answer = await withTimeout(ask(), plan.timeoutMs);
      if (answer === TIMED_OUT) reason = "timeout";
      else if (!answerMatches(answer, target.expectAddress)) reason = "body";
    } catch (rejection) {
      reason = reasonFromDnsRejection(rejection);
    }
    // k6/x/dns records whole milliseconds in a per-VU registry; this is the figure thresholds and alerts use.
    const durationMs = Date.now() - started;
    if (reason === undefined) recorder.success(durationMs);
    else recorder.failure(reason, durationMs);
  };
}
