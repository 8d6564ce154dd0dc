// The DNS step: resolve a name at a nameserver (or /etc/hosts), judged like the DNS probe, bounded by what is
// left of the scenario's timeout.
import dns from "k6/x/dns";
import { reasonFromDnsRejection } from "../../metrics/classify.ts";
import type { Reason } from "../../metrics/names.ts";
import { answerMatches, DEFAULT_RECORD_TYPE, HOSTS_FILE_NAMESERVER, resolvableName } from "../../protocols/dns.ts";
import { now } from "../../protocols/clock.ts";
import { TIMED_OUT, withTimeout } from "../../protocols/with-timeout.ts";
import type { DnsStepRequest, DnsStepResult } from "../define.ts";
import type { Iteration } from "../iteration.ts";

export type DnsStep = (step: string, request: DnsStepRequest) => Promise<DnsStepResult>;

export function createDnsStep(iteration: Iteration): DnsStep {
  return async (step, request) => {
    const timeoutMs = iteration.enter(step, now());
    const started = now();
    const ask =
      request.nameserver === HOSTS_FILE_NAMESERVER
        ? dns.lookup(request.query)
        : dns.resolve(resolvableName(request.query), request.recordType ?? DEFAULT_RECORD_TYPE, request.nameserver);
    let reason: Reason | undefined;
    let addresses: string[] = [];
    try {
      const answer = await withTimeout(ask, timeoutMs);
      if (answer === TIMED_OUT) reason = "timeout";
      else {
        addresses = answer;
        if (!answerMatches(answer, request.expectAddress)) reason = "body";
      }
    } catch (rejection) {
      reason = reasonFromDnsRejection(rejection);
    }
    if (reason === undefined && request.check !== undefined && !request.check(addresses)) reason = "body";
    const durationMs = now() - started;
    iteration.leave(step, reason, durationMs);
    return { addresses, durationMs };
  };
}
