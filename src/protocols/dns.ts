// DNS probe: resolve a fully qualified name against a nameserver IP (the cluster DNS when the target said
// "system"), or look a name up in /etc/hosts ("hosts": k6/x/dns lookup() answers nothing else), then check the answer.
import dns from "k6/x/dns";
import type { DnsTarget } from "../config/types.ts";
import { reasonFromDnsRejection } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { now } from "./clock.ts";
import { recordUnexpected } from "./unexpected.ts";

export const HOSTS_FILE_NAMESERVER = "hosts";
export const DEFAULT_RECORD_TYPE = "A";

/**
 * k6/x/dns gives up by itself (../shared/reference/k6-failure-modes.md): resolve() after a fixed 5 s, lookup()
 * of a name outside /etc/hosts after 2 x 5 s, both with an "i/o timeout" rejection (reason `timeout`).
 */
export const RESOLVE_GIVES_UP_MS = 5000;
export const LOOKUP_GIVES_UP_MS = 10_000;

/**
 * The name as k6/x/dns resolve() takes it. It makes every name fully qualified itself, so a name that already
 * ends with a dot becomes "name.." and is rejected before it is sent ("unable to serialize DNS packet; reason:
 * dns: bad rdata", measured on k6 v2.2.0 with xk6-dns v1.2.0): the dot people write to mean "no search path"
 * changes nothing here, so it is dropped.
 */
export function resolvableName(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
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
  const query = resolvableName(target.query);
  const { query: hostsName, expectAddress } = target;
  const { timeoutMs } = plan;
  // Read once: k6 keeps this module's functions in a Go map and wraps the function anew on every `dns.lookup`
  // read (A/B on real k6 v2.2.0: 2.4% of a DNS probe's CPU). They are plain Go functions, not methods.
  const { lookup, resolve } = dns;
  const hostsFile = nameserver === HOSTS_FILE_NAMESERVER;
  const checksAddress = expectAddress !== undefined;

  // A rejection is judged here, out of the probe's path for an answer, in a try of its own: whatever it holds
  // (String() may throw), it is counted, as `error` at worst, never an unhandled rejection.
  function recordRejection(rejection: unknown, started: number): void {
    try {
      const durationMs = now() - started;
      recorder.record(durationMs >= timeoutMs ? "timeout" : reasonFromDnsRejection(rejection), durationMs);
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  }

  return async function probeDns(): Promise<void> {
    const started = now();
    let answer: unknown;
    // Two tries one after the other, not one inside the other: k6's runtime copies every try around an `await`
    // when it suspends the probe and back when it resumes it (A/B on real k6 v2.2.0: about 1.5% of a DNS probe's
    // CPU for a second level). The first holds only the query; judging the answer is in the second, so that
    // nothing an answer holds (a non-list, say) can escape it.
    try {
      answer = await (hostsFile ? lookup(hostsName) : resolve(query, recordType, nameserver));
    } catch (rejection) {
      recordRejection(rejection, started);
      return;
    }
    try {
      // k6/x/dns records whole milliseconds in a per-VU registry; this is the figure thresholds and alerts use.
      const durationMs = now() - started;
      let reason: Reason | undefined;
      // No timer races the query: k6 keeps the VU until the extension gives up whatever a timer says (measured:
      // a race won at 0.5 s, the iteration lasted 5 s), and a timer costs about a fifth of a DNS probe's CPU. So
      // an answer later than the target's timeout is judged a timeout when it comes, at most RESOLVE_GIVES_UP_MS
      // (LOOKUP_GIVES_UP_MS) after the query.
      if (durationMs >= timeoutMs) reason = "timeout";
      // Without an expected address only emptiness is checked, here: fewer steps on every probe (A/B with the
      // rejection path above, on real k6 v2.2.0: 1.1% of a DNS probe's CPU).
      else if (checksAddress ? !answerMatches(answer as string[], expectAddress) : (answer as string[]).length === 0) reason = "body";
      recorder.record(reason, durationMs);
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  };
}
