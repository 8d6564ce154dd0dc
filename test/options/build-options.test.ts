// Options: one constant-arrival-rate scenario per target at exactly its rate, bounded VUs, tags, and default
// thresholds that k6's grammar accepts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../src/config/load-config.ts";
import { expressionProblem } from "../../src/config/thresholds.ts";
import { EMITTED_METRICS } from "../../src/metrics/emitted-metrics.ts";
import { AGGREGATIONS } from "../../src/metrics/names.ts";
import { toArrivalRate } from "../../src/options/arrival-rate.ts";
import { buildOptions, runThresholds } from "../../src/options/build-options.ts";
import { SPARE_VUS } from "../../src/options/vus.ts";
import { planTargets } from "../../src/options/target-plan.ts";

/** The thresholds that judge the run (options.thresholds adds the end-of-test report's always-holding ones). */
function judgingThresholds(env: Record<string, string>) {
  const config = loadConfig(env, () => "nameserver 10.96.0.10\n");
  const plans = planTargets(config);
  const judging = runThresholds(config, plans);
  const all = buildOptions(config, plans).thresholds ?? {};
  for (const [key, expressions] of Object.entries(judging)) assert.deepEqual(all[key], expressions, `options.thresholds keeps ${key} as it is`);
  return judging;
}

function optionsFor(env: Record<string, string>) {
  const config = loadConfig(env, () => "nameserver 10.96.0.10\n");
  return buildOptions(config, planTargets(config));
}

describe("toArrivalRate", () => {
  it("keeps whole rates per second", () => assert.deepEqual(toArrivalRate(5), { rate: 5, timeUnit: "1s" }));
  it("turns fractional rates into whole counts per minute", () => assert.deepEqual(toArrivalRate(0.5), { rate: 30, timeUnit: "1m" }));
  it("falls back to per hour", () => assert.deepEqual(toArrivalRate(1 / 3600), { rate: 1, timeUnit: "1h" }));
  it("refuses rates with no whole count per hour", () => assert.equal(toArrivalRate(0.0001), undefined));
});

describe("buildOptions with no environment", () => {
  const options = optionsFor({});
  const scenarios = options.scenarios ?? {};

  it("has one scenario per default target, named after it and run by its protocol's exec", () => {
    assert.deepEqual(
      Object.entries(scenarios).map(([name, s]) => `${name}->${s.exec}`),
      ["http-status->http", "http-info->http", "grpc-version->grpc", "grpc-health->grpc", "tcp-http-port->tcp", "dns-localhost->dns"],
    );
  });

  it("runs each at one probe per second for one minute with a constant arrival rate", () => {
    for (const scenario of Object.values(scenarios)) {
      assert.equal(scenario.executor, "constant-arrival-rate");
      const s = scenario as { rate: number; timeUnit: string; duration: string };
      assert.deepEqual([s.rate, s.timeUnit, s.duration], [1, "1s", "1m"]);
    }
  });

  it("tags every scenario with protocol, target and path: on every sample, k6's own too, and not on each add", () => {
    assert.deepEqual(scenarios["grpc-health"]?.tags, { protocol: "grpc", target: "grpc-health", path: "service" });
  });

  it("discards response bodies unless a probe asks for one", () => assert.equal(options.discardResponseBodies, true));

  it("keeps k6's own series low-cardinality: no url tag (pod IPs on the pod path), name and status kept", () => {
    assert.ok(!options.systemTags?.includes("url"));
    for (const tag of ["name", "status", "method", "scenario", "expected_response", "error_code", "check"]) assert.ok(options.systemTags?.includes(tag), tag);
  });

  it("sets default thresholds per protocol that k6's grammar accepts, on metrics the script emits", () => {
    const thresholds = options.thresholds ?? {};
    assert.deepEqual(thresholds["cl_request_failed{protocol:http}"], ["rate<0.01"]);
    assert.deepEqual(thresholds["cl_request_duration{protocol:dns}"], ["p(95)<500"]);
    assert.deepEqual(thresholds.dropped_iterations, ["count<1"]);
    for (const [key, expressions] of Object.entries(thresholds)) {
      const metric = EMITTED_METRICS[key.replace(/\{.*$/, "")];
      assert.ok(metric, `${key} names an emitted metric`);
      for (const expression of expressions) {
        assert.equal(expressionProblem(String(expression), AGGREGATIONS[metric.type]), undefined, `${key}: ${String(expression)}`);
      }
    }
  });
});

describe("buildOptions from configuration", () => {
  const tcp = (extra: object) => ({ name: "t", protocol: "tcp", host: "podinfo", port: 9898, ...extra });

  it("gives each target exactly its configured rate", () => {
    const options = optionsFor({ TARGETS: JSON.stringify([tcp({ name: "a", rate: 40 }), tcp({ name: "b", rate: 0.2 })]), RATE: "3" });
    const a = options.scenarios?.a as { rate: number; timeUnit: string };
    const b = options.scenarios?.b as { rate: number; timeUnit: string };
    assert.deepEqual([a.rate, a.timeUnit, b.rate, b.timeUnit], [40, "1s", 12, "1m"]);
  });

  it("bounds VUs by rate x timeout, so a silent target drops iterations instead of growing VUs", () => {
    const options = optionsFor({ TARGETS: JSON.stringify([tcp({ rate: 10, timeout: "2s", latencyObjective: "100ms" })]) });
    const s = options.scenarios?.t as { preAllocatedVUs: number; maxVUs: number };
    assert.deepEqual([s.preAllocatedVUs, s.maxVUs], [3, 21]);
  });

  it("starts a fast target with rate x 100 ms + 2 VUs and lets k6 add VUs up to maxVUs", () => {
    const vus = (rate: number, timeout = "5s") => {
      const s = optionsFor({ TARGETS: JSON.stringify([tcp({ rate, timeout })]) }).scenarios?.t as { preAllocatedVUs: number; maxVUs: number };
      return [s.preAllocatedVUs, s.maxVUs];
    };
    assert.deepEqual(vus(400), [42, 100], "400/s x 100 ms + 2, not 400/s x 500 ms latency objective = 200, capped at 100");
    assert.deepEqual(vus(1), [3, 6]);
    assert.deepEqual(vus(20), [4, 100]);
    assert.deepEqual(vus(0.5), [3, 4]);
    assert.deepEqual(vus(1000, "1s"), [100, 100], "never more than maxVUs");
    assert.deepEqual(vus(100, "10ms"), [2, 2], "never more than maxVUs");
  });

  it("gives each runner its spare VUs when execution segments split the run", () => {
    const s = optionsFor({ TARGETS: JSON.stringify([tcp({ rate: 400 })]), RUNNER_REPLICAS: "4" }).scenarios?.t as { preAllocatedVUs: number };
    assert.equal(s.preAllocatedVUs, 40 + 4 * SPARE_VUS);
  });

  it("leaves the failure-rate thresholds out in continuous mode, which emits no cl_request_failed", () => {
    assert.deepEqual(Object.keys(judgingThresholds({ MODE: "continuous", TARGETS: JSON.stringify([tcp({})]) })).sort(), ["cl_request_duration{protocol:tcp}", "dropped_iterations"]);
  });

  it("caps derived VUs at 100 and honours explicit bounds", () => {
    const derived = optionsFor({ TARGETS: JSON.stringify([tcp({ rate: 500, timeout: "5s" })]) }).scenarios?.t as { maxVUs: number };
    assert.equal(derived.maxVUs, 100);
    const explicit = optionsFor({ TARGETS: JSON.stringify([tcp({ preAllocatedVUs: 3, maxVUs: 7 })]) }).scenarios?.t as { preAllocatedVUs: number; maxVUs: number };
    assert.deepEqual([explicit.preAllocatedVUs, explicit.maxVUs], [3, 7]);
  });

  it("gives every runner sharing the run with execution segments at least one VU per target", () => {
    const options = optionsFor({ TARGETS: JSON.stringify([tcp({ rate: 1, maxVUs: 2 })]), RUNNER_REPLICAS: "3" });
    const s = options.scenarios?.t as { preAllocatedVUs: number; maxVUs: number; rate: number };
    assert.deepEqual([s.rate, s.preAllocatedVUs, s.maxVUs], [1, 3, 3], "k6 splits VUs by segment: 3 segments need 3");
  });

  it("lets in-flight probes finish when a scenario stops: gracefulStop = timeout + 2s", () => {
    const options = optionsFor({ TARGETS: JSON.stringify([tcp({ timeout: "3s" })]) });
    assert.equal(options.scenarios?.t?.gracefulStop, "5000ms");
  });

  it("uses DURATION for every scenario and TAGS for every sample", () => {
    const options = optionsFor({ DURATION: "8760h", TAGS: "cluster=eu1" });
    assert.ok(Object.values(options.scenarios ?? {}).every((s) => (s as { duration: string }).duration === "8760h"));
    assert.deepEqual(options.tags, { cluster: "eu1" });
  });

  it("adds a target's own tags to its scenario", () => {
    const options = optionsFor({ TARGETS: JSON.stringify([tcp({ tags: { team: "net" } })]) });
    assert.deepEqual(options.scenarios?.t?.tags, { team: "net", protocol: "tcp", target: "t", path: "service" });
  });

  it("replaces the default thresholds with THRESHOLDS", () => {
    assert.deepEqual(judgingThresholds({ THRESHOLDS: '{"checks":["rate>0.99"]}' }), { checks: ["rate>0.99"] });
  });

  it("only sets thresholds for protocols that have targets", () => {
    assert.deepEqual(Object.keys(judgingThresholds({ TARGETS: JSON.stringify([tcp({})]) })).sort(), ["cl_request_duration{protocol:tcp}", "cl_request_failed{protocol:tcp}", "dropped_iterations"]);
  });
});
