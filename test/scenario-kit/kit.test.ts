// The pure parts of the kit (answer scanning, the iteration's budget and first-failure rule, the registry), the
// pod path for a scenario, and the podinfo fake against what the real podinfo 6.14.1 answered.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { ScenarioTarget } from "../../src/config/types.ts";
import type { Reason } from "../../src/metrics/names.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { Iteration } from "../../src/scenario-kit/iteration.ts";
import { jsonStringField } from "../../src/scenario-kit/json-field.ts";
import { SCENARIO_NAMES, scenarioNamed } from "../../src/scenario-kit/registry.ts";
import { StepFailure } from "../../src/scenario-kit/step-failure.ts";
import { httpServer, type HttpConnection } from "../fakes/k6-http.ts";
import { grpcServer } from "../fakes/k6-net-grpc.ts";
import { dnsServer } from "../fakes/k6-x-dns.ts";
import { podinfoHttp } from "../fakes/podinfo-http.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

describe("jsonStringField", () => {
  it("reads podinfo's pretty-printed and compact JSON alike", () => {
    assert.equal(jsonStringField('{\n  "token": "eyJ.a.b",\n  "expires_at": "2026-12-02T13:02:30Z"\n}', "token"), "eyJ.a.b");
    assert.equal(jsonStringField('{"token_name":"cl"}', "token_name"), "cl");
  });

  it("gives undefined for a missing key, a non-string value or a cut answer", () => {
    assert.equal(jsonStringField('{\n  "code": 401,\n  "message": "token is expired"\n}', "token"), undefined);
    assert.equal(jsonStringField('{"token": 42}', "token"), undefined);
    assert.equal(jsonStringField('{"token": "eyJ', "token"), undefined);
    assert.equal(jsonStringField('{"token" "x"}', "token"), undefined);
  });

  it("matches the whole key, not a longer one that ends with it", () => {
    assert.equal(jsonStringField('{"old_token": "a", "token": "b"}', "token"), "b");
  });
});

describe("Iteration", () => {
  const recorded: Array<[string, Reason | undefined]> = [];
  const iteration = new Iteration((step, reason) => recorded.push([step, reason]));
  beforeEach(() => {
    recorded.length = 0;
    iteration.begin("10.0.0.1", 1_000);
  });

  it("hands each step what is left of the budget, and fails the one that starts with none left", () => {
    assert.equal(iteration.enter("a", 400), 600);
    iteration.leave("a", undefined, 400);
    assert.throws(() => iteration.enter("b", 1_000), (err: StepFailure) => err.step === "b" && err.reason === "timeout");
    assert.deepEqual(recorded, [["a", undefined]], "a step that never ran has no sample");
  });

  it("keeps the first failure: later steps and later failures throw it again", () => {
    iteration.enter("a", 0);
    assert.throws(() => iteration.leave("a", "connect", 5));
    assert.throws(() => iteration.enter("b", 10), (err: StepFailure) => err.step === "a" && err.reason === "connect");
    assert.throws(() => iteration.fail("b", "body"), (err: StepFailure) => err.step === "a");
    assert.equal(iteration.failure?.reason, "connect");
  });

  it("starts clean on begin(), and keeps the first pod an answer revealed", () => {
    iteration.enter("a", 0);
    assert.throws(() => iteration.fail("a", "status"));
    iteration.begin("10.0.0.2", 2_000);
    assert.deepEqual([iteration.failure, iteration.current, iteration.host], [undefined, undefined, "10.0.0.2"]);
    iteration.servedBy(undefined);
    iteration.servedBy("podinfo-a");
    iteration.servedBy("podinfo-b");
    assert.equal(iteration.destPod, "podinfo-a");
  });
});

describe("the scenario registry", () => {
  it("lists every scenario of src/scenarios/index.ts by name, each a sound declaration with steps of known protocols", () => {
    assert.deepEqual(SCENARIO_NAMES, ["token-roundtrip"]);
    const tokenRoundtrip = scenarioNamed("token-roundtrip");
    assert.deepEqual(tokenRoundtrip?.steps, { issue: "http", validate: "http", echo: "grpc" });
    assert.equal(scenarioNamed("nope"), undefined);
  });
});

describe("a scenario on the pod path", () => {
  const HEADLESS = "podinfo-headless.lab.svc.cluster.local";
  beforeEach(() => {
    resetFakes();
    httpServer.behaviour = podinfoHttp();
    dnsServer.answer = (query) => (query === HEADLESS ? { kind: "addresses", addresses: ["10.0.0.11", "10.0.0.12"] } : { kind: "nxdomain" });
  });

  it("sends every step of an iteration to one pod IP, the next iteration to the next pod, and tags path pod", async () => {
    const target: ScenarioTarget = { name: "token-pod", protocol: "scenario", scenario: "token-roundtrip", host: HEADLESS, path: "pod" };
    const probe = createProbe(planFor(target));
    for (let i = 0; i < 4; i++) await probe();
    const ipOf = (hostPort: string) => hostPort.replace(/:\d+$/, "");
    const perIteration = [0, 1, 2, 3].map((i) =>
      [httpServer.calls[2 * i]?.url, httpServer.calls[2 * i + 1]?.url].map((u) => ipOf(new URL(u ?? "http://x").host)).concat(ipOf(grpcServer.dialled[i] ?? "")),
    );
    for (const ips of perIteration) assert.equal(new Set(ips).size, 1, `one pod per iteration: ${ips.join(", ")}`);
    assert.deepEqual(new Set(perIteration.map((ips) => ips[0])), new Set(["10.0.0.11", "10.0.0.12"]), "round-robin over the pods");
    assert.deepEqual(new Set(k6State.samplesOf("cl_requests").map((s) => `${s.tags.path}/${s.tags.result}/${s.tags.dest_pod}`)), new Set(["pod/ok/10.0.0.11", "pod/ok/10.0.0.12"]), "no answer names the pod: its IP does");
    assert.deepEqual(dnsServer.calls.length, 1, "resolved once per refresh, not per iteration");
  });

  it("fails with dns at the first step when the headless Service has no pods, sending nothing", async () => {
    dnsServer.answer = () => ({ kind: "nxdomain" });
    const probe = createProbe(planFor({ name: "token-pod", protocol: "scenario", scenario: "token-roundtrip", host: HEADLESS, path: "pod" } as ScenarioTarget));
    await probe();
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => s.tags.reason), ["dns"]);
    assert.equal(httpServer.calls.length, 0);
  });
});

describe("the podinfo HTTP fake", () => {
  const NO_CONNECTION: HttpConnection = { id: 0, peer: { kind: "silent" }, fresh: true };
  // Answers copied from podinfo 6.14.1 (curl against the binary): pretty JSON, errors as HTTP 200.
  const podinfo = podinfoHttp();
  const answer = (method: string, path: string, body: unknown = null, headers: Record<string, string> = {}) =>
    podinfo(method, `http://127.0.0.1:9898${path}`, NO_CONNECTION, body, { headers }) as { status: number; body: string };

  it("issues a JWT named by the body, and validates it back", () => {
    const issued = answer("POST", "/token", "cl");
    assert.equal(issued.status, 200);
    assert.match(issued.body, /^\{\n {2}"token": "eyJ[\w-]+\.[\w-]+\.[\w-]+",\n {2}"expires_at": "[^"]+"\n\}$/);
    const token = jsonStringField(issued.body, "token");
    const validated = answer("GET", "/token/validate", null, { Authorization: `Bearer ${token}` });
    assert.deepEqual([validated.status, jsonStringField(validated.body, "token_name")], [200, "cl"]);
    assert.equal(jsonStringField(answer("POST", "/token", "").body, "token")?.split(".").length, 3, "an empty body names the token anonymous");
  });

  it("answers a bad or missing token with HTTP 200 and {code: 401}, like podinfo's ErrorResponse", () => {
    for (const headers of [{}, { Authorization: "Bearer nope" }, { Authorization: "Basic abc" }]) {
      const res = answer("GET", "/token/validate", null, headers);
      assert.equal(res.status, 200);
      assert.match(res.body, /^\{\n {2}"code": 401,\n {2}"message": "[^"]+"\n\}$/);
    }
  });

  it("rejects an expired token, echoes with 202, and has no GET /token", () => {
    let now = 1_000_000;
    const clock = podinfoHttp({ now: () => now });
    const token = jsonStringField((clock("POST", "http://p/token", NO_CONNECTION, "cl", {}) as { body: string }).body, "token");
    now += 61;
    assert.match((clock("GET", "http://p/token/validate", NO_CONNECTION, null, { headers: { authorization: `bearer ${token}` } }) as { body: string }).body, /"code": 401/);
    assert.deepEqual([answer("POST", "/echo", "hi").status, answer("POST", "/echo", "hi").body], [202, "hi"]);
    assert.equal(answer("GET", "/token").status, 405);
  });
});
