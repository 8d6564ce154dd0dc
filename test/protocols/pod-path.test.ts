// The pod path end to end on the fakes: pod IPs resolved from a headless Service on a schedule, probes spread
// over them, samples tagged with path and the pod that answered; negative probes judged by the policy.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { Target } from "../../src/config/types.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { httpServer, transport } from "../fakes/k6-http.ts";
import { grpcServer } from "../fakes/k6-net-grpc.ts";
import { dnsServer } from "../fakes/k6-x-dns.ts";
import { tcpPeers } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

const HEADLESS = "podinfo-headless.lab.svc.cluster.local";
const POD_IPS = ["10.0.0.11", "10.0.0.12"];
const PODS: Record<string, string> = { "10.0.0.11": "podinfo-a", "10.0.0.12": "podinfo-b" };

const HTTP_POD: Target = { name: "http-info-pod", protocol: "http", url: `http://${HEADLESS}:9898/api/info`, bodyContains: '"hostname"', path: "pod" };

async function run(target: Target, times: number): Promise<void> {
  const probe = createProbe(planFor(target));
  for (let i = 0; i < times; i++) await probe();
}

describe("pod path", () => {
  beforeEach(() => {
    resetFakes();
    dnsServer.answer = (query) => (query === HEADLESS ? { kind: "addresses", addresses: POD_IPS } : { kind: "nxdomain" });
    httpServer.behaviour = (_method, url) => {
      const ip = /\/\/([^:/]+)/.exec(url)?.[1] ?? "";
      return PODS[ip] === undefined ? transport.refused() : { kind: "answer", status: 200, body: `{"hostname": "${PODS[ip]}"}` };
    };
  });

  it("resolves the headless Service at the system nameserver once per refresh interval, not per probe", async () => {
    await run(HTTP_POD, 6);
    assert.deepEqual(dnsServer.calls, [{ fn: "resolve", args: [HEADLESS, "A", "10.96.0.10:53"] }]);
  });

  it("resolves a headless Service written with a final dot (k6/x/dns rejects it as written)", async () => {
    await run({ ...HTTP_POD, url: `http://${HEADLESS}.:9898/api/info` }, 2);
    assert.deepEqual(dnsServer.calls, [{ fn: "resolve", args: [HEADLESS, "A", "10.96.0.10:53"] }]);
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => s.tags.result), ["ok", "ok"]);
  });

  it("spreads HTTP probes over every pod IP, keeping port and path", async () => {
    await run(HTTP_POD, 4);
    assert.deepEqual(new Set(httpServer.calls.map((c) => c.url)), new Set(["http://10.0.0.11:9898/api/info", "http://10.0.0.12:9898/api/info"]));
  });

  it("tags each sample with the path and the pod that answered", async () => {
    await run(HTTP_POD, 4);
    const tags = k6State.samplesOf("cl_requests").map((s) => `${s.tags.path}/${s.tags.dest_pod}/${s.tags.result}`);
    assert.deepEqual(new Set(tags), new Set(["pod/podinfo-a/ok", "pod/podinfo-b/ok"]));
  });

  it("fails with reason dns when the headless Service has no pod IPs, without sending a request", async () => {
    dnsServer.answer = () => ({ kind: "nxdomain" });
    await run(HTTP_POD, 2);
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => s.tags.reason), ["dns", "dns"]);
    assert.equal(httpServer.calls.length, 0);
    assert.equal(dnsServer.calls.length, 1, "an empty answer is retried on a schedule, not per probe");
  });

  it("spreads TCP connections over pod IPs, never the Service name", async () => {
    tcpPeers.peer = () => ({ kind: "silent" });
    await run({ name: "tcp-pod", protocol: "tcp", host: HEADLESS, port: 9898, payload: "ping", path: "pod" }, 4);
    assert.deepEqual(new Set(httpServer.calls.map((c) => c.url)), new Set(["http://10.0.0.11:9898/", "http://10.0.0.12:9898/"]), "the connect test");
    assert.deepEqual(new Set(tcpPeers.sockets.map((s) => s.target)), new Set(["10.0.0.11:9898", "10.0.0.12:9898"]));
    assert.equal(k6State.samplesOf("cl_requests").filter((s) => s.tags.result === "ok").length, 4);
  });

  it("dials gRPC to each pod in turn, so every pod is probed within one refresh interval, named by info.InfoService/Info", async () => {
    tcpPeers.peer = (host) => ({ kind: "silent", pod: PODS[host] ?? "unknown-host" });
    grpcServer.methods["info.InfoService/Info"] = (_req, conn) => ({ status: 0, message: { hostname: conn.pod, version: "6.14.1" } });
    await run({ name: "grpc-info-pod", protocol: "grpc", address: `${HEADLESS}:9999`, method: "info.InfoService/Info", path: "pod" }, 4);
    assert.deepEqual(new Set(grpcServer.dialled), new Set(["10.0.0.11:9999", "10.0.0.12:9999"]));
    assert.equal(grpcServer.connects, 4, "the connection follows the pod");
    assert.equal(dnsServer.calls.length, 1, "all within one refresh");
    const pods = k6State.samplesOf("cl_requests").map((s) => s.tags.dest_pod);
    assert.deepEqual(new Set(pods), new Set(["podinfo-a", "podinfo-b"]));
  });

  it("names the pod of a failed probe from the IP it dialled: learned from earlier answers, else the IP", async () => {
    const probe = createProbe(planFor(HTTP_POD));
    for (let i = 0; i < 2; i++) await probe(); // both pods answer once: their names are learned
    httpServer.behaviour = (_method, url) => (url.includes("10.0.0.12") ? transport.refused() : { kind: "answer", status: 200, body: '{"hostname": "podinfo-a"}' });
    for (let i = 0; i < 4; i++) await probe();
    const failed = k6State.samplesOf("cl_requests").filter((s) => s.tags.result === "fail");
    assert.deepEqual(failed.map((s) => `${s.tags.dest_pod}/${s.tags.reason}`), ["podinfo-b/connect", "podinfo-b/connect"]);
  });

  it("tags every pod-path probe with a pod, success or failure, on every protocol: the dialled IP while no answer named it", async () => {
    tcpPeers.peer = (host) => (host === "10.0.0.12" ? { kind: "refused" } : { kind: "silent" });
    // A port whose answer names no pod (not podinfo's HTTP port).
    httpServer.behaviour = (_method, url) => (url.includes("10.0.0.12") ? transport.refused() : { kind: "answer", status: 404, body: "not found" });
    grpcServer.mode = "up";
    await run({ name: "tcp-pod", protocol: "tcp", host: HEADLESS, port: 9898, path: "pod" }, 2);
    await run({ name: "grpc-pod", protocol: "grpc", address: `${HEADLESS}:9999`, path: "pod" }, 2);
    const tagged = k6State.samplesOf("cl_requests").map((s) => `${s.tags.protocol}:${s.tags.dest_pod}:${s.tags.result}`);
    assert.deepEqual(new Set(tagged), new Set(["tcp:10.0.0.11:ok", "tcp:10.0.0.12:fail", "grpc:10.0.0.11:ok", "grpc:10.0.0.12:fail"]));
  });
});

describe("TCP pod path on podinfo's HTTP port", () => {
  beforeEach(() => {
    resetFakes();
    dnsServer.answer = (query) => (query === HEADLESS ? { kind: "addresses", addresses: POD_IPS } : { kind: "nxdomain" });
    httpServer.behaviour = (_method, url) => {
      const ip = /\/\/([^:/]+)/.exec(url)?.[1] ?? "";
      return { kind: "answer", status: 200, body: `{\n  "hostname": "${PODS[ip]}",\n  "version": "6.14.1"\n}` };
    };
  });

  it("learns each pod's name from the connect test's answer once, then reads no body, and names failures after it", async () => {
    const probe = createProbe(planFor({ name: "tcp-pod", protocol: "tcp", host: HEADLESS, port: 9898, path: "pod" }));
    for (let i = 0; i < 4; i++) await probe();
    assert.deepEqual(httpServer.calls.map((c) => c.params.responseType), ["text", "text", "none", "none"], "a body only while the IP's name is unknown");
    httpServer.behaviour = (_method, url) => (url.includes("10.0.0.12") ? transport.refused() : { kind: "answer", status: 200, body: '{"hostname": "podinfo-a"}' });
    for (let i = 0; i < 2; i++) await probe();
    const tagged = k6State.samplesOf("cl_requests").map((s) => `${s.tags.dest_pod}:${s.tags.result}`);
    assert.deepEqual(new Set(tagged), new Set(["podinfo-a:ok", "podinfo-b:ok", "podinfo-b:fail"]));
  });
});

describe("negative probes", () => {
  beforeEach(resetFakes);
  const DENIED: Target = { name: "denied-http", protocol: "http", url: "http://podinfo.lab.svc.cluster.local:9898/status/200", timeout: "40ms", expect: "blocked", sibling: "http-status" };

  it("count a connection the policy drops (timeout) as ok, tagged expect and sibling, with a check that says so", async () => {
    httpServer.behaviour = () => ({ kind: "connect-hang" });
    await run(DENIED, 1);
    const [sample] = k6State.samplesOf("cl_requests");
    assert.deepEqual(
      [sample?.tags.result, sample?.tags.expect, sample?.tags.sibling, sample?.tags.latency],
      ["ok", "blocked", "http-status", undefined],
    );
    assert.deepEqual(k6State.samplesOf("checks").map((s) => [s.tags.check, s.value]), [["http connection is blocked as the network policy demands", 1]]);
    assert.equal(k6State.samplesOf("cl_request_duration").length, 0, "giving up is not a latency");
  });

  it("count a connection the policy rejects (refused) as ok", async () => {
    httpServer.behaviour = () => transport.refused();
    await run(DENIED, 1);
    assert.equal(k6State.samplesOf("cl_requests")[0]?.tags.result, "ok");
  });

  it("count a request that got through as a not_blocked failure", async () => {
    httpServer.behaviour = () => ({ kind: "answer", status: 200 });
    await run(DENIED, 1);
    const [sample] = k6State.samplesOf("cl_requests");
    assert.deepEqual([sample?.tags.result, sample?.tags.reason], ["fail", "not_blocked"]);
    assert.equal(k6State.samplesOf("cl_request_duration").length, 1);
    assert.deepEqual(k6State.samplesOf("cl_request_failed").map((s) => s.value), [1]);
  });
});
