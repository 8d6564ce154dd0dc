// No TCP probe can be stalled by a dropped packet: against a path that drops every SYN, a TCP target at 1/s for
// 90 s keeps its rate on the VUs the plan gives it (rate x timeout + 1), in virtual time, with the fake
// k6/x/tcp dial blocking until k6's dialer gives up (30 s) as the real one does.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { TcpTarget } from "../../src/config/types.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { constantArrivalRate } from "../fakes/arrival-rate.ts";
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

async function ninetySecondsOf(target: TcpTarget) {
  const plan = planFor(target);
  const probe = createProbe(plan);
  const run = await constantArrivalRate({ ratePerSecond: 1, durationMs: SECONDS * 1000, maxVUs: plan.vus.maxVUs, iteration: probe });
  return { run, samples: k6State.samplesOf("cl_requests"), maxVUs: plan.vus.maxVUs };
}

describe("TCP probes on a path that drops SYNs", () => {
  beforeEach(() => {
    resetFakes();
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: K6_DIAL_TIMEOUT_MS });
  });

  it("a positive probe keeps its rate and says timeout", async () => {
    const { run, samples, maxVUs } = await ninetySecondsOf(HEALTHZ);
    assert.equal(maxVUs, 6, "the default plan: 1/s x 5 s + 1");
    assert.ok(samples.length >= 85, `${samples.length} samples in ${SECONDS} s`);
    assert.ok(run.dropped <= SECONDS * 0.05, `${run.dropped} dropped iterations`);
    assert.deepEqual(new Set(samples.map((s) => s.tags.reason)), new Set(["timeout"]));
  });

  it("a negative probe keeps its rate and says blocked", async () => {
    const { run, samples } = await ninetySecondsOf({ ...HEALTHZ, name: "tcp-denied", expect: "blocked", sibling: "tcp-healthz" });
    assert.ok(samples.length >= 85, `${samples.length} samples in ${SECONDS} s`);
    assert.ok(run.dropped <= SECONDS * 0.05, `${run.dropped} dropped iterations`);
    assert.deepEqual(new Set(samples.map((s) => `${s.tags.result}/${s.tags.expect}`)), new Set(["ok/blocked"]));
  });

  it("the executor model holds a VU for as long as a k6/x/tcp dial is pending (what the connect test avoids)", async () => {
    // A path that lets the connect test through and then drops the SYN of the k6/x/tcp dial: the residual case.
    let connections = 0;
    tcpPeers.peer = () => (connections++ % 2 === 0 ? { kind: "reply", chunks: [] } : { kind: "syn-drop", dialMs: K6_DIAL_TIMEOUT_MS });
    const { run, samples } = await ninetySecondsOf(HEALTHZ);
    assert.ok(run.dropped > SECONDS / 2, `only ${run.dropped} dropped: the model does not hold VUs for pending dials`);
    assert.ok(samples.length < 30, `${samples.length} samples`);
  });
});
