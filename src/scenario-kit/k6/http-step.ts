// The HTTP step: one request, judged like the HTTP probe (k6's error code, the expected statuses, the body
// rules), bounded by what is left of the scenario's timeout. The body is always read: scenarios use answers.
// Steps of one iteration share the VU's keep-alive connection; `closeAfter` (the last declared HTTP step, on path
// "service") sends `Connection: close`, so the next iteration dials afresh and a Service's per-connection
// balancing spreads iterations over its backends, as the HTTP probe's "per-probe" policy does.
import http, { type Params, type RefinedResponse, type ResponseType } from "k6/http";
import { reasonFromHttpErrorCode } from "../../metrics/classify.ts";
import { hostnameFromJson } from "../../metrics/dest-pod.ts";
import type { Reason } from "../../metrics/names.ts";
import { now } from "../../protocols/clock.ts";
import { closingHeaders } from "../../protocols/connection-policy.ts";
import { bodyMatches, DEFAULT_EXPECTED_STATUS, DEFAULT_HTTP_METHOD } from "../../protocols/http.ts";
import type { HttpStepRequest, HttpStepResult } from "../define.ts";
import type { Iteration } from "../iteration.ts";

export type HttpStep = (step: string, request: HttpStepRequest) => HttpStepResult;

export function createHttpStep(iteration: Iteration, targetName: string, closeAfter: string | undefined): HttpStep {
  // k6's own series (http_req_*) get a bounded `name` per step instead of the URL.
  const names = new Map<string, Record<string, string>>();
  const callbacks = new Map<string, Params["responseCallback"]>();
  const nameTags = (step: string) => {
    let tags = names.get(step);
    if (tags === undefined) names.set(step, (tags = { name: `${targetName}/${step}` }));
    return tags;
  };
  // k6's http_req_failed agrees with the step's idea of success; one callback per distinct status list.
  const callbackFor = (expected: readonly number[]) => {
    const key = expected.join(",");
    let callback = callbacks.get(key);
    if (callback === undefined) callbacks.set(key, (callback = http.expectedStatuses(...expected)));
    return callback;
  };

  const headersFor = (step: string, headers: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined =>
    (step === closeAfter ? closingHeaders(headers) : headers) as Record<string, string> | undefined;

  return (step, request) => {
    const timeoutMs = iteration.enter(step, now());
    const started = now();
    const headers = headersFor(step, request.headers);
    const expected = request.expectedStatus ?? DEFAULT_EXPECTED_STATUS;
    const params: Params = {
      timeout: `${timeoutMs}ms`,
      tags: nameTags(step),
      responseCallback: callbackFor(expected),
      responseType: "text" satisfies ResponseType,
      ...(headers !== undefined ? { headers } : {}),
    };
    const res = http.request(request.method ?? DEFAULT_HTTP_METHOD, request.url, request.body ?? null, params) as RefinedResponse<ResponseType>;
    const body = typeof res.body === "string" ? res.body : "";
    let reason: Reason | undefined;
    if (res.status === 0) reason = reasonFromHttpErrorCode(res.error_code);
    else if (!expected.includes(res.status)) reason = "status";
    else if (!bodyMatches(body, request.bodyContains, request.bodyExcludes)) reason = "body";
    else if (request.check !== undefined && !request.check({ status: res.status, body })) reason = "body";
    if (reason === undefined) iteration.servedBy(hostnameFromJson(body));
    const durationMs = now() - started;
    iteration.leave(step, reason, durationMs);
    return { status: res.status, body, durationMs };
  };
}
