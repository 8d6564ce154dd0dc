// HTTP probe against the fake k6/http: each failure k6 reports is counted with the right reason, tags and time.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeEach, describe, it, mock } from "node:test";
import type { HttpTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { createHttpProbe } from "../../src/protocols/http.ts";
import { httpServer, transport, type HttpBehaviour } from "../fakes/k6-http.ts";
import { k6State } from "../fakes/state.ts";
import { lastDurationMs, lastReason, outcomes, planFor, resetFakes } from "../helpers.ts";

const INFO: HttpTarget = { name: "info", protocol: "http", url: "http://podinfo:9898/api/info", bodyContains: '"hostname"', timeout: "60ms" };
const STATUS: HttpTarget = { name: "status", protocol: "http", url: "http://podinfo:9898/status/200", timeout: "60ms" };

function probeOnce(target: HttpTarget, behaviour: HttpBehaviour): void {
  const plan = planFor(target);
  httpServer.behaviour = () => behaviour;
  createHttpProbe(plan, createRecorder(plan))();
}

describe("HTTP probe", () => {
  beforeEach(resetFakes);

  it("counts a 200 within the latency objective as ok and fast, with every project metric tagged", () => {
    probeOnce(STATUS, { kind: "answer", status: 200, durationMs: 0.7 });
    assert.deepEqual(outcomes(), [{ protocol: "http", target: "status", result: "ok", latency: "fast", value: 1 }]);
    assert.equal(lastDurationMs(), 0.7);
    const [failed] = k6State.samplesOf("cl_request_failed");
    assert.deepEqual([failed?.value, failed?.tags.protocol, failed?.tags.target], [0, "http", "status"]);
    assert.deepEqual(k6State.samplesOf("cl_target_rps").map((s) => s.value), [1]);
    const [check] = k6State.samplesOf("checks");
    assert.deepEqual([check?.tags.check, check?.value], ["http response has the expected status and body", 1]);
  });

  it("in continuous mode records no check and no cl_request_failed (nothing reads them), and every other metric", () => {
    const plan = planFor({ ...STATUS, expectedStatus: [200] }, { MODE: "continuous" });
    httpServer.behaviour = () => ({ kind: "answer", status: 503, durationMs: 2 });
    createHttpProbe(plan, createRecorder(plan))();
    assert.deepEqual(outcomes(), [{ protocol: "http", target: "status", result: "fail", reason: "status", value: 1 }]);
    assert.equal(k6State.samplesOf("cl_request_duration").length, 1);
    assert.equal(k6State.samplesOf("cl_target_rps").length, 1);
    assert.deepEqual([k6State.samplesOf("checks").length, k6State.samplesOf("cl_request_failed").length], [0, 0]);
  });

  it("counts a 200 slower than the latency objective as ok but slow", () => {
    const plan = planFor({ ...STATUS, latencyObjective: "5ms" });
    httpServer.behaviour = () => ({ kind: "answer", status: 200, durationMs: 12 });
    createHttpProbe(plan, createRecorder(plan))();
    assert.deepEqual(outcomes(), [{ protocol: "http", target: "status", result: "ok", latency: "slow", value: 1 }]);
  });

  it("sends the configured method, body and headers, a low-cardinality name and the timeout", () => {
    probeOnce({ ...STATUS, method: "POST", body: "ping", headers: { "X-Probe": "1" } }, { kind: "answer", status: 200 });
    const [call] = httpServer.calls;
    assert.equal(call?.method, "POST");
    assert.equal(call?.body, "ping");
    assert.deepEqual(call?.params.headers, { "X-Probe": "1", Connection: "close" }, "the Service path's default: a new connection per probe");
    assert.deepEqual(call?.params.tags, { name: "status" });
    assert.equal(call?.params.timeout, 60, "milliseconds: k6 parses duration text on every request");
    assert.equal(call?.params.responseType, "none", "no body is transferred into JS when nothing checks it");
  });

  it("opens a new connection for every probe on the Service path, and keeps one alive when told to reuse", () => {
    for (const [target, dials] of [[STATUS, 3], [{ ...STATUS, connection: "reuse" }, 1], [{ ...STATUS, path: "external" }, 1]] as const) {
      resetFakes();
      const plan = planFor(target as HttpTarget);
      const probe = createHttpProbe(plan, createRecorder(plan));
      probe();
      probe();
      probe();
      assert.equal(httpServer.dials, dials, JSON.stringify(target));
      assert.deepEqual(outcomes().map((o) => o.result), ["ok", "ok", "ok"]);
    }
  });

  it("renews a kept-alive connection every reconnectEvery", async () => {
    const plan = planFor({ ...STATUS, connection: "reuse", reconnectEvery: "40ms" });
    const probe = createHttpProbe(plan, createRecorder(plan));
    probe(); // the first request already closes its connection: the count starts with a fresh one
    probe();
    probe();
    assert.equal(httpServer.dials, 2);
    await sleep(50);
    probe();
    probe();
    assert.equal(httpServer.dials, 3);
  });

  it("leaves a target's own Connection header alone", () => {
    probeOnce({ ...STATUS, headers: { connection: "keep-alive" } }, { kind: "answer", status: 200 });
    assert.deepEqual(httpServer.calls[0]?.params.headers, { connection: "keep-alive" });
  });

  const FAILURES: ReadonlyArray<[string, HttpTarget, HttpBehaviour, string]> = [
    ["a 500", STATUS, { kind: "answer", status: 500 }, "status"],
    ["podinfo's status 999", STATUS, { kind: "answer", status: 999 }, "status"],
    ["a 202 when 200 is expected", STATUS, { kind: "answer", status: 202 }, "status"],
    ["a refused connection", STATUS, transport.refused(), "connect"],
    ["a reset after the request", STATUS, transport.resetAfterRequest(), "reset"],
    ["a close without reply (EOF)", STATUS, transport.eof(), "reset"],
    ["NXDOMAIN", STATUS, transport.nxdomain(), "dns"],
    ["a resolver answering REFUSED", STATUS, transport.resolverRefused(), "dns"],
    ["TLS spoken to a plain port", STATUS, transport.tlsOnPlainPort(), "tls"],
    ["a blacklisted IP", STATUS, transport.blacklisted(), "connect"],
    ["a server that never answers", STATUS, { kind: "hang" }, "timeout"],
    ["podinfo's 200 with an error body", INFO, { kind: "answer", status: 200, body: '{"code":500,"message":"cache offline"}' }, "body"],
  ];
  for (const [what, target, behaviour, reason] of FAILURES) {
    it(`counts ${what} as a failure with reason ${reason}`, () => {
      probeOnce(target, behaviour);
      assert.equal(lastReason(), reason);
      assert.deepEqual(outcomes(), [{ protocol: "http", target: target.name, result: "fail", reason, value: 1 }]);
      assert.deepEqual(k6State.samplesOf("cl_request_failed").map((s) => s.value), [1]);
      assert.deepEqual(k6State.samplesOf("checks").map((s) => s.value), [0]);
    });
  }

  it("measures a connect timeout by the wall clock, since k6 records 0 ms for it", () => {
    probeOnce(STATUS, { kind: "connect-hang" });
    assert.equal(lastReason(), "timeout");
    assert.equal(k6State.samplesOf("http_req_duration")[0]?.value, 0, "k6's own sample is 0");
    assert.ok(lastDurationMs() >= 55, `recorded ${lastDurationMs()} ms for a 60 ms timeout`);
  });

  it("asks for the body only when it checks it, and accepts podinfo's info document", () => {
    probeOnce(INFO, { kind: "answer", status: 200, body: '{"hostname":"podinfo-7d9c","version":"6.14.1"}' });
    assert.equal(httpServer.calls[0]?.params.responseType, "text");
    assert.equal(lastReason(), undefined);
  });

  it("makes k6's http_req_failed agree with the target's expected statuses", () => {
    // 500 is outside k6's default 200-399: only the target's own callback makes it expected.
    probeOnce({ ...STATUS, expectedStatus: [500] }, { kind: "answer", status: 500 });
    assert.equal(lastReason(), undefined);
    assert.deepEqual(k6State.samplesOf("http_req_failed").map((s) => s.value), [0]);
    resetFakes();
    probeOnce({ ...STATUS, expectedStatus: [200] }, { kind: "answer", status: 202 });
    assert.equal(lastReason(), "status");
    assert.deepEqual(k6State.samplesOf("http_req_failed").map((s) => s.value), [1]);
  });

  it("emits no http_req_failed in continuous mode, where nothing reads it, and still judges the status", () => {
    const plan = planFor({ ...STATUS, expectedStatus: [200] }, { MODE: "continuous" });
    httpServer.behaviour = () => ({ kind: "answer", status: 202 });
    createHttpProbe(plan, createRecorder(plan))();
    assert.equal(lastReason(), "status");
    assert.equal(httpServer.calls[0]?.params.responseCallback, null);
    assert.deepEqual(k6State.samplesOf("http_req_failed"), []);
  });

  it("re-emits the configured rate (cl_target_rps) once a second per VU, so its series never goes stale", () => {
    mock.timers.enable({ apis: ["Date"], now: 1_000_000 });
    try {
      const plan = planFor(STATUS);
      const probe = createHttpProbe(plan, createRecorder(plan));
      probe();
      mock.timers.tick(400);
      probe();
      mock.timers.tick(700);
      probe();
      assert.equal(k6State.samplesOf("cl_target_rps").length, 2, "once at start, again after a second, not per probe");
    } finally {
      mock.timers.reset();
    }
  });
});
