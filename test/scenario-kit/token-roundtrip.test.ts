// The shipped example, token-roundtrip, on the fakes: podinfo's token routes (test/fakes/podinfo-http.ts) and gRPC
// echo. One iteration is one probe; the first failing step names itself and stops the rest.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { ScenarioTarget } from "../../src/config/types.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { httpServer, transport, type HttpConnection, type HttpHandler } from "../fakes/k6-http.ts";
import { grpcServer } from "../fakes/k6-net-grpc.ts";
import { podinfoHttp } from "../fakes/podinfo-http.ts";
import { k6State } from "../fakes/state.ts";
import { outcomes, planFor, resetFakes } from "../helpers.ts";

const TOKEN: ScenarioTarget = { name: "token", protocol: "scenario", scenario: "token-roundtrip", host: "podinfo.lab.svc", timeout: "2s" };

/** For calling the podinfo model directly, outside a request. */
const NO_CONNECTION: HttpConnection = { id: 0, peer: { kind: "silent" }, fresh: true };

async function iterate(target: ScenarioTarget = TOKEN, times = 1): Promise<void> {
  const probe = createProbe(planFor(target));
  for (let i = 0; i < times; i++) await probe();
}

/** Step samples as "step:result[:reason]", in the order the steps ran. */
function steps(): string[] {
  return k6State.samplesOf("cl_step_duration").map((s) => [s.tags.step, s.tags.result, s.tags.reason].filter((x) => x !== undefined).join(":"));
}

/** podinfo, with one route answering something else. */
function podinfoExcept(path: string, behaviour: ReturnType<HttpHandler>): HttpHandler {
  const podinfo = podinfoHttp();
  return (method, url, conn, body, params) => (url.endsWith(path) ? behaviour : podinfo(method, url, conn, body, params));
}

describe("token-roundtrip scenario", () => {
  beforeEach(() => {
    resetFakes();
    httpServer.behaviour = podinfoHttp();
  });

  it("issues a token, presents it as a Bearer token and echoes over gRPC, recorded as one ok probe", async () => {
    await iterate();
    assert.deepEqual(
      httpServer.calls.map((c) => `${c.method} ${c.url} ${String(c.body)}`),
      ["POST http://podinfo.lab.svc:9898/token continuous-load", "GET http://podinfo.lab.svc:9898/token/validate null"],
    );
    const issued = JSON.parse((podinfoHttp()("POST", "http://x/token", NO_CONNECTION, "continuous-load", {}) as { body: string }).body) as { token: string };
    assert.match(httpServer.calls[1]?.params.headers?.Authorization ?? "", /^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(issued.token.split(".").length, 3);
    assert.deepEqual(grpcServer.dialled, ["podinfo.lab.svc:9999"]);
    const [echo] = grpcServer.invokes;
    assert.equal(echo?.method, "echo.EchoService/Echo");
    assert.equal((echo?.request as { body: string }).body, httpServer.calls[1]?.params.headers?.Authorization?.split(".")[2], "the echo carries the token's signature");
    assert.deepEqual(outcomes(), [{ protocol: "scenario", target: "token", result: "ok", latency: "fast", value: 1 }]);
    assert.equal(k6State.samplesOf("cl_requests")[0]?.tags.step, undefined, "a success names no step");
    assert.deepEqual(steps(), ["issue:ok", "validate:ok", "echo:ok"]);
    assert.deepEqual(k6State.samplesOf("checks").map((s) => [s.tags.check, s.value]), [["scenario completes every step as expected", 1]]);
  });

  it("times each step and the whole iteration: the whole is at least the sum of its steps", async () => {
    const podinfo = podinfoHttp();
    httpServer.behaviour = (method, url, conn, body, params) => ({ ...(podinfo(method, url, conn, body, params) as { kind: "answer"; status: number; body: string }), durationMs: url.endsWith("/token") ? 30 : 20 });
    grpcServer.methods["echo.EchoService/Echo"] = (req) => ({ status: 0, message: req, delayMs: 10 });
    await iterate();
    const byStep = Object.fromEntries(k6State.samplesOf("cl_step_duration").map((s) => [s.tags.step, s.value]));
    assert.ok((byStep.issue ?? 0) >= 29 && (byStep.validate ?? 0) >= 19 && (byStep.echo ?? 0) >= 9, JSON.stringify(byStep));
    const whole = k6State.samplesOf("cl_request_duration")[0]?.value ?? 0;
    assert.ok(whole >= (byStep.issue ?? 0) + (byStep.validate ?? 0) + (byStep.echo ?? 0), `whole ${whole} ms, steps ${JSON.stringify(byStep)}`);
    assert.ok(whole < 500, `whole ${whole} ms`);
  });

  it("fails at validate with reason body when podinfo rejects the token with its HTTP 200 {code: 401}, and never echoes", async () => {
    // Two pods with different --jwt-secret: the token one issues, the other rejects.
    const issuing = podinfoHttp({ jwtSecret: "one" });
    const validating = podinfoHttp({ jwtSecret: "two" });
    httpServer.behaviour = (method, url, conn, body, params) => (url.endsWith("/validate") ? validating : issuing)(method, url, conn, body, params);
    await iterate();
    const [sample] = k6State.samplesOf("cl_requests");
    assert.deepEqual([sample?.tags.result, sample?.tags.reason, sample?.tags.step], ["fail", "body", "validate"]);
    assert.equal(grpcServer.invokes.length, 0, "the step after the failing one did not run");
    assert.deepEqual(steps(), ["issue:ok", "validate:fail:body"], "a step sample for each step that ran, none for echo");
    assert.deepEqual(k6State.samplesOf("cl_request_failed").map((s) => s.value), [1]);
    assert.deepEqual(k6State.samplesOf("checks").map((s) => s.value), [0]);
  });

  const MIDDLE_FAILURES: ReadonlyArray<[string, ReturnType<HttpHandler>, string]> = [
    ["refused", transport.refused(), "connect"],
    ["reset", transport.resetAfterRequest(), "reset"],
    ["answered 500", { kind: "answer", status: 500, body: "" }, "status"],
    ["never answers", { kind: "hang" }, "timeout"],
  ];
  for (const [what, behaviour, reason] of MIDDLE_FAILURES) {
    it(`fails at validate with reason ${reason} when the validate request is ${what}`, async () => {
      httpServer.behaviour = podinfoExcept("/token/validate", behaviour);
      await iterate({ ...TOKEN, timeout: "80ms" });
      const [sample] = k6State.samplesOf("cl_requests");
      assert.deepEqual([sample?.tags.reason, sample?.tags.step], [reason, "validate"]);
      assert.equal(grpcServer.connects, 0);
    });
  }

  it("fails at issue with reason body when the answer has no token, before sending anything else", async () => {
    httpServer.behaviour = podinfoExcept("/token", { kind: "answer", status: 200, body: '{\n  "code": 500,\n  "message": "cache offline"\n}' });
    await iterate();
    const [sample] = k6State.samplesOf("cl_requests");
    assert.deepEqual([sample?.tags.reason, sample?.tags.step], ["body", "issue"]);
    assert.equal(httpServer.calls.length, 1);
  });

  it("fails at echo when gRPC is down, and dials afresh on the next iteration", async () => {
    grpcServer.mode = "refused";
    await iterate(TOKEN, 2);
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => `${s.tags.reason}@${s.tags.step}`), ["connect@echo", "connect@echo"]);
    assert.equal(grpcServer.connects, 2);
  });

  it("opens fresh connections each iteration on path service, so the Service spreads iterations over backends", async () => {
    await iterate(TOKEN, 3);
    assert.equal(k6State.samplesOf("cl_requests").filter((s) => s.tags.result === "ok").length, 3);
    assert.deepEqual([grpcServer.connects, grpcServer.closes], [3, 3], "gRPC dials and closes once per iteration");
    const connectionHeaders = httpServer.calls.map((c) => c.params.headers?.Connection);
    assert.deepEqual(connectionHeaders, [undefined, "close", undefined, "close", undefined, "close"], "issue and validate share a connection; the last HTTP step closes it");
  });

  it("keeps its connections across iterations on path external", async () => {
    await iterate({ ...TOKEN, path: "external" }, 3);
    assert.equal(k6State.samplesOf("cl_requests").filter((s) => s.tags.result === "ok").length, 3);
    assert.deepEqual([grpcServer.connects, grpcServer.closes], [1, 0]);
    assert.ok(httpServer.calls.every((c) => c.params.headers?.Connection === undefined));
  });

  it("fails at echo with reason body when the echo does not match what was sent", async () => {
    grpcServer.methods["echo.EchoService/Echo"] = () => ({ status: 0, message: { body: "stale" } });
    await iterate();
    const [sample] = k6State.samplesOf("cl_requests");
    assert.deepEqual([sample?.tags.reason, sample?.tags.step], ["body", "echo"]);
    assert.deepEqual(steps(), ["issue:ok", "validate:ok", "echo:fail:body"], "the step's check failed it");
  });

  it("uses the ports and user the target's vars set", async () => {
    await iterate({ ...TOKEN, vars: { httpPort: "19898", grpcPort: "19999", user: "tenant-a" } });
    assert.deepEqual(httpServer.calls.map((c) => c.url), ["http://podinfo.lab.svc:19898/token", "http://podinfo.lab.svc:19898/token/validate"]);
    assert.equal(httpServer.calls[0]?.body, "tenant-a");
    assert.deepEqual(grpcServer.dialled, ["podinfo.lab.svc:19999"]);
    assert.equal(k6State.samplesOf("cl_requests")[0]?.tags.result, "ok");
  });
});
