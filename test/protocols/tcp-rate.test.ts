// No TCP probe can be stalled by a dropped packet: against a path that drops every SYN, a TCP target at 1/s for
// 90 s keeps its rate on the VUs the plan gives it, in virtual time, with the fake k6/x/tcp dial blocking until
// k6's dialer gives up (30 s) as the real one does, and one probe per VU as in k6.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { TcpTarget } from "../../src/config/types.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { constantArrivalRate } from "../fakes/arrival-rate.ts";
import { httpServer } from "../fakes/k6-http.ts";
import { K6_DIAL_TIMEOUT_MS, tcpPeers } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

const SECONDS = 90;
const HEALTHZ: TcpTarget = {
  name: "tcp-healthz",
  protocol: "tcp",
  host: "podinfo.lab.svc.cluster.local",
  port: 9898,
  payload: "GET /healthz HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n",
  expectPrefix: "HTTP/1.1 200",
};

async function ninetySecondsOf(target: TcpTarget, maxVUs?: number) {
  const plan = planFor(target);
  const run = await constantArrivalRate({
    ratePerSecond: 1,
    durationMs: SECONDS * 1000,
    maxVUs: maxVUs ?? plan.vus.maxVUs,
    newVu: () => createProbe(plan),
  });
  return { run, samples: k6State.samplesOf("cl_requests"), maxVUs: plan.vus.maxVUs };
}

describe("TCP probes on a path that drops SYNs", () => {
  beforeEach(() => {
    resetFakes();
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: K6_DIAL_TIMEOUT_MS });
  });

  it("a probe with a payload keeps its rate and says timeout: each VU waits out one k6/x/tcp dial, then the connect test guards it", async () => {
    const { run, samples, maxVUs } = await ninetySecondsOf(HEALTHZ);
    assert.equal(maxVUs, 31, "1/s x k6's 30 s dial + 1: enough VUs to wait out one dial each");
    assert.equal(run.dropped, 0, `${run.dropped} dropped iterations`);
    assert.ok(samples.length >= 85, `${samples.length} samples in ${SECONDS} s`);
    assert.deepEqual(new Set(samples.map((s) => s.tags.reason)), new Set(["timeout"]));
    assert.equal(tcpPeers.sockets.length, run.vus, "one k6/x/tcp dial per VU, then connect tests only");
    assert.ok(run.vus <= 31 && httpServer.dials >= SECONDS - 31, `${run.vus} VUs, ${httpServer.dials} connect tests`);
  });

  it("a connect-only probe keeps its rate on rate x timeout + 1 VUs", async () => {
    const connectOnly: TcpTarget = { name: HEALTHZ.name, protocol: "tcp", host: HEALTHZ.host, port: HEALTHZ.port };
    const { run, samples, maxVUs } = await ninetySecondsOf(connectOnly);
    assert.equal(maxVUs, 6, "the default plan: 1/s x 5 s + 1");
    assert.ok(samples.length >= 85, `${samples.length} samples in ${SECONDS} s`);
    assert.ok(run.dropped <= SECONDS * 0.05, `${run.dropped} dropped iterations`);
    assert.equal(tcpPeers.sockets.length, 0);
  });

  it("a negative probe keeps its rate and says blocked", async () => {
    const { run, samples } = await ninetySecondsOf({ ...HEALTHZ, name: "tcp-denied", expect: "blocked", sibling: "tcp-healthz" });
    assert.ok(samples.length >= 85, `${samples.length} samples in ${SECONDS} s`);
    assert.ok(run.dropped <= SECONDS * 0.05, `${run.dropped} dropped iterations`);
    assert.deepEqual(new Set(samples.map((s) => `${s.tags.result}/${s.tags.expect}`)), new Set(["ok/blocked"]));
  });

  it("the executor model holds a VU for as long as a k6/x/tcp dial is pending (why maxVUs covers k6's 30 s dial)", async () => {
    const { run } = await ninetySecondsOf(HEALTHZ, 6);
    assert.ok(run.dropped >= 20, `only ${run.dropped} dropped on 6 VUs: the model does not hold VUs for pending dials`);
  });
});
