// Failure classification: what k6 and its extensions report (../shared/reference/k6-failure-modes.md) mapped
// onto the fixed reason set. Pure, so every row of the failure table is a unit test.
import { GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE, grpcCode, type GrpcStatusValue } from "./grpc-status.ts";
import type { Reason } from "./names.ts";

/** k6's HTTP error_code for a transport failure (status 0) -> reason. Codes: k6 docs, "Error codes". */
export function reasonFromHttpErrorCode(code: number): Reason {
  if (code === 1050 || code === 1211) return "timeout"; // request timeout (also DNS and connect timeouts), dial timeout
  if (code === 1000 || code === 1201 || code === 1220) return "reset"; // EOF, broken pipe, connection reset by peer
  if (code === 1110 || code === 1111) return "connect"; // blacklisted IP / blocked host name: k6 refused to dial
  if (code >= 1100 && code < 1200) return "dns";
  if (code >= 1200 && code < 1300) return "connect";
  if (code >= 1300 && code < 1400) return "tls";
  return "error";
}

/** A reason and the words its Go error texts contain; `pattern` is tried only on a text that contains its `hint`. */
interface TextRule {
  reason: Reason;
  words: readonly string[];
  pattern?: { hint: string; re: RegExp };
}

// Order matters: a TLS or DNS failure wrapped in "context deadline exceeded" is a TLS or DNS failure. Words are
// found in the lowercased text with includes(), a plain string search in Go: k6's runtime runs a regular
// expression in Go's backtracking matcher, at tens of thousands of instructions per pattern and text (callgrind
// on real k6 v2.2.0), and a failing target classifies every probe.
/** A dial that found no one listening or no way there: a connect failure for every protocol (DNS included). */
const NO_LISTENER_OR_ROUTE = ["connection refused", "network is unreachable", "no route to host"];

const TEXT_RULES: readonly TextRule[] = [
  { reason: "dns", words: ["no such host", "server misbehaving"], pattern: { hint: "lookup ", re: /lookup \S+ on \S+/ } },
  { reason: "tls", words: ["tls:", "x509", "certificate", "authentication handshake"] },
  // Two connect rules, not one spread array: esbuild keeps a spread in every chunk that imports this file.
  { reason: "connect", words: NO_LISTENER_OR_ROUTE },
  { reason: "connect", words: ["server preface", "host is down"] },
  { reason: "reset", words: ["reset by peer", "broken pipe", "no active connection"], pattern: { hint: "eof", re: /\beof\b/ } },
  { reason: "timeout", words: ["deadline exceeded", "deadlineexceeded", "timeout", "timed out", "timedout", "time out"] },
];

/** Reason for a Go error text (gRPC connect, TCP errors): the fallback is "error". */
export function reasonFromErrorText(text: string): Reason {
  const lower = text.toLowerCase();
  for (const { reason, words, pattern } of TEXT_RULES) {
    if (containsAny(lower, words)) return reason;
    if (pattern !== undefined && lower.includes(pattern.hint) && pattern.re.test(lower)) return reason;
  }
  return "error";
}

function containsAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true;
  return false;
}

/** An invoke's result -> undefined when it is the expected status, else a reason. `status` may be k6's wrapped Go value. */
export function reasonFromGrpcStatus(status: GrpcStatusValue, expected: number, errorMessage: string | undefined): Reason | undefined {
  const code = grpcCode(status);
  if (code === expected) return undefined;
  if (code === GRPC_DEADLINE_EXCEEDED) return "timeout";
  // UNAVAILABLE carrying a transport error (the client could not reach the server) is a network failure;
  // without one, the server itself answered UNAVAILABLE: a status like any other.
  const fromText = code === GRPC_UNAVAILABLE ? reasonFromErrorText(errorMessage ?? "") : "error";
  return fromText === "error" ? "status" : fromText;
}

/** Reasons after which a gRPC connection is dropped and dialled afresh on the next probe. */
export function isTransportReason(reason: Reason | undefined): boolean {
  return reason === "dns" || reason === "connect" || reason === "reset" || reason === "tls";
}

/** A k6/x/dns rejection (a plain object) -> reason. NXDOMAIN and REFUSED are answers with a bad rcode. */
export function reasonFromDnsRejection(rejection: unknown): Reason {
  const text = String(rejection).toLowerCase();
  if (text.includes("timeout")) return "timeout";
  if (containsAny(text, NO_LISTENER_OR_ROUTE)) return "connect";
  const name = (rejection as { name?: unknown } | null)?.name;
  if (name === "NonExistingDomain" || name === "Refused") return "status";
  return "error";
}

/** The parts of a k6 HTTP response that tell whether a TCP connection was established. */
export interface ConnectEvidence {
  status: number;
  error_code: number;
  timings: { connecting: number; tls_handshaking: number; sending: number; waiting: number };
}

/**
 * A k6 HTTP request used as a TCP connect test -> undefined when the TCP connection was established (whatever
 * the server then said: an HTTP answer, garbage, EOF, a reset on read, silence until the timeout), else why the
 * dial failed. k6 leaves every timing at 0 when the dial never completed (refused, dropped SYN, DNS).
 */
export function reasonFromConnectTest(res: ConnectEvidence): Reason | undefined {
  if (res.status !== 0) return undefined;
  const { connecting, tls_handshaking, sending, waiting } = res.timings;
  if (connecting > 0 || tls_handshaking > 0 || sending > 0 || waiting > 0) return undefined;
  return reasonFromHttpErrorCode(res.error_code);
}
