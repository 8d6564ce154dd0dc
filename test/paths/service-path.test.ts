// The Service path on a three-pod Service fake that balances per connection: with the default connection
// policy, a minute of probes at 1/s reaches every backend on every protocol, and a dead backend shows failures.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { Target } from "../../src/config/types.ts";
import { createProbe } from "../../src/protocols/probes.ts";
import { ServiceFake } from "../fakes/service.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

const CLUSTER_IP = "10.96.12.34";
const PODS = ["podinfo-0", "podinfo-1", "podinfo-2"];
const PROBES_PER_MINUTE = 60;

const TARGETS: Target[] = [
  { name: "http-info-svc", protocol: "http", url: `http://${CLUSTER_IP}:9898/api/info`, bodyContains: '"hostname"' },
  { name: "grpc-info-svc", protocol: "grpc", address: `${CLUSTER_IP}:9999`, method: "info.InfoService/Info" },
  {
    name: "tcp-info-svc",
    protocol: "tcp",
    host: CLUSTER_IP,
    port: 9898,
    payload: "GET /api/info HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n",
    expectPrefix: "HTTP/1.1 200",
  },
];

async function minuteOf(target: Target): Promise<Map<string, string[]>> {
  const probe = createProbe(planFor(target));
  for (let i = 0; i < PROBES_PER_MINUTE; i++) await probe();
  const byPod = new Map<string, string[]>();
  for (const s of k6State.samplesOf("cl_requests")) {
    const pod = s.tags.dest_pod as string;
    byPod.set(pod, [...(byPod.get(pod) ?? []), s.tags.reason ?? "ok"]);
  }
  return byPod;
}

describe("Service path over a Service that balances per connection", () => {
  let service: ServiceFake;
  beforeEach(() => {
    resetFakes();
    service = new ServiceFake(CLUSTER_IP, PODS);
    service.install();
  });

  for (const target of TARGETS) {
    it(`${target.protocol}: reaches every backend within a minute${target.protocol === "tcp" ? "" : ", named in dest_pod"}`, async () => {
      const byPod = await minuteOf(target);
      assert.deepEqual([...byPod.values()].flat().filter((r) => r !== "ok"), []);
      for (const pod of PODS) assert.ok((service.connections.get(pod) ?? 0) >= 10, `${pod}: ${service.connections.get(pod) ?? 0} connections`);
      // A TCP reply is read only as far as its expected prefix (src/protocols/tcp-exchange.ts): it names no pod.
      if (target.protocol === "tcp") assert.deepEqual([...byPod.keys()], ["unknown"]);
      else for (const pod of PODS) assert.ok((byPod.get(pod)?.length ?? 0) >= 10, `${pod}: ${byPod.get(pod)?.length ?? 0} probes`);
    });

    it(`${target.protocol}: shows failures within a minute while a backend is dead`, async () => {
      service.dead.add("podinfo-1");
      const byPod = await minuteOf(target);
      const failures = [...byPod.values()].flat().filter((r) => r !== "ok");
      assert.ok(failures.length >= 10, `${failures.length} failures`);
      assert.deepEqual(new Set(failures), new Set(["connect"]));
      assert.equal(byPod.has("podinfo-1"), false, "a refused connection names no pod on the Service path");
      for (const [pod, results] of byPod) {
        if (pod === "unknown") continue;
        assert.ok(pod !== "podinfo-1" && results.every((r) => r === "ok"), `${pod}: ${results.join(",")}`);
      }
    });
  }

  it("keep-alive sticks to one backend: what connection reuse would have shown", async () => {
    const byPod = await minuteOf({ ...(TARGETS[0] as Target), connection: "reuse" } as Target);
    assert.deepEqual([...byPod.keys()], ["podinfo-0"]);
  });
});
