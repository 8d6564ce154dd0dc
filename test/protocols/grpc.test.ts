// gRPC probe against the fake k6/net/grpc: connection reuse, every failure classified, and never the call that
// crashes real k6 (healthCheck() without a live connection).
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, it } from "node:test";
import type { GrpcTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { createGrpcProbe } from "../../src/protocols/grpc.ts";
import { grpcServer } from "../fakes/k6-net-grpc.ts";
import { k6State } from "../fakes/state.ts";
import { lastDurationMs, lastReason, outcomes, planFor, resetFakes } from "../helpers.ts";

// Most cases keep the VU's connection, to show what happens to it; the Service path's default is one per probe.
const VERSION: GrpcTarget = { name: "version", protocol: "grpc", address: "podinfo:9999", method: "version.VersionService/Version", timeout: "60ms", connection: "reuse" };
const HEALTH: GrpcTarget = { name: "health", protocol: "grpc", address: "podinfo:9999", method: "grpc.health.v1.Health/Check", request: { service: "podinfo" }, timeout: "60ms", connection: "reuse" };

function probeFor(target: GrpcTarget): () => void {
  const plan = planFor(target);
  return createGrpcProbe(plan, createRecorder(plan));
}

describe("gRPC probe", () => {
  beforeEach(resetFakes);

  it("connects once per VU with reflection and reuses the connection", () => {
    const probe = probeFor(VERSION);
    probe();
    probe();
    probe();
    assert.equal(grpcServer.connects, 1);
    assert.deepEqual(outcomes().map((o) => o.result), ["ok", "ok", "ok"]);
    assert.equal((grpcServer.invokes[0]?.params as { timeout?: string }).timeout, "60ms", "the call is bounded by the target's timeout");
  });

  it("reads replies for the pod's name only until one comes without it, then has k6 skip converting them", () => {
    const probe = probeFor(VERSION);
    probe();
    probe();
    probe();
    const discarding = grpcServer.invokes.map((i) => (i.params as { discardResponseMessage?: boolean }).discardResponseMessage === true);
    assert.deepEqual(discarding, [false, true, true], "podinfo's Version replies name no pod");
    assert.deepEqual(outcomes().map((o) => o.result), ["ok", "ok", "ok"]);
  });

  it("keeps reading replies that name the serving pod, and tags every probe with it", () => {
    grpcServer.methods["info.InfoService/Info"] = () => ({ status: 0, message: { hostname: "podinfo-7d9c-x2", version: "6.14.1" } });
    const probe = probeFor({ ...VERSION, name: "info", method: "info.InfoService/Info" });
    probe();
    probe();
    assert.ok(grpcServer.invokes.every((i) => (i.params as { discardResponseMessage?: boolean }).discardResponseMessage !== true));
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => s.tags.dest_pod), ["podinfo-7d9c-x2", "podinfo-7d9c-x2"]);
  });

  it("dials afresh for every probe with connection per-probe, reflecting once and closing after each call", () => {
    const probe = probeFor({ ...VERSION, connection: "per-probe" });
    probe();
    probe();
    probe();
    assert.equal(grpcServer.connects, 3);
    assert.equal(grpcServer.closes, 3, "no idle channel is left between probes");
    assert.deepEqual(outcomes().map((o) => o.result), ["ok", "ok", "ok"], "descriptors from the first reflection serve later connections");
  });

  it("renews a reused connection every reconnectEvery", async () => {
    const probe = probeFor({ ...VERSION, reconnectEvery: "40ms" });
    probe();
    probe();
    assert.equal(grpcServer.connects, 1);
    await sleep(50);
    probe();
    assert.equal(grpcServer.connects, 2);
    assert.equal(lastReason(), undefined);
  });

  it("connects to the configured address in plaintext with reflection, within the target's timeout", () => {
    probeFor(VERSION)();
    assert.deepEqual(grpcServer.dialled, ["podinfo:9999"]);
    assert.equal(lastReason(), undefined, "podinfo is plaintext: a TLS handshake or missing descriptors would fail");
    resetFakes();
    grpcServer.mode = "silent";
    probeFor(VERSION)();
    assert.equal(lastReason(), "timeout");
    assert.ok(lastDurationMs() < 1000, `a silent server held the probe ${lastDurationMs()} ms: the connect timeout is not the target's`);
  });

  it("speaks TLS to a target with tls: true", () => {
    grpcServer.tls = true;
    probeFor({ ...VERSION, tls: true })();
    assert.equal(lastReason(), undefined);
  });

  it("compares k6's wrapped status values by code: an expected non-OK status passes, OK then fails", () => {
    const probe = probeFor({ ...VERSION, method: "status.StatusService/Status", request: { code: "Unavailable" }, expectedStatus: 14 });
    probe();
    assert.equal(lastReason(), undefined);
  });

  it("runs the standard health check for grpc.health.v1.Health/Check and passes on SERVING", () => {
    probeFor(HEALTH)();
    assert.equal(lastReason(), undefined);
    assert.equal(grpcServer.invokes.length, 0, "healthCheck(), not invoke()");
  });

  it("fails the health check of a service the server does not know with reason status, keeping the connection", () => {
    const probe = probeFor({ ...HEALTH, request: { service: "nope" } });
    probe();
    probe();
    assert.deepEqual(outcomes().map((o) => o.reason), ["status", "status"]);
    assert.equal(grpcServer.connects, 1);
  });

  it("fails NOT_SERVING with reason status", () => {
    grpcServer.healthy.set("podinfo", 2);
    probeFor(HEALTH)();
    assert.equal(lastReason(), "status");
  });

  const CONNECT_FAILURES: ReadonlyArray<[string, typeof grpcServer.mode, string]> = [
    ["a refused connection", "refused", "connect"],
    ["a name that does not resolve", "nxdomain", "dns"],
    ["a server that accepts and stays silent", "silent", "timeout"],
    ["an HTTP/1 port", "http1", "connect"],
  ];
  for (const [what, mode, reason] of CONNECT_FAILURES) {
    it(`counts ${what} as ${reason} and never health-checks the unconnected client`, () => {
      grpcServer.mode = mode;
      const probe = probeFor(HEALTH);
      probe();
      probe();
      assert.deepEqual(outcomes().map((o) => o.reason), [reason, reason]);
      assert.deepEqual(k6State.fatal, []);
      assert.equal(grpcServer.connects, 2, "each probe dials again");
    });
  }

  it("recovers when the server comes back", () => {
    grpcServer.mode = "refused";
    const probe = probeFor(HEALTH);
    probe();
    grpcServer.mode = "up";
    probe();
    assert.deepEqual(outcomes().map((o) => o.result), ["fail", "ok"]);
  });

  it("survives podinfo dying under an established connection: counts connect, redials, never crashes k6", () => {
    for (const target of [VERSION, HEALTH]) {
      resetFakes();
      const probe = probeFor(target);
      probe();
      grpcServer.mode = "killed";
      probe();
      probe();
      assert.deepEqual(outcomes().map((o) => o.reason ?? o.result), ["ok", "connect", "connect"], target.name);
      assert.equal(grpcServer.closes, 1, "the broken connection is closed once");
      assert.deepEqual(k6State.fatal, []);
    }
  });

  it("counts an UNAVAILABLE answered by the server itself as status, not as a network failure", () => {
    probeFor({ ...VERSION, method: "status.StatusService/Status", request: { code: "Unavailable" } })();
    assert.equal(lastReason(), "status");
  });

  it("counts NOT_FOUND as status and accepts it when it is the expected status", () => {
    probeFor({ ...VERSION, method: "status.StatusService/Status", request: { code: "NotFound" } })();
    assert.equal(lastReason(), "status");
    resetFakes();
    probeFor({ ...VERSION, method: "status.StatusService/Status", request: { code: "NotFound" }, expectedStatus: 5 })();
    assert.equal(lastReason(), undefined);
  });

  it("times a DEADLINE_EXCEEDED call itself, since k6 records no sample for it", () => {
    grpcServer.methods["delay.DelayService/Delay"] = () => ({ status: 0, message: { message: "1" }, delayMs: 1000 });
    probeFor({ ...VERSION, method: "delay.DelayService/Delay", request: { seconds: 1 } })();
    assert.equal(lastReason(), "timeout");
    assert.equal(k6State.samplesOf("grpc_req_duration").length, 0);
    assert.ok(lastDurationMs() >= 55, `recorded ${lastDurationMs()} ms`);
  });

  it("counts a method the server does not have as error and redials before the next call", () => {
    const probe = probeFor({ ...VERSION, method: "version.VersionService/Nope" });
    probe();
    assert.equal(lastReason(), "error");
    probe();
    assert.equal(grpcServer.connects, 2);
  });
});
