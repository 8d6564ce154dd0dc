// Scenario targets in the configuration: validated by the schema and the semantic checks before any traffic, with
// the variable, path and known names in the message.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { defaultThresholds } from "../../src/options/default-thresholds.ts";
import { planTargets } from "../../src/options/target-plan.ts";

const RESOLV = () => "nameserver 10.96.0.10\n";
const scenario = (extra: object = {}) => ({ name: "token", protocol: "scenario", scenario: "token-roundtrip", host: "podinfo.lab.svc", ...extra });
const http = { name: "web", protocol: "http", url: "http://podinfo:9898/" };

function problems(targets: object[], env: Record<string, string> = {}): string[] {
  try {
    loadConfig({ ...env, TARGETS: JSON.stringify(targets) }, RESOLV);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message.split("\n").slice(1, -1).map((line) => line.trim());
  }
  assert.fail("the configuration was accepted");
}

describe("scenario targets in the configuration", () => {
  it("accept a known scenario with its variables, on the service or pod path, with every common field", () => {
    const config = loadConfig(
      {
        TARGETS: JSON.stringify([
          scenario({ vars: { httpPort: "19898", user: "tenant-a" }, rate: 2, timeout: "3s", latencyObjective: "1s", tags: { team: "a" } }),
          scenario({ name: "token-pod", path: "pod", discovery: { refresh: "10s" } }),
        ]),
      },
      RESOLV,
    );
    assert.deepEqual(config.targets.map((t) => t.protocol), ["scenario", "scenario"]);
    const [plan] = planTargets(config);
    assert.equal(plan?.timeoutMs, 3000);
  });

  it("name an unknown scenario with the variable, the path and the known names", () => {
    assert.deepEqual(problems([http, http, scenario({ name: "x", scenario: "x" })].map((t, i) => ({ ...t, name: `t${i}` }))), [
      'TARGETS[2].scenario: unknown scenario "x" (known: token-roundtrip)',
    ]);
  });

  it("name a variable the scenario does not declare, with the ones it does", () => {
    assert.deepEqual(problems([scenario({ vars: { httpPort: "9898", grpcport: "9999" } })]), [
      'TARGETS[0].vars.grpcport: is not a variable of scenario "token-roundtrip" (known: httpPort, grpcPort, user) (got "9999")',
    ]);
  });

  it("reject what the schema rules out: no host, no scenario, a variable that is not a string, a misspelt field", () => {
    assert.deepEqual(problems([{ name: "token", protocol: "scenario", scenario: "token-roundtrip" }]), ["TARGETS[0].host: is required"]);
    assert.deepEqual(problems([{ name: "token", protocol: "scenario", host: "podinfo" }]), ["TARGETS[0].scenario: is required"]);
    assert.match(problems([scenario({ vars: { httpPort: 9898 } })])[0] ?? "", /^TARGETS\[0\]\.vars\.httpPort: must be string/);
    assert.match(problems([scenario({ url: "http://podinfo/" })])[0] ?? "", /^TARGETS\[0\]\.url: is not a known field/);
  });

  it("reject the pod path to an IP address, naming host", () => {
    assert.match(problems([scenario({ host: "10.0.0.1", path: "pod" })])[0] ?? "", /^TARGETS\[0\]\.host: path "pod" needs a headless Service name/);
  });

  it("get the default thresholds of their own protocol, and may name cl_step_duration in thresholds", () => {
    const config = loadConfig({ TARGETS: JSON.stringify([scenario()]), THRESHOLDS: '{"cl_step_duration{step:validate}":["p(95)<300"]}' }, RESOLV);
    assert.deepEqual(Object.keys(defaultThresholds(planTargets(config))), ["cl_request_failed{protocol:scenario}", "cl_request_duration{protocol:scenario}", "dropped_iterations"]);
    assert.match(problems([http], { THRESHOLDS: '{"cl_step_duration":["p(95)<300"]}' })[0] ?? "", /names a scenario metric, but no scenario target is configured/);
  });
});
