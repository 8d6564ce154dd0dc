// Fake of "k6/http": request() answers from a scripted server, returning exactly the fields, error codes and
// samples real k6 v2.2.0 produces for each case (../shared/reference/k6-failure-modes.md, section 1).
//
// Connections as Go's transport keeps them: one keep-alive pool per VU (this module), keyed by host:port. A
// request reuses a pooled connection; a new one is dialled through the network model (`tcpPeers.peer`, the same
// table k6/x/tcp and k6/net/grpc dial through, so a Service fake balances every protocol per connection). A
// refused, unresolvable or SYN-dropping peer fails the dial; any other peer accepts and `httpServer.behaviour`
// answers, seeing which connection (and which pod behind a Service) carries the request. A connection is
// pooled after an answer unless the request said `Connection: close` (the server then closes it). Timings:
// `connecting` > 0 only on a freshly dialled connection; all 0 when the dial never completed.
// asyncRequest() resolves after the same time without blocking the event loop, as k6's does.
import { blockFor, toMs } from "./clock.ts";
import { k6State } from "./state.ts";
import { tcpPeers, type TcpPeer } from "./k6-x-tcp.ts";

/** One TCP connection of the VU's transport. */
export interface HttpConnection {
  readonly id: number;
  /** What accepted it: carries the pod behind a Service fake. */
  readonly peer: TcpPeer;
  /** This request dialled it. */
  readonly fresh: boolean;
}

/** What the scripted server does with one request. */
export type HttpBehaviour =
  | { kind: "answer"; status: number; body?: string; durationMs?: number }
  | { kind: "transport"; error: string; errorCode: number; durationMs: number; wallMs?: number }
  | { kind: "hang" } // accepts, never answers: the request's timeout decides
  | { kind: "connect-hang" }; // SYN never answered: timeout, but every timing is 0

/** The scripted server: it sees the connection carrying the request, and the body and params (headers), as a server would. */
export type HttpHandler = (method: string, url: string, conn: HttpConnection, body: unknown, params: Params) => HttpBehaviour;

export const httpServer = {
  behaviour: (() => ({ kind: "answer", status: 200, body: "{}" })) as HttpHandler,
  calls: [] as Array<{ method: string; url: string; body: unknown; params: Params }>,
  /** TCP connections dialled so far (successful or not). */
  dials: 0,
  /** Idle keep-alive connections by host:port. */
  pool: new Map<string, HttpConnection>(),
  reset(): void {
    this.behaviour = () => ({ kind: "answer", status: 200, body: "{}" });
    this.calls = [];
    this.dials = 0;
    this.pool = new Map();
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

/** host and port of an http(s) URL (the fakes' URLs carry no userinfo). */
function authorityOf(url: string): { host: string; port: number; key: string } {
  const [, scheme, authority] = /^([a-z]+):\/\/([^/?#]*)/i.exec(url) as unknown as [string, string, string];
  const bracket = authority.startsWith("[") ? authority.indexOf("]") : -1;
  const colon = authority.lastIndexOf(":");
  const hasPort = colon > bracket;
  const host = (hasPort ? authority.slice(0, colon) : authority).replace(/^\[|\]$/g, "");
  const port = hasPort ? Number(authority.slice(colon + 1)) : scheme.toLowerCase() === "https" ? 443 : 80;
  return { host, port, key: `${host}:${port}` };
}

function wantsClose(params: Params): boolean {
  return Object.entries(params.headers ?? {}).some(([name, value]) => name.toLowerCase() === "connection" && value.toLowerCase() === "close");
}

type Dialled = { conn: HttpConnection } | { failed: HttpBehaviour; dialMs: number };

/** A pooled connection, or a new dial through the network model. */
function connectionFor(url: string, timeoutMs: number): Dialled {
  const { host, port, key } = authorityOf(url);
  const pooled = httpServer.pool.get(key);
  if (pooled !== undefined) {
    httpServer.pool.delete(key);
    return { conn: { ...pooled, fresh: false } };
  }
  httpServer.dials++;
  const peer = tcpPeers.peer(host, port);
  switch (peer.kind) {
    case "refused":
      return { failed: { kind: "transport", error: "dial: connection refused", errorCode: 1212, durationMs: 0 }, dialMs: 1 };
    case "nxdomain":
      return { failed: { kind: "transport", error: "lookup: no such host", errorCode: 1101, durationMs: 0 }, dialMs: 2 };
    case "syn-drop":
      // The request's timeout covers the dial: whichever ends first. Every timing stays 0.
      return peer.dialMs < timeoutMs
        ? { failed: { kind: "transport", error: "dial: i/o timeout", errorCode: 1211, durationMs: 0 }, dialMs: peer.dialMs }
        : { failed: { kind: "connect-hang" }, dialMs: timeoutMs };
    case "silent":
      // A slow handshake: past the request's timeout it is a connect timeout (every timing 0).
      if ((peer.dialMs ?? 1) >= timeoutMs) return { failed: { kind: "connect-hang" }, dialMs: timeoutMs };
      return { conn: { id: httpServer.dials, peer, fresh: true } };
    default:
      return { conn: { id: httpServer.dials, peer, fresh: true } };
  }
}

interface Outcome {
  response: ReturnType<typeof respond>;
  /** How long real k6 would take to return. */
  waitMs: number;
}

function exchange(method: string, url: string, body: unknown, params: Params): Outcome {
  httpServer.calls.push({ method, url, body, params });
  const callback = params.responseCallback === undefined ? DEFAULT_CALLBACK : params.responseCallback;
  if (typeof callback === "function") {
    // Real k6: no request, no samples, a status-0 response.
    return { response: { status: 0, status_text: "", error: "unsupported responseCallback", error_code: 0, body: [], timings: timings(0), proto: "" }, waitMs: 0 };
  }
  const invalid = invalidUrl(url);
  if (invalid !== undefined) {
    // Real k6: no request, no samples, error_code 1020 and an empty body array.
    return { response: { status: 0, status_text: "", error: `invalid URL: parse "${url}": ${invalid}`, error_code: 1020, body: [], timings: timings(0), proto: "" }, waitMs: 0 };
  }
  const timeoutMs = toMs(params.timeout, DEFAULT_TIMEOUT_MS);
  const dialled = connectionFor(url, timeoutMs);
  let behaviour = "failed" in dialled ? dialled.failed : httpServer.behaviour(method, url, dialled.conn, body, params);
  let waitMs = "failed" in dialled ? dialled.dialMs : 0;
  // A scripted transport failure of 0 ms is a dial-phase failure (refused, DNS, TLS): nothing was established.
  const dialFailed = behaviour.kind === "transport" && behaviour.durationMs === 0;
  const connecting = "conn" in dialled && dialled.conn.fresh && !dialFailed ? (behaviour.kind === "hang" ? 0.082 : 0.46) : 0;
  let durationMs: number;
  if (behaviour.kind === "hang" || behaviour.kind === "connect-hang") {
    waitMs = timeoutMs;
    durationMs = behaviour.kind === "hang" ? timeoutMs + 0.8 : 0; // a connect timeout records 0 ms
    behaviour = { kind: "transport", error: "request timeout", errorCode: 1050, durationMs };
  } else if (behaviour.kind === "answer" && (behaviour.durationMs ?? 0) > timeoutMs) {
    waitMs = timeoutMs;
    behaviour = { kind: "transport", error: "request timeout", errorCode: 1050, durationMs: timeoutMs + 1.2 };
  } else if (behaviour.kind === "answer") {
    waitMs = behaviour.durationMs ?? 0;
  }
  // Only an answered request leaves a reusable connection, and only without `Connection: close`.
  if ("conn" in dialled && behaviour.kind === "answer" && !wantsClose(params)) httpServer.pool.set(authorityOf(url).key, dialled.conn);
  return { response: respond(method, url, params, callback, behaviour, connecting), waitMs };
}

function respond(method: string, url: string, params: Params, callback: ExpectedStatuses | null, behaviour: HttpBehaviour, connecting: number) {
  const status = behaviour.kind === "answer" ? behaviour.status : 0;
  const errorCode = behaviour.kind === "answer" ? (status >= 400 ? 1000 + status : 0) : behaviour.kind === "transport" ? behaviour.errorCode : 0;
  const error = behaviour.kind === "answer" ? "" : behaviour.kind === "transport" ? behaviour.error : "";
  const durationMs = behaviour.kind === "answer" ? (behaviour.durationMs ?? 0.7) : behaviour.kind === "transport" ? behaviour.durationMs : 0;
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
    body: keepBody && behaviour.kind === "answer" ? (behaviour.body ?? "") : (null as string | null | never[]),
    timings: timings(durationMs, connecting),
  };
}

/** Blocks the caller for as long as real k6 would, as k6's synchronous request() does. */
export function request(method: string, url: string, body: unknown = null, params: Params = {}) {
  const { response, waitMs } = exchange(method, url, body, params);
  blockFor(waitMs);
  return response;
}

/** Settles after the same time, leaving the event loop free meanwhile. */
export function asyncRequest(method: string, url: string, body: unknown = null, params: Params = {}) {
  const { response, waitMs } = exchange(method, url, body, params);
  return new Promise<typeof response>((resolve) => setTimeout(() => resolve(response), waitMs));
}

export const get = (url: string, params?: Params) => request("GET", url, null, params);

export default { request, asyncRequest, get, expectedStatuses };
