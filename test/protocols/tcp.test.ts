// TCP probe against the fake k6/x/tcp: every step bounded by the timeout, every socket destroyed, and never a
// touch of a socket whose dial is pending (it blocks real k6's event loop).
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, it } from "node:test";
import type { TcpTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { createTcpProbe } from "../../src/protocols/tcp.ts";
import { tcpPeers, type TcpPeer } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { lastDurationMs, lastReason, outcomes, planFor, resetFakes } from "../helpers.ts";

const REQUEST = "GET /healthz HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n";
const HEALTHZ: TcpTarget = { name: "healthz", protocol: "tcp", host: "podinfo", port: 9898, payload: REQUEST, expectPrefix: "HTTP/1.1 200", timeout: "40ms" };
const CONNECT_ONLY: TcpTarget = { name: "dial", protocol: "tcp", host: "podinfo", port: 9898, timeout: "40ms" };

async function probeOnce(target: TcpTarget, peer: TcpPeer): Promise<void> {
  const plan = planFor(target);
  tcpPeers.peer = () => peer;
  await createTcpProbe(plan, createRecorder(plan))();
}

function assertAllDestroyed(): void {
  assert.ok(tcpPeers.sockets.length > 0);
  for (const socket of tcpPeers.sockets) {
    assert.equal(socket.state, "destroyed");
    assert.equal(socket.closeEvents, 1);
  }
}

describe("TCP probe", () => {
  beforeEach(resetFakes);

  it("succeeds on connect alone and destroys the socket", async () => {
    await probeOnce(CONNECT_ONLY, { kind: "silent" });
    assert.deepEqual(outcomes(), [{ protocol: "tcp", target: "dial", result: "ok", latency: "fast", value: 1 }]);
    assertAllDestroyed();
  });

  it("writes the payload and matches the expected prefix across chunks", async () => {
    await probeOnce(HEALTHZ, { kind: "reply", chunks: ["HTTP/1.", "1 200 OK\r\nContent-Length: 20\r\n\r\n", '{"status": "OK"}'] });
    assert.equal(lastReason(), undefined);
    assert.deepEqual(tcpPeers.sockets[0]?.writes, [REQUEST]);
    assert.deepEqual(tcpPeers.sockets[0]?.tags, { target: "healthz" });
    assertAllDestroyed();
  });

  it("succeeds on a server greeting when no payload is configured", async () => {
    await probeOnce({ ...CONNECT_ONLY, expectPrefix: "SSH-2.0" }, { kind: "greet", chunks: ["SSH-2.0-OpenSSH_9.2\r\n"] });
    assert.equal(lastReason(), undefined);
  });

  const FAILURES: ReadonlyArray<[string, TcpTarget, TcpPeer, string]> = [
    ["a refused connection", HEALTHZ, { kind: "refused" }, "connect"],
    ["a host that does not resolve", HEALTHZ, { kind: "nxdomain" }, "dns"],
    ["a wrong response prefix", HEALTHZ, { kind: "reply", chunks: ["HTTP/1.1 503 Service Unavailable\r\n"] }, "body"],
    ["a peer that closes before answering", HEALTHZ, { kind: "reply", chunks: [] }, "reset"],
    ["a peer that closes mid-prefix", HEALTHZ, { kind: "reply", chunks: ["HTTP/1"] }, "body"],
    ["a reset after the write", HEALTHZ, { kind: "reset-after-write" }, "reset"],
    ["a server that accepts and never answers", HEALTHZ, { kind: "silent" }, "timeout"],
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

  it("records a dial that hangs as a timeout without touching the dialing socket, and destroys it once the dial ends", async () => {
    const started = Date.now();
    await probeOnce(HEALTHZ, { kind: "syn-drop", dialMs: 150 });
    assert.equal(lastReason(), "timeout");
    assert.ok(Date.now() - started < 140, "the probe reports at its timeout, not when the OS gives up");
    assert.ok(lastDurationMs() >= 38 && lastDurationMs() < 140, `recorded ${lastDurationMs()} ms`);
    assert.equal(tcpPeers.sockets[0]?.state, "dialing");
    await sleep(200);
    assert.deepEqual(k6State.fatal, [], "destroy() while dialing blocks real k6");
    assertAllDestroyed();
    assert.equal(k6State.samplesOf("cl_requests").length, 1, "the late dial error is not counted twice");
  });
});
