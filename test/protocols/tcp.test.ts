// TCP probe against the fake k6/x/tcp and k6/http (its connect test): every step bounded by the timeout, every
// socket destroyed, and never a touch of a socket whose dial is pending (it blocks real k6's event loop).
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { TcpTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { createTcpProbe } from "../../src/protocols/tcp.ts";
import { httpServer } from "../fakes/k6-http.ts";
import { K6_DIAL_TIMEOUT_MS, tcpPeers, type TcpPeer } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { lastDurationMs, lastReason, outcomes, planFor, resetFakes } from "../helpers.ts";

const REQUEST = "GET /healthz HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n";
const HEALTHZ: TcpTarget = { name: "healthz", protocol: "tcp", host: "podinfo", port: 9898, payload: REQUEST, expectPrefix: "HTTP/1.1 200", timeout: "40ms" };
const SEND_ONLY: TcpTarget = { name: "send", protocol: "tcp", host: "podinfo", port: 9898, payload: REQUEST, timeout: "40ms" };
const CONNECT_ONLY: TcpTarget = { name: "dial", protocol: "tcp", host: "podinfo", port: 9898, timeout: "40ms" };
const RESET = "read tcp 127.0.0.1:57318->10.96.0.20:9898: read: connection reset by peer";

async function probeOnce(target: TcpTarget, peer: TcpPeer): Promise<void> {
  const plan = planFor(target);
  tcpPeers.peer = () => peer;
  await createTcpProbe(plan, createRecorder(plan))();
}

function assertAllDestroyed(): void {
  for (const socket of tcpPeers.sockets) {
    assert.equal(socket.state, "destroyed");
    assert.equal(socket.closeEvents, 1);
  }
}

describe("TCP probe", () => {
  beforeEach(resetFakes);

  it("succeeds on connect alone with the connect test, timing the handshake, and opens no k6/x/tcp socket", async () => {
    await probeOnce(CONNECT_ONLY, { kind: "silent" });
    assert.deepEqual(outcomes(), [{ protocol: "tcp", target: "dial", result: "ok", latency: "fast", value: 1 }]);
    assert.equal(lastDurationMs(), 0.46, "k6's timings.connecting, with its microsecond fractions");
    assert.equal(tcpPeers.sockets.length, 0);
    const [call] = httpServer.calls;
    assert.equal(call?.url, "http://podinfo:9898/");
    assert.deepEqual(call?.params.headers, { Connection: "close" }, "a fresh connection every time");
    assert.equal(call?.params.responseCallback, null, "no http_req_failed sample for a port that does not speak HTTP");
    assert.equal(k6State.samplesOf("http_req_failed").length, 0);
  });

  it("writes the payload and matches the expected prefix across chunks", async () => {
    await probeOnce(HEALTHZ, { kind: "reply", chunks: ["HTTP/1.", "1 200 OK\r\nContent-Length: 20\r\n\r\n", '{"status": "OK"}'] });
    assert.equal(lastReason(), undefined);
    assert.deepEqual(tcpPeers.sockets[0]?.writes, [REQUEST]);
    const [opened] = k6State.samplesOf("tcp_sockets");
    assert.equal(opened?.tags.target, "healthz", "k6/x/tcp's own samples name the target (the scenario's tag)");
    assertAllDestroyed();
  });

  it("succeeds on a server greeting when no payload is configured", async () => {
    await probeOnce({ ...CONNECT_ONLY, expectPrefix: "SSH-2.0" }, { kind: "greet", chunks: ["SSH-2.0-OpenSSH_9.2\r\n"] });
    assert.equal(lastReason(), undefined);
  });

  it("matches a prefix beyond ASCII by its UTF-8 bytes, across chunks, and fails on one byte that differs", async () => {
    const greeting = { ...CONNECT_ONLY, expectPrefix: "Grüße ✓", timeout: "1s" }; // not about time: room for a loaded machine
    await probeOnce(greeting, { kind: "greet", chunks: ["Grü", "ße ✓ ready\r\n"] });
    assert.equal(lastReason(), undefined);
    await probeOnce(greeting, { kind: "greet", chunks: ["Grüße ✗ ready\r\n"] }); // ✓ and ✗ differ in their last byte
    assert.equal(lastReason(), "body");
  });

  it("makes one connection per probe for a payload on a healthy path: k6/x/tcp alone, no connect test", async () => {
    await probeOnce({ ...HEALTHZ, timeout: "1s" }, { kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n"] });
    assert.equal(httpServer.dials, 0);
    assert.equal(tcpPeers.sockets.length, 1);
    assert.equal(lastReason(), undefined);
    // Each handler is a call into Go per probe: `error` says nothing the close and the rejections do not say here.
    assert.deepEqual(tcpPeers.sockets[0]?.events, ["close", "timeout", "data"]);
    assert.deepEqual(tcpPeers.sockets[0]?.idleTimeouts, [1000], "the idle timeout set once, before the dial");
    assertAllDestroyed();
  });

  const FAILURES: ReadonlyArray<[string, TcpTarget, TcpPeer, string]> = [
    ["a refused connection", HEALTHZ, { kind: "refused" }, "connect"],
    ["a host that does not resolve", HEALTHZ, { kind: "nxdomain" }, "dns"],
    ["a wrong response prefix", HEALTHZ, { kind: "reply", chunks: ["HTTP/1.1 503 Service Unavailable\r\n"] }, "body"],
    ["a peer that closes before answering", HEALTHZ, { kind: "reply", chunks: [] }, "reset"],
    ["a peer that closes mid-prefix", HEALTHZ, { kind: "reply", chunks: ["HTTP/1"] }, "body"],
    ["a reset after the write", HEALTHZ, { kind: "read-error", message: RESET }, "reset"],
    ["a reset after part of the expected prefix", HEALTHZ, { kind: "read-error", message: RESET, before: ["HTTP/1"] }, "reset"],
    [
      "a TLS server that refuses the client after the handshake (TLS 1.3 asks for a certificate)",
      { ...HEALTHZ, tls: true },
      { kind: "read-error", message: "remote error: tls: certificate required", tls: true },
      "tls",
    ],
    ["a peer that closes before the payload is written (no reply expected)", SEND_ONLY, { kind: "close-on-accept" }, "reset"],
    ["a server that accepts and never answers (the socket's idle timeout)", HEALTHZ, { kind: "silent" }, "timeout"],
    ["a dial that completes after the timeout", HEALTHZ, { kind: "silent", dialMs: 60 }, "timeout"],
  ];
  for (const [what, target, peer, reason] of FAILURES) {
    it(`counts ${what} as ${reason} and destroys the socket`, async () => {
      await probeOnce(target, peer);
      assert.equal(lastReason(), reason);
      assert.deepEqual(outcomes().map((o) => [o.protocol, o.target, o.result]), [["tcp", target.name, "fail"]]);
      assertAllDestroyed();
      assert.deepEqual(k6State.fatal, []);
    });
  }

  it("ends a silent exchange at the probe's timeout when the dial took part of it", async () => {
    // The idle timeout is armed for the whole timeout before the dial; the dial's share is taken off once connected.
    await probeOnce({ ...HEALTHZ, timeout: "200ms" }, { kind: "silent", dialMs: 120 });
    assert.equal(lastReason(), "timeout");
    const ms = lastDurationMs();
    assert.ok(ms >= 190 && ms < 280, `recorded ${ms} ms: the timeout (200), not the dial plus the timeout (320)`);
    assertAllDestroyed();
  });

  it("records a dial that meets a dropped SYN as a timeout when k6's dialer gives up, then proves the path with the connect test first", async () => {
    const plan = planFor(HEALTHZ);
    const probe = createTcpProbe(plan, createRecorder(plan));
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: 150 });
    await probe();
    assert.equal(lastReason(), "timeout");
    assert.ok(lastDurationMs() >= 148, `recorded ${lastDurationMs()} ms: the dial's whole wait, which held the VU`);
    assert.deepEqual([tcpPeers.sockets.length, httpServer.dials], [1, 0]);
    const started = Date.now();
    await probe();
    assert.equal(lastReason(), "timeout");
    assert.ok(Date.now() - started < 140, "the guarded probe ends at its timeout: no k6/x/tcp dial was started");
    assert.deepEqual([tcpPeers.sockets.length, httpServer.dials], [1, 1]);
    assertAllDestroyed();
    assert.deepEqual(k6State.fatal, []);
  });

  it("counts a negative probe on a SYN-dropping path as blocked, from the connect test alone", async () => {
    await probeOnce({ ...HEALTHZ, expect: "blocked", sibling: "healthz-ok" }, { kind: "syn-drop", dialMs: K6_DIAL_TIMEOUT_MS });
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => [s.tags.result, s.tags.expect]), [["ok", "blocked"]]);
    assert.equal(tcpPeers.sockets.length, 0);
  });

  it("counts a negative probe whose connection opens as not_blocked, without sending its payload", async () => {
    await probeOnce({ ...HEALTHZ, expect: "blocked", sibling: "healthz-ok" }, { kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n"] });
    assert.equal(lastReason(), "not_blocked");
    assert.equal(tcpPeers.sockets.length, 0);
  });

  it("records a k6/x/tcp dial that hangs after the connect test got through as one timeout, and destroys the socket once the dial ends", async () => {
    const plan = planFor(HEALTHZ);
    const probe = createTcpProbe(plan, createRecorder(plan));
    tcpPeers.peer = () => ({ kind: "silent" });
    await probe(); // a silent server: the idle timeout says timeout, and guards the next probe
    assert.equal(lastReason(), "timeout");
    let connections = 0; // then a Service balancing the second connection onto a vanished backend
    tcpPeers.peer = () => (connections++ === 0 ? { kind: "reply", chunks: [] } : { kind: "syn-drop", dialMs: 150 });
    await probe();
    assert.equal(httpServer.dials, 1, "the guarded probe ran the connect test first");
    assert.equal(lastReason(), "timeout");
    assert.equal(k6State.samplesOf("cl_requests").length, 2, "the dial error is not counted twice");
    assert.deepEqual(k6State.fatal, [], "destroy() while dialing blocks real k6");
    assertAllDestroyed();
  });

  it("checks a reply whose first chunk holds the prefix in one call into Go, however long it is (each byte read is another on real k6)", async () => {
    const info = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"hostname": "podinfo-7d9c-x2", "padding": "${"x".repeat(3000)}"}`;
    await probeOnce({ ...HEALTHZ, payload: "GET /api/info HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n" }, { kind: "reply", chunks: [info] });
    assert.equal(lastReason(), undefined);
    assert.equal(k6State.goSliceDecodes, 1, "the chunk decoded by k6's TextDecoder");
    assert.equal(tcpPeers.byteReads, 0);
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => s.tags.dest_pod), ["unknown"], "a Service-path TCP probe names no pod");
  });

  it("reads a prefix split across reads only as far as it goes, after the first chunk's decoding falls short", async () => {
    await probeOnce(HEALTHZ, { kind: "reply", chunks: ["HTTP/1.", `1 200 OK\r\n${"x".repeat(3000)}`] });
    assert.equal(lastReason(), undefined);
    assert.equal(k6State.goSliceDecodes, 1, "the first chunk only");
    assert.equal(tcpPeers.byteReads, "HTTP/1.1 200".length);
  });

  it("tells a reply that starts with a byte order mark from the prefix after it", async () => {
    await probeOnce(HEALTHZ, { kind: "reply", chunks: ["\uFEFFHTTP/1.1 200 OK\r\n"] });
    assert.equal(lastReason(), "body");
  });
});
