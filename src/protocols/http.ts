// HTTP probe: one request per iteration; the status decides, and for podinfo's "200 with an error body"
// answers an optional body check decides too.
//
// Connections: k6 keeps one transport per VU with keep-alive, and has no per-request switch to bypass it
// (`noConnectionReuse` is global to the whole run). A request header `Connection: close` makes the server close
// after its response, so the transport never pools that connection and the next probe dials afresh: through a
// Service's cluster IP, a new DNAT choice of backend per probe.
import http, { type Params, type RefinedResponse, type ResponseType } from "k6/http";
import type { HttpTarget } from "../config/types.ts";
import { reasonFromHttpErrorCode } from "../metrics/classify.ts";
import { hostnameFromJson } from "../metrics/dest-pod.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { hostSwapper } from "../paths/host-swap.ts";
import { destPodOf } from "../paths/pod-names.ts";
import { now } from "./clock.ts";
import { recordUnexpected } from "./unexpected.ts";
import { closingHeaders, ConnectionRenewal } from "./connection-policy.ts";

export const DEFAULT_HTTP_METHOD = "GET";
export const DEFAULT_EXPECTED_STATUS: readonly number[] = [200];

/** Whether a response body passes the target's body rules (absent rules pass). */
export function bodyMatches(body: string | null, contains: string | undefined, excludes: string | undefined): boolean {
  if (contains === undefined && excludes === undefined) return true;
  if (typeof body !== "string") return false;
  return (contains === undefined || body.includes(contains)) && (excludes === undefined || !body.includes(excludes));
}

/**
 * The probe takes an optional host: a pod IP on the pod path, which replaces the URL's host. The body, when a
 * body check asks for it, also tells which pod answered (podinfo's `"hostname"`); on the pod path the dialled IP
 * names the pod even when nothing answered.
 */
export function createHttpProbe(plan: TargetPlan<HttpTarget>, recorder: Recorder): (host?: string) => void {
  const { target } = plan;
  const method = target.method ?? DEFAULT_HTTP_METHOD;
  const expected = target.expectedStatus ?? DEFAULT_EXPECTED_STATUS; // a handful: an Array costs a VU less than a Set
  const checksBody = target.bodyContains !== undefined || target.bodyExcludes !== undefined;
  const body = target.body ?? null;
  const params: Params = {
    timeout: plan.timeoutMs, // milliseconds: k6 parses duration text on every request
    // `name` keeps k6's own series low-cardinality (it defaults to the full URL).
    tags: { name: target.name },
    // k6's http_req_failed agrees with the target's idea of success. In continuous mode nothing reads it (no
    // threshold, rule or panel): null makes k6 emit no http_req_failed sample at all, one sample less per probe.
    responseCallback: plan.continuous ? (null as unknown as ReturnType<typeof http.expectedStatuses>) : http.expectedStatuses(...expected),
    responseType: (checksBody ? "text" : "none") satisfies ResponseType,
    ...(target.headers !== undefined ? { headers: target.headers } : {}),
  };
  const closingParams: Params = { ...params, headers: closingHeaders(target.headers) };
  const renewal = new ConnectionRenewal(target);

  const urlFor = hostSwapper(target.url);
  const { url: configuredUrl } = target;
  // The usual case, one expected status, is a comparison; several are a search.
  const onlyExpected = expected.length === 1 ? expected[0] : undefined;

  // The hot path of every HTTP probe: each property read and call here is interpreted by k6's runtime per probe.
  return function probeHttp(host?: string): void {
    const started = now();
    try {
      const url = host === undefined ? configuredUrl : urlFor(host);
      let requestParams = params;
      if (renewal.renews) {
        const wall = Date.now();
        if (renewal.due(wall)) {
          renewal.opened(wall);
          requestParams = closingParams;
        }
      }
      const res = http.request(method, url, body, requestParams) as RefinedResponse<ResponseType>;
      const status = res.status;
      let reason: Reason | undefined;
      if (status === 0) reason = reasonFromHttpErrorCode(res.error_code);
      else if (onlyExpected !== undefined ? status !== onlyExpected : !expected.includes(status)) reason = "status";
      else if (checksBody && !bodyMatches(res.body as string | null, target.bodyContains, target.bodyExcludes)) reason = "body";
      // k6's timings have microsecond fractions (sending + waiting + receiving; connect and TLS excluded). It
      // records 0 ms for timeouts during DNS or connect: the engine's clock is the honest figure without a response.
      const durationMs = status === 0 ? now() - started : res.timings.duration;
      if (!checksBody && host === undefined) return recorder.record(reason, durationMs);
      const answered = checksBody && typeof res.body === "string" ? hostnameFromJson(res.body) : undefined;
      recorder.record(reason, durationMs, destPodOf(answered, host));
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  };
}
