// Fake of "k6/http": request() answers from a scripted server, returning exactly the fields, error codes and
// samples real k6 v2.2.0 produces for each case (../shared/reference/k6-failure-modes.md, section 1).
import { blockFor, toMs } from "./clock.ts";
import { k6State } from "./state.ts";

/** What the scripted server does with one request. */
export type HttpBehaviour =
  | { kind: "answer"; status: number; body?: string; durationMs?: number }
  | { kind: "transport"; error: string; errorCode: number; durationMs: number; wallMs?: number }
  | { kind: "hang" } // accepts, never answers: the request's timeout decides
  | { kind: "connect-hang" }; // SYN never answered: timeout, but every timing is 0

/** The scripted server; it sees the request body and params too (headers), as a real server would. */
export type HttpHandler = (method: string, url: string, body: unknown, params: Params) => HttpBehaviour;

export const httpServer = {
  behaviour: (() => ({ kind: "answer", status: 200, body: "{}" })) as HttpHandler,
  calls: [] as Array<{ method: string; url: string; body: unknown; params: Params }>,
  reset(): void {
    this.behaviour = () => ({ kind: "answer", status: 200, body: "{}" });
    this.calls = [];
  },
};

/** Real k6 transport failures (status 0). */
export const transport = {
  refused: (): HttpBehaviour => ({ kind: "transport", error: "dial: connection refused", errorCode: 1212, durationMs: 0 }),
  resetAfterRequest: (): HttpBehaviour => ({ kind: "transport", error: "read: connection reset by peer", errorCode: 1220, durationMs: 0.356 }),
  eof: (): HttpBehaviour => ({ kind: "transport", error: "EOF", errorCode: 1000, durationMs: 0.224 }),
  nxdomain: (): HttpBehaviour => ({ kind: "transport", error: "lookup: no such host", errorCode: 1101, durationMs: 0 }),
  resolverRefused: (): HttpBehaviour => ({
    kind: "transport",
    error: "lookup refused.test on 127.0.0.1:53: server misbehaving",
    errorCode: 1100,
    durationMs: 0,
  }),
  tlsOnPlainPort: (): HttpBehaviour => ({ kind: "transport", error: "tls: first record does not look like a TLS handshake", errorCode: 1301, durationMs: 0 }),
  blacklisted: (): HttpBehaviour => ({ kind: "transport", error: "ip is blacklisted", errorCode: 1110, durationMs: 0 }),
};

interface ExpectedStatuses {
  readonly expected: ReadonlySet<number>;
}
export interface Params {
  timeout?: string | number;
  tags?: Record<string, string>;
  responseCallback?: ExpectedStatuses | null | ((r: unknown) => boolean);
  responseType?: "text" | "binary" | "none";
  headers?: Record<string, string>;
}

export function expectedStatuses(...statuses: Array<number | { min: number; max: number }>): ExpectedStatuses {
  const expected = new Set<number>();
  for (const s of statuses) {
    if (typeof s === "number") expected.add(s);
    else for (let code = s.min; code <= s.max; code++) expected.add(code);
  }
  return { expected };
}

const DEFAULT_CALLBACK = expectedStatuses({ min: 200, max: 399 });
const DEFAULT_TIMEOUT_MS = 60_000;

function timings(duration: number, connecting = 0) {
  return { duration, blocked: 0, connecting, tls_handshaking: 0, sending: 0, waiting: duration, receiving: 0 };
}

/** Go's url.Parse complaint about a URL, or undefined when it parses (the cases the engine can meet). */
function invalidUrl(url: string): string | undefined {
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined) return "missing protocol scheme";
  if (authority.startsWith("[") && !authority.includes("]")) return "missing ']' in host";
  return undefined;
}

export function request(method: string, url: string, body: unknown = null, params: Params = {}) {
  httpServer.calls.push({ method, url, body, params });
  const callback = params.responseCallback === undefined ? DEFAULT_CALLBACK : params.responseCallback;
  if (typeof callback === "function") {
    // Real k6: no request, no samples, a status-0 response.
    return { status: 0, error: "unsupported responseCallback", error_code: 0, body: [], timings: timings(0), proto: "" };
  }
  const invalid = invalidUrl(url);
  if (invalid !== undefined) {
    // Real k6: no request, no samples, error_code 1020 and an empty body array.
    return { status: 0, error: `invalid URL: parse "${url}": ${invalid}`, error_code: 1020, body: [], timings: timings(0), proto: "" };
  }
  const timeoutMs = toMs(params.timeout, DEFAULT_TIMEOUT_MS);
  let behaviour = httpServer.behaviour(method, url, body, params);
  let durationMs: number;
  if (behaviour.kind === "hang" || behaviour.kind === "connect-hang") {
    blockFor(timeoutMs);
    durationMs = behaviour.kind === "hang" ? timeoutMs + 0.8 : 0; // a connect timeout records 0 ms
    behaviour = { kind: "transport", error: "request timeout", errorCode: 1050, durationMs };
  } else if (behaviour.kind === "answer" && (behaviour.durationMs ?? 0) > timeoutMs) {
    blockFor(timeoutMs);
    behaviour = { kind: "transport", error: "request timeout", errorCode: 1050, durationMs: timeoutMs + 1.2 };
  } else if (behaviour.kind === "answer") {
    blockFor(behaviour.durationMs ?? 0);
  }

  const status = behaviour.kind === "answer" ? behaviour.status : 0;
  const errorCode = behaviour.kind === "answer" ? (status >= 400 ? 1000 + status : 0) : behaviour.errorCode;
  const error = behaviour.kind === "answer" ? "" : behaviour.error;
  durationMs = behaviour.kind === "answer" ? (behaviour.durationMs ?? 0.7) : behaviour.durationMs;
  const expected = callback === null ? undefined : callback.expected.has(status);

  const tags: Record<string, string> = { method, url, name: url, ...params.tags, status: String(status) };
  if (status !== 0) tags.proto = "HTTP/1.1";
  if (errorCode !== 0) tags.error_code = String(errorCode);
  if (status === 0) tags.error = error;
  if (expected !== undefined) tags.expected_response = String(expected);
  k6State.emit("http_reqs", "counter", 1, tags);
  k6State.emit("http_req_duration", "trend", durationMs, tags);
  if (expected !== undefined) k6State.emit("http_req_failed", "rate", expected ? 0 : 1, tags);

  const keepBody = status !== 0 && params.responseType === "text";
  return {
    status,
    status_text: status === 0 ? "" : `${status}`,
    error,
    error_code: errorCode,
    proto: status === 0 ? "" : "HTTP/1.1",
    body: keepBody && behaviour.kind === "answer" ? (behaviour.body ?? "") : null,
    timings: timings(durationMs),
  };
}

export const get = (url: string, params?: Params) => request("GET", url, null, params);

export default { request, get, expectedStatuses };
