// Failure classification against the k6 error codes and Go error texts a platform engineer will meet.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isTransportReason, reasonFromErrorText, reasonFromGrpcStatus, reasonFromHttpErrorCode } from "../../src/metrics/classify.ts";

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
