// What a probe leaves behind on real k6: an exception must still be counted, no timer may outlive the probe
// (a pending timer keeps the k6 iteration, and so its VU, busy), and a socket whose dial completes after the
// probe gave up must still be destroyed (an open socket holds the iteration until graceful stop).
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ScenarioTarget, Target, TcpTarget } from "../../src/config/types.ts";
import { createRecorder, type Recorder } from "../../src/metrics/recorder.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { createDnsProbe } from "../../src/protocols/dns.ts";
import { createGrpcProbe } from "../../src/protocols/grpc.ts";
import { createHttpProbe } from "../../src/protocols/http.ts";
import { createTcpProbe } from "../../src/protocols/tcp.ts";
import { defineScenario } from "../../src/scenario-kit/define.ts";
import { createScenarioProbe } from "../../src/scenario-kit/k6/scenario-probe.ts";
import { httpServer } from "../fakes/k6-http.ts";
import { dnsServer } from "../fakes/k6-x-dns.ts";
import { tcpPeers } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { lastReason, planFor, resetFakes } from "../helpers.ts";

/** Counts timers started and not yet fired or cleared, by wrapping the globals the probes use. */
function trackTimers(): { pending: () => number; restore: () => void } {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Set<unknown>();
  globalThis.setTimeout = ((fn: () => void, ms?: number) => {
    const handle: unknown = realSet(() => {
      live.delete(handle);
      fn();
    }, ms);
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: Parameters<typeof clearTimeout>[0]) => {
    live.delete(handle);
    realClear(handle);
  }) as typeof clearTimeout;
  return {
    pending: () => live.size,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

describe("probe hygiene", () => {
  beforeEach(resetFakes);

  it("counts a synchronous exception in a probe as reason error", () => {
    httpServer.behaviour = () => {
      throw new Error("boom");
    };
    mock.method(console, "error", () => undefined);
    createProbe(planFor({ name: "web", protocol: "http", url: "http://podinfo:9898/status/200" }))();
    assert.equal(lastReason(), "error");
  });

  it("counts a rejected asynchronous probe as reason error", async () => {
    dnsServer.answer = () => {
      throw new Error("boom");
    };
    mock.method(console, "error", () => undefined);
    await createProbe(planFor({ name: "dns", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "10.96.0.10" }))();
    assert.equal(lastReason(), "error");
  });

  it("counts an exception in picking a pod (the pod path's own code) as reason error", async (t) => {
    t.mock.method(console, "error", () => undefined);
    const probe = createProbe(planFor({ name: "web-pod", protocol: "http", url: "http://podinfo-headless.lab.svc.cluster.local:9898/", path: "pod" }));
    // The picker's first clock read (is a refresh due?) throws; later reads, the recorder's among them, work.
    const realNow = Date.now;
    let reads = 0;
    t.mock.method(Date, "now", () => {
      if (reads++ === 0) throw new Error("bug in the pod picker");
      return realNow();
    });
    await probe();
    assert.equal(lastReason(), "error");
    assert.equal(httpServer.calls.length, 0, "no pod was picked, so none was probed");
  });

  describe("an exception in a probe's own code (a bug after the exchange, here the first record() throwing)", () => {
    /** A recorder whose first record() throws: what the probe records next is its verdict on that exception. */
    function brokenOnce(): { recorder: Recorder; reasons: Array<string | undefined> } {
      const reasons: Array<string | undefined> = [];
      const recorder: Recorder = {
        record(raw) {
          reasons.push(raw);
          if (reasons.length === 1) throw new Error("bug in the recorder");
        },
      };
      return { recorder, reasons };
    }
    const probes: Array<[string, (recorder: Recorder) => () => void | Promise<void>]> = [
      ["http", (r) => createHttpProbe(planFor({ name: "web", protocol: "http", url: "http://podinfo:9898/status/200" }), r)],
      ["grpc", (r) => createGrpcProbe(planFor({ name: "rpc", protocol: "grpc", address: "podinfo:9999" }), r)],
      ["tcp", (r) => createTcpProbe(planFor({ name: "dial", protocol: "tcp", host: "podinfo", port: 9898, timeout: "40ms" }), r)],
      [
        "tcp exchange (the healthy path's callback)",
        (r) => {
          tcpPeers.peer = () => ({ kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n"] });
          return createTcpProbe(planFor({ name: "ask", protocol: "tcp", host: "podinfo", port: 9898, payload: "GET / HTTP/1.1\r\n\r\n", expectPrefix: "HTTP/1.1 200", timeout: "1s" }), r);
        },
      ],
      ["dns", (r) => createDnsProbe(planFor({ name: "dns", protocol: "dns", query: "localhost", nameserver: "hosts" }), r)],
      [
        "scenario",
        (r) => {
          const plan = planFor<ScenarioTarget>({ name: "flow", protocol: "scenario", scenario: "token-roundtrip", host: "podinfo", timeout: "2s" });
          return createScenarioProbe(plan, r, defineScenario({ name: "noop", description: "does nothing", steps: { only: "http" }, run: async () => undefined }));
        },
      ],
    ];
    for (const [protocol, create] of probes) {
      it(`${protocol}: counted as reason error; the probe neither throws nor rejects`, async () => {
        mock.method(console, "error", () => undefined);
        const { recorder, reasons } = brokenOnce();
        await create(recorder)();
        assert.deepEqual(reasons, [undefined, "error"]);
      });
    }
  });

  describe("timers", () => {
    let timers: ReturnType<typeof trackTimers>;
    beforeEach(() => {
      timers = trackTimers();
    });
    afterEach(() => timers.restore());

    const cases: ReadonlyArray<[string, Target]> = [
      ["TCP", { name: "dial", protocol: "tcp", host: "podinfo", port: 9898, timeout: "2s" }],
      ["DNS", { name: "dns", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "10.96.0.10", timeout: "2s" }],
    ];
    for (const [protocol, target] of cases) {
      it(`leaves no ${protocol} timeout timer behind once the probe succeeded`, async () => {
        await createProbe(planFor(target))();
        assert.equal(lastReason(), undefined);
        await sleep(20); // the fakes' own millisecond timers fire; a 2 s probe timer would still be pending
        assert.equal(timers.pending(), 0);
      });
    }
  });

  it("destroys a socket whose dial completes after the probe timed out", async () => {
    const target: TcpTarget = { name: "slow", protocol: "tcp", host: "podinfo", port: 9898, payload: "ping", timeout: "20ms" };
    tcpPeers.peer = () => ({ kind: "silent", dialMs: 60 }); // the k6/x/tcp dial completes after the timeout
    const plan = planFor(target);
    await createTcpProbe(plan, createRecorder(plan))();
    assert.equal(lastReason(), "timeout");
    await sleep(100);
    assert.equal(tcpPeers.sockets[0]?.state, "destroyed");
    assert.deepEqual(k6State.fatal, []);
  });
});
