// Every way a multi-step scenario can end, on the fakes: a failing middle step, an exception in the scenario's own
// code, the whole-scenario timeout spread over steps, a failure the scenario catches, TCP and DNS steps, misuse
// from plain JavaScript. Each ends as exactly one cl_requests sample, with `step` naming where it failed.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import type { ScenarioTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { defineScenario, type ScenarioDefinition } from "../../src/scenario-kit/define.ts";
import { createScenarioProbe } from "../../src/scenario-kit/k6/scenario-probe.ts";
import { httpServer, transport } from "../fakes/k6-http.ts";
import { dnsServer } from "../fakes/k6-x-dns.ts";
import { tcpPeers } from "../fakes/k6-x-tcp.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

const HOST = "podinfo.lab.svc";

/** A probe running `definition` for a valid scenario target (the registry's name passes the config checks). */
function probeOf(definition: ScenarioDefinition, timeout = "2s"): () => Promise<void> {
  const target: ScenarioTarget = { name: "flow", protocol: "scenario", scenario: "token-roundtrip", host: HOST, timeout };
  const plan = planFor(target);
  return createScenarioProbe(plan, createRecorder(plan), definition) as () => Promise<void>;
}

/** The single whole-iteration outcome as "result[:reason@step]". */
function outcome(): string {
  const samples = k6State.samplesOf("cl_requests");
  assert.equal(samples.length, 1, "one iteration is one probe");
  const tags = (samples[0] as { tags: Record<string, string> }).tags;
  return tags.result === "ok" ? "ok" : `fail:${tags.reason}@${tags.step}`;
}

const steps = () => k6State.samplesOf("cl_step_duration").map((s) => [s.tags.step, s.tags.result, s.tags.reason].filter((x) => x !== undefined).join(":"));
const requested = () => httpServer.calls.map((c) => new URL(c.url).pathname);

const THREE_HTTP = { first: "http", second: "http", third: "http" } as const;

describe("scenario failure modes", () => {
  let errors: string[];
  beforeEach(() => {
    resetFakes();
    errors = [];
    mock.method(console, "error", (text: string) => errors.push(text));
  });
  afterEach(() => mock.restoreAll());

  it("a failing middle step ends the iteration with its reason and name, and later steps never run", async () => {
    httpServer.behaviour = (_m, url) => (url.endsWith("/second") ? { kind: "answer", status: 503 } : { kind: "answer", status: 200, body: "{}" });
    const flow = defineScenario({
      name: "three",
      description: "three requests in a row",
      steps: THREE_HTTP,
      run(ctx) {
        for (const step of ["first", "second", "third"] as const) ctx.http(step, { url: `http://${ctx.authority(80)}/${step}` });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:status@second");
    assert.deepEqual(requested(), ["/first", "/second"]);
    assert.deepEqual(steps(), ["first:ok", "second:fail:status"]);
  });

  it("an exception in the scenario's own code is counted as error at the step that ran last, and the probe does not throw", async () => {
    const flow = defineScenario({
      name: "parses",
      description: "parses an answer that is not JSON",
      steps: THREE_HTTP,
      run(ctx) {
        const first = ctx.http("first", { url: `http://${ctx.authority(80)}/first` });
        JSON.parse(first.body.replace("{", "<")); // a bug in the scenario
        ctx.http("second", { url: `http://${ctx.authority(80)}/second` });
      },
    });
    await probeOf(flow)(); // resolves: the iteration is recorded, not lost
    assert.equal(outcome(), "fail:error@first");
    assert.deepEqual(requested(), ["/first"]);
    assert.deepEqual(steps(), ["first:ok"], "the step itself succeeded");
    assert.match(errors[0] ?? "", /scenario parses \(target flow\) threw in or after step first: SyntaxError/);
    assert.deepEqual(k6State.samplesOf("checks").map((s) => s.value), [0]);
  });

  it("an exception before any step is charged to the first step", async () => {
    const flow = defineScenario({
      name: "early",
      description: "throws at once",
      steps: THREE_HTTP,
      run() {
        throw new TypeError("undefined is not a function");
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:error@first");
    assert.equal(httpServer.calls.length, 0);
  });

  it("even `throw undefined` is an exception", async () => {
    const flow = defineScenario({
      name: "undefined",
      description: "throws nothing in particular",
      steps: THREE_HTTP,
      run(ctx) {
        ctx.http("first", { url: `http://${ctx.authority(80)}/first` });
        throw undefined;
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:error@first");
  });

  it("an async scenario that rejects is counted the same way", async () => {
    const flow = defineScenario({
      name: "rejects",
      description: "rejects after a DNS step",
      steps: { lookup: "dns" },
      async run(ctx) {
        await ctx.dns("lookup", { query: "podinfo.lab.svc.cluster.local", nameserver: "10.96.0.10:53" });
        await Promise.reject(new Error("boom"));
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:error@lookup");
  });

  it("the timeout bounds the whole scenario: the step that runs out of it fails with timeout, the rest never run", async () => {
    httpServer.behaviour = () => ({ kind: "answer", status: 200, body: "{}", durationMs: 40 });
    const flow = defineScenario({
      name: "slow",
      description: "three 40 ms requests under a 60 ms timeout",
      steps: THREE_HTTP,
      run(ctx) {
        for (const step of ["first", "second", "third"] as const) ctx.http(step, { url: `http://${ctx.authority(80)}/${step}` });
      },
    });
    await probeOf(flow, "60ms")();
    assert.equal(outcome(), "fail:timeout@second");
    assert.deepEqual(requested(), ["/first", "/second"]);
    const secondTimeout = Number(String(httpServer.calls[1]?.params.timeout).replace("ms", ""));
    assert.ok(secondTimeout <= 21, `the second step got ${secondTimeout} ms, what was left of 60 ms`);
    const whole = k6State.samplesOf("cl_request_duration")[0]?.value ?? 0;
    assert.ok(whole >= 55 && whole < 150, `the iteration took ${whole} ms for a 60 ms timeout`);
    assert.deepEqual(steps(), ["first:ok", "second:fail:timeout"]);
  });

  it("a step whose budget is already spent by the scenario's own code fails with timeout without being sent", async () => {
    httpServer.behaviour = () => ({ kind: "answer", status: 200, body: "{}", durationMs: 20 });
    const flow = defineScenario({
      name: "busy",
      description: "spends the budget between steps",
      steps: THREE_HTTP,
      run(ctx) {
        ctx.http("first", { url: `http://${ctx.authority(80)}/first` });
        const until = Date.now() + 45;
        while (Date.now() < until); // heavy work of its own
        ctx.http("second", { url: `http://${ctx.authority(80)}/second` });
      },
    });
    await probeOf(flow, "60ms")();
    assert.equal(outcome(), "fail:timeout@second");
    assert.deepEqual(requested(), ["/first"]);
    assert.deepEqual(steps(), ["first:ok"], "no sample for a step that never ran");
  });

  it("a failure the scenario catches still ends the iteration: later steps do not run", async () => {
    httpServer.behaviour = (_m, url) => (url.endsWith("/first") ? transport.refused() : { kind: "answer", status: 200, body: "{}" });
    const flow = defineScenario({
      name: "swallows",
      description: "catches a failure and goes on",
      steps: THREE_HTTP,
      run(ctx) {
        try {
          ctx.http("first", { url: `http://${ctx.authority(80)}/first` });
        } catch {
          // ignored on purpose
        }
        ctx.http("second", { url: `http://${ctx.authority(80)}/second` });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:connect@first");
    assert.deepEqual(requested(), ["/first"]);
  });

  it("ctx.fail() ends the iteration at the step it names, with the reason it gives", async () => {
    const flow = defineScenario({
      name: "decides",
      description: "fails on a rule of its own",
      steps: THREE_HTTP,
      run(ctx) {
        const first = ctx.http("first", { url: `http://${ctx.authority(80)}/first` });
        if (first.body === "{}") return ctx.fail("second", "body");
        ctx.http("second", { url: `http://${ctx.authority(80)}/second` });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:body@second");
    assert.deepEqual(requested(), ["/first"]);
  });

  it("TCP and DNS steps: resolve, then connect and read a prefix, recorded per step", async () => {
    dnsServer.answer = () => ({ kind: "addresses", addresses: ["10.0.0.7"] });
    tcpPeers.peer = () => ({ kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n\r\n"] });
    const flow = defineScenario({
      name: "lowlevel",
      description: "resolves the service, then speaks HTTP over TCP to the address it got",
      steps: { resolve: "dns", connect: "tcp" },
      async run(ctx) {
        const { addresses } = await ctx.dns("resolve", { query: "podinfo.lab.svc.cluster.local", nameserver: "10.96.0.10:53", check: (a) => a.length === 1 });
        await ctx.tcp("connect", { host: addresses[0] as string, port: 9898, payload: "GET /healthz HTTP/1.1\r\nHost: podinfo\r\n\r\n", expectPrefix: "HTTP/1.1 200" });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "ok");
    assert.deepEqual(dnsServer.calls[0]?.args, ["podinfo.lab.svc.cluster.local", "A", "10.96.0.10:53"]);
    assert.deepEqual(tcpPeers.sockets.map((s) => s.target), ["10.0.0.7:9898"]);
    assert.deepEqual(steps(), ["resolve:ok", "connect:ok"]);
    assert.deepEqual(k6State.fatal, [], "no socket touched while dialing");
  });

  it("a DNS step answering NXDOMAIN fails with status and the TCP step never dials", async () => {
    dnsServer.answer = () => ({ kind: "nxdomain" });
    const flow = defineScenario({
      name: "lowlevel",
      description: "resolves, then connects",
      steps: { resolve: "dns", connect: "tcp" },
      async run(ctx) {
        await ctx.dns("resolve", { query: "gone.lab.svc.cluster.local", nameserver: "10.96.0.10:53" });
        await ctx.tcp("connect", { port: 9898 });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:status@resolve");
    assert.equal(tcpPeers.sockets.length, 0);
  });

  it("a TCP step to a refused port fails with connect, and one to a silent peer with timeout within the budget", async () => {
    const flow = defineScenario({
      name: "tcp",
      description: "connects and expects a greeting",
      steps: { connect: "tcp" },
      async run(ctx) {
        await ctx.tcp("connect", { port: 9898, payload: "hi", expectPrefix: "HTTP/1.1" });
      },
    });
    tcpPeers.peer = () => ({ kind: "refused" });
    await probeOf(flow, "50ms")();
    assert.equal(outcome(), "fail:connect@connect");
    resetFakes();
    tcpPeers.peer = () => ({ kind: "silent" });
    await probeOf(flow, "50ms")();
    assert.equal(outcome(), "fail:timeout@connect");
    assert.deepEqual(k6State.fatal, []);
  });

  it("a TCP step on a path that drops SYNs times out within the budget and never opens a k6/x/tcp socket", async () => {
    tcpPeers.peer = () => ({ kind: "syn-drop", dialMs: 30_000 });
    const flow = defineScenario({
      name: "tcp",
      description: "connects and expects a greeting",
      steps: { connect: "tcp" },
      async run(ctx) {
        await ctx.tcp("connect", { port: 9898, payload: "hi", expectPrefix: "HTTP/1.1" });
      },
    });
    const started = Date.now();
    await probeOf(flow, "80ms")();
    assert.equal(outcome(), "fail:timeout@connect");
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
    assert.equal(tcpPeers.sockets.length, 0, "the connect test (k6 HTTP, which has a timeout) found the drop first");
    assert.deepEqual(k6State.fatal, []);
  });

  it("misuse from plain JavaScript (an undeclared step, a step of another protocol) is an error, not a crash", async () => {
    const flow = defineScenario({
      name: "misuse",
      description: "calls a step the wrong way",
      steps: { only: "http" },
      run(ctx) {
        (ctx.grpc as (step: string, request: unknown) => unknown)("only", { address: "x:1", method: "a.B/C" });
      },
    });
    await probeOf(flow)();
    assert.equal(outcome(), "fail:error@only");
    assert.match(errors[0] ?? "", /step "only" is not declared as a grpc step/);
  });

  it("ctx.fail() with a step or reason nobody declared is an error, never an unbounded label", async () => {
    for (const [step, reason] of [["toString", "body"], ["only", "teapot"]]) {
      resetFakes();
      const flow = defineScenario({
        name: "misnames",
        description: "fails with names of its own",
        steps: { only: "http" },
        run(ctx) {
          (ctx.fail as (s: string, r: string) => never)(step as string, reason as string);
        },
      });
      await probeOf(flow)();
      assert.equal(outcome(), "fail:error@only");
    }
    assert.match(errors.join("\n"), /step "toString" is not declared[\s\S]*reason "teapot" is not one of/);
  });
});

describe("defineScenario", () => {
  it("rejects declarations that would make bad labels or nothing to run", () => {
    assert.throws(
      () => defineScenario({ name: "Bad Name", description: "x", steps: {}, run() {} }),
      /scenario Bad Name: name "Bad Name" must match .*; must declare 1 to 16 steps \(got 0\)/,
    );
    assert.throws(() => defineScenario({ name: "ok", description: "x", steps: { "Step One": "http" }, run() {} }), /step "Step One" must match/);
    assert.throws(() => defineScenario({ name: "ok", description: "x", steps: { a: "udp" as "http" }, run() {} }), /protocol "udp" is not one of http, grpc, tcp, dns/);
    assert.throws(() => defineScenario({ name: "ok", description: " ", steps: { a: "http" }, run() {} }), /description must say/);
    assert.throws(() => defineScenario({ name: "ok", description: "x", steps: { a: "http" }, vars: { "bad-var": "1" }, run() {} }), /variable "bad-var" must match/);
  });

  it("accepts a sound declaration as it is", () => {
    const definition = { name: "fine", description: "x", steps: { a: "http" }, vars: { port: "80" }, run() {} } as const;
    assert.equal(defineScenario(definition), definition);
  });
});
