// HTTP probe: one request per iteration; the status decides, and for podinfo's "200 with an error body"
// answers an optional body check decides too.
import http, { type Params, type RefinedResponse, type ResponseType } from "k6/http";
import type { HttpTarget } from "../config/types.ts";
import { reasonFromHttpErrorCode } from "../metrics/classify.ts";
import { hostnameFromJson } from "../metrics/dest-pod.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { withHost } from "../paths/host-swap.ts";

export const DEFAULT_HTTP_METHOD = "GET";
export const DEFAULT_EXPECTED_STATUS: readonly number[] = [200];

/** Whether a response body passes the target's body rules (absent rules pass). */
export function bodyMatches(body: string | null, contains: string | undefined, excludes: string | undefined): boolean {
  if (contains === undefined && excludes === undefined) return true;
  if (typeof body !== "string") return false;
  return (contains === undefined || body.includes(contains)) && (excludes === undefined || !body.includes(excludes));
}

/** Pod-path URLs built so far; rebuilt from scratch past this many (pod IPs churn over months). */
const MAX_CACHED_URLS = 256;

/**
 * The probe takes an optional host: a pod IP on the pod path, which replaces the URL's host. The body, when a
 * body check asks for it, also tells which pod answered (podinfo's `"hostname"`).
 */
export function createHttpProbe(plan: TargetPlan<HttpTarget>, recorder: Recorder): (host?: string) => void {
  const { target } = plan;
  const method = target.method ?? DEFAULT_HTTP_METHOD;
  const expected = new Set(target.expectedStatus ?? DEFAULT_EXPECTED_STATUS);
  const checksBody = target.bodyContains !== undefined || target.bodyExcludes !== undefined;
  const body = target.body ?? null;
  const params: Params = {
    timeout: plan.timeout,
    // `name` keeps k6's own series low-cardinality (it defaults to the full URL).
    tags: { name: target.name },
    // k6's http_req_failed agrees with the target's idea of success.
    responseCallback: http.expectedStatuses(...expected),
    responseType: (checksBody ? "text" : "none") satisfies ResponseType,
    ...(target.headers !== undefined ? { headers: target.headers } : {}),
  };

  const urlsByHost = new Map<string, string>();
  const urlFor = (host: string): string => {
    let url = urlsByHost.get(host);
    if (url === undefined) {
      if (urlsByHost.size >= MAX_CACHED_URLS) urlsByHost.clear();
      url = withHost(target.url, host);
      urlsByHost.set(host, url);
    }
    return url;
  };

  return function probeHttp(host?: string): void {
    const started = Date.now();
    const url = host === undefined ? target.url : urlFor(host);
    const res = http.request(method, url, body, params) as RefinedResponse<ResponseType>;
    let reason: Reason | undefined;
    if (res.status === 0) reason = reasonFromHttpErrorCode(res.error_code);
    else if (!expected.has(res.status)) reason = "status";
    else if (checksBody && !bodyMatches(res.body as string | null, target.bodyContains, target.bodyExcludes)) reason = "body";
    // k6 records 0 ms for timeouts during DNS or connect: the wall clock is the honest figure without a response.
    const durationMs = res.status === 0 ? Date.now() - started : res.timings.duration;
    const destPod = checksBody && typeof res.body === "string" ? hostnameFromJson(res.body) : undefined;
    recorder.record(reason, durationMs, destPod);
  };
}
