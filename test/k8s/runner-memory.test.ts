// Review findings 6 and 13: every k6 runner pod (24/7 StatefulSets and k6-operator TestRun runners) is Guaranteed
// QoS, and its memory limit holds every VU its configuration allows, computed by the engine's own planTargets from
// the configuration the render ships. A config change that could outgrow the limit (a bigger maxVUs, a new target,
// fewer runners) fails here instead of OOM-killing the runner in the middle of the incident it should record.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IContainer } from "kubernetes-models/v1";
import { durationToMs } from "../../src/config/duration.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { planTargets } from "../../src/options/target-plan.ts";
import { configMapData, ofKind, overlayNames, render, type TestRunPod } from "./render.ts";
import { RESOLV_CONF, runners } from "./runners.ts";
import { HEADROOM, quantityMiB, runnerMemoryNeedMiB, vusPerRunner } from "./runner-memory.ts";

interface K6Pod {
  owner: string;
  container: { resources?: IContainer["resources"] | undefined };
  configText: string;
  replicas: number;
  extraEnv: Record<string, string>;
  /** A finite run with thresholds and summary on keeps its trend samples (the TestRun); 24/7 runners do not. */
  keepsSamples: boolean;
}

function needMiB(pod: K6Pod): number {
  const config = loadConfig({ CONFIG: pod.configText, RUNNER_REPLICAS: String(pod.replicas), ...pod.extraEnv }, () => RESOLV_CONF);
  const plans = planTargets(config);
  const kept = pod.keepsSamples ? { ratePerSecond: plans.reduce((sum, p) => sum + p.ratePerSecond, 0) / pod.replicas, seconds: durationToMs(config.duration) / 1000 } : undefined;
  return runnerMemoryNeedMiB(
    plans.map((p) => ({ protocol: p.target.protocol, maxVUs: p.vus.maxVUs })),
    pod.replicas,
    kept,
  );
}

describe("runner memory model", () => {
  it("bounds each segment's share of maxVUs and reads Kubernetes quantities", () => {
    assert.equal(vusPerRunner(200, 3), 67);
    assert.equal(vusPerRunner(6, 2), 3);
    assert.throws(() => vusPerRunner(6, 0), /runners must be a whole number >= 1, got 0/);
    assert.equal(quantityMiB("1Gi"), 1024);
    assert.equal(quantityMiB("512Mi"), 512);
    assert.equal(quantityMiB(String(256 * 1024 * 1024)), 256);
    assert.throws(() => quantityMiB("lots"), /memory quantity "lots"/);
  });

  it("charges gRPC VUs more, and puts the review's maxVUs 200 on 11 targets near the old 1 GiB limit", () => {
    // The review's case: maxVUs 200 on 11 targets (3 of them gRPC), 3 runners: 67 VUs per target per runner.
    const storm = Array.from({ length: 11 }, (_, i) => ({ protocol: i < 3 ? "grpc" : "http", maxVUs: 200 }));
    const need = runnerMemoryNeedMiB(storm, 3);
    assert.ok(Math.abs(need - (100 + 3 * 67 * 1.45 + 8 * 67 * 0.69) * HEADROOM) < 1e-9);
    assert.ok(need > 900, `${need} MiB: 737 VUs take most of a 1 GiB limit`);
    assert.ok(runnerMemoryNeedMiB([{ protocol: "grpc", maxVUs: 10 }], 1) > runnerMemoryNeedMiB([{ protocol: "http", maxVUs: 10 }], 1));
  });

  it("adds the trend samples a finite run keeps: 60 probes/s for 30 minutes is about 41 MiB before headroom", () => {
    const vus = [{ protocol: "http", maxVUs: 3 }];
    const extra = runnerMemoryNeedMiB(vus, 1, { ratePerSecond: 60, seconds: 1800 }) - runnerMemoryNeedMiB(vus, 1);
    assert.ok(Math.abs(extra - ((60 * 1800 * 10 * 40) / 1024 ** 2) * HEADROOM) < 1e-9);
    assert.ok(extra > 49 && extra < 50, String(extra));
  });
});

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}: runner sizing`, () => {
    const objects = render(overlay);
    const pods: K6Pod[] = runners(objects).map((r) => ({ owner: `StatefulSet/${r.name}`, container: r.container, configText: r.configText, replicas: r.replicas, extraEnv: {}, keepsSamples: false }));
    for (const tr of ofKind(objects, "TestRun")) {
      const spec = tr.spec as { parallelism: number; runner: TestRunPod };
      const env = spec.runner.env ?? [];
      const ref = env.find((e) => e.name === "CONFIG")?.valueFrom?.configMapKeyRef;
      assert.ok(ref?.name, `TestRun/${tr.metadata.name}: CONFIG from a ConfigMap`);
      const extraEnv = Object.fromEntries(env.filter((e) => e.value !== undefined && e.name !== "RUNNER_REPLICAS").map((e) => [e.name, e.value as string]));
      pods.push({ owner: `TestRun/${tr.metadata.name} runner`, container: spec.runner, configText: configMapData(objects, ref.name.replace(/-[a-z0-9]{10}$/, ""))[ref.key] ?? "", replicas: spec.parallelism, extraEnv, keepsSamples: true });
    }

    it("runs every k6 runner with Guaranteed QoS (requests equal limits for CPU and memory)", () => {
      assert.ok(pods.length > 0);
      for (const pod of pods) {
        const { requests, limits } = pod.container.resources ?? {};
        for (const resource of ["cpu", "memory"] as const) {
          assert.ok(limits?.[resource] !== undefined, `${pod.owner}: no ${resource} limit`);
          assert.equal(String(requests?.[resource]), String(limits?.[resource]), `${pod.owner}: ${resource} request must equal the limit (Guaranteed QoS)`);
        }
      }
    });

    it("gives every k6 runner a memory limit that holds every VU its configuration allows", () => {
      for (const pod of pods) {
        const limit = quantityMiB(String(pod.container.resources?.limits?.memory));
        const need = needMiB(pod);
        assert.ok(need <= limit, `${pod.owner}: its configuration allows VUs needing ${need.toFixed(0)} MiB (with ${HEADROOM}x headroom), above its ${limit} MiB limit: lower maxVUs or raise the limit`);
      }
    });
  });
}
