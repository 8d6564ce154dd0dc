// Failure classification against the k6 error codes and Go error texts a platform engineer will meet.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTransportReason, reasonFromConnectTest, reasonFromErrorText, reasonFromGrpcStatus, reasonFromHttpErrorCode } from "../../src/metrics/classify.ts";

describe("HTTP error codes", () => {
  const cases: ReadonlyArray<[number, string, string]> = [
    [1211, "timeout", "dial timeout"],
    [1201, "reset", "broken pipe"],
    [1111, "connect", "blocked host name"],
    [1301, "tls", "TLS on a plaintext port"],
    [1399, "tls", "the top of k6's TLS range"],
    [1350, "tls", "a certificate error in the upper TLS range"],
    [1020, "error", "an invalid URL (k6 sends nothing)"],
  ];
  for (const [code, reason, what] of cases) it(`reads ${code} (${what}) as ${reason}`, () => assert.equal(reasonFromHttpErrorCode(code), reason));
});

describe("Go error texts", () => {
  const cases: ReadonlyArray<[string, string]> = [
    ["lookup refused.test on 127.0.0.1:53: server misbehaving", "dns"],
    ["lookup nxdomain.invalid on 10.255.255.53:53: dial udp 10.255.255.53:53: connect: network is unreachable", "dns"],
    ["TCP error during connect: tls: first record does not look like a TLS handshake", "tls"],
    ["TCP error during connect: dial tcp 127.0.0.1:19557: connect: connection refused", "connect"],
    ['context deadline exceeded: connection error: desc = "error reading server preface: http2: frame too large"', "connect"],
    ["TCP error during read: read tcp 127.0.0.1:57318->127.0.0.1:9898: read: connection reset by peer", "reset"],
    ["TCP error during write: write tcp 127.0.0.1:57318->127.0.0.1:9898: write: broken pipe", "reset"],
    ["unexpected EOF", "reset"],
    ["TCP error during connect: dial tcp 127.0.0.1:17010: i/o timeout", "timeout"],
    ["rpc error: code = DeadlineExceeded desc = context deadline exceeded", "timeout"],
    ["Request Timed Out", "timeout"],
    ["something nobody expected", "error"],
  ];
  for (const [text, reason] of cases) it(`reads "${text}" as ${reason}`, () => assert.equal(reasonFromErrorText(text), reason));
  it("reads EOF only as a word", () => assert.equal(reasonFromErrorText("geoffrey's EOFs"), "error"));
  it("reads a write after the peer closed (no active connection) as reset", () => assert.equal(reasonFromErrorText("no active connection"), "reset"));
  it("reads a gRPC TLS handshake failure wrapped in a deadline as tls, not timeout", () =>
    assert.equal(
      reasonFromErrorText('context deadline exceeded: connection error: desc = "transport: authentication handshake failed: EOF"'),
      "tls",
    ));
});

describe("gRPC", () => {
  it("reads UNAVAILABLE carrying a DNS or TLS transport error as that failure, which drops the connection", () => {
    const dns = reasonFromGrpcStatus(14, 0, 'connection error: desc = "transport: error while dialing: lookup podinfo on 10.96.0.10:53: no such host"');
    const tls = reasonFromGrpcStatus(14, 0, 'connection error: desc = "transport: authentication handshake failed: x509: certificate signed by unknown authority"');
    assert.deepEqual([dns, tls], ["dns", "tls"]);
    assert.deepEqual([isTransportReason(dns), isTransportReason(tls)], [true, true]);
  });

  it("compares a wrapped status by its code", () => {
    const wrapped = { valueOf: () => 5 };
    assert.equal(reasonFromGrpcStatus(wrapped, 5, undefined), undefined);
    assert.equal(reasonFromGrpcStatus({ valueOf: () => 0 }, 5, undefined), "status");
  });
});

describe("the TCP connect test (a k6 HTTP request), as real k6 v2.2.0 reported each case", () => {
  const t = (connecting: number, sending = 0, waiting = 0) => ({ connecting, tls_handshaking: 0, sending, waiting });
  const cases: ReadonlyArray<[string, Parameters<typeof reasonFromConnectTest>[0], string | undefined]> = [
    ["a SYN-dropping port: request timeout, every timing 0", { status: 0, error_code: 1050, timings: t(0) }, "timeout"],
    ["a refused port", { status: 0, error_code: 1212, timings: t(0) }, "connect"],
    ["a name that does not resolve", { status: 0, error_code: 1101, timings: t(0) }, "dns"],
    ["a reset during the dial", { status: 0, error_code: 1220, timings: t(0) }, "reset"],
    ["podinfo answering", { status: 200, error_code: 0, timings: t(0.351, 1.14, 0.68) }, undefined],
    ["a server that accepts and stays silent until the timeout", { status: 0, error_code: 1050, timings: t(0.54, 0.05, 1999.7) }, undefined],
    ["a gRPC port answering HTTP/1 with an HTTP/2 frame (malformed response)", { status: 0, error_code: 1000, timings: t(1.36, 0.09) }, undefined],
    ["a 404 from an HTTP server", { status: 404, error_code: 1404, timings: t(0.2) }, undefined],
  ];
  for (const [what, res, reason] of cases) it(`reads ${what} as ${reason ?? "established"}`, () => assert.equal(reasonFromConnectTest(res), reason));
});
