// Review finding 5: k6 writes to exactly one URL. The shipped URL, the prometheus-operated Service, resolves to every
// replica of every Prometheus in the namespace, so it is only right with one replica: the shipped
// kube-prometheus-stack values pin replicas: 1, and this test keeps the two consistent. For HA, an overlay points
// the URL at a receiver that replicates (Thanos Receive, Mimir): the documented override is rendered here too.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { COMPONENTS_DIR, OVERLAYS_DIR, configMapData, overlayNames, render, renderDir } from "./render.ts";

/** Paths remote-write receivers accept: Prometheus, Thanos Receive, Mimir/Cortex. */
const WRITE_PATHS = ["/api/v1/write", "/api/v1/receive", "/api/v1/push"];

/** Does this URL name a Service that spreads connections over every Prometheus replica of its namespace? */
function spreadsOverReplicas(url: string): boolean {
  return /^prometheus-operated\.[a-z0-9-]+(\.svc(\.|$)|$)/.test(new URL(url).hostname);
}

const kpsValues = parse(readFileSync(join(COMPONENTS_DIR, "prometheus-operator", "kube-prometheus-stack-values.yaml"), "utf8")) as { prometheus: { prometheusSpec: Record<string, unknown> } };

describe("remote write target", () => {
  it("recognises the all-replica governing Service and nothing else", () => {
    assert.equal(spreadsOverReplicas("http://prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write"), true);
    assert.equal(spreadsOverReplicas("http://prometheus-operated.monitoring:9090/api/v1/write"), true);
    assert.equal(spreadsOverReplicas("http://thanos-receive.monitoring.svc:19291/api/v1/receive"), false);
    assert.equal(spreadsOverReplicas("http://prometheus-kps-0.prometheus-operated.monitoring.svc:9090/api/v1/write"), false);
  });

  it("ships kube-prometheus-stack values with the receiver, native histograms, one replica and the chart's own selectors", () => {
    const spec = kpsValues.prometheus.prometheusSpec;
    assert.equal(spec.enableRemoteWriteReceiver, true);
    assert.deepEqual(spec.enableFeatures, ["native-histograms"]);
    assert.equal(spec.replicas, 1, "the shipped URL spreads over replicas: one replica, or a receiver built for HA");
    for (const key of Object.keys(spec)) assert.doesNotMatch(key, /SelectorNilUsesHelmValues$/, `${key}: selecting every monitor and rule of the cluster is not needed (release: kps labels)`);
  });

  for (const overlay of overlayNames()) {
    it(`overlay ${overlay}: one write URL, to a write path, never to several Prometheus replicas`, () => {
      const url = configMapData(render(overlay), "k6-runner-env").K6_PROMETHEUS_RW_SERVER_URL ?? "";
      const parsed = new URL(url);
      assert.match(parsed.protocol, /^https?:$/);
      assert.ok(WRITE_PATHS.includes(parsed.pathname), `${url}: not a remote-write path (${WRITE_PATHS.join(", ")})`);
      if (spreadsOverReplicas(url)) assert.equal(kpsValues.prometheus.prometheusSpec.replicas, 1, `${overlay} writes to ${url}, which needs a single-replica Prometheus`);
    });
  }

  const scratch = mkdtempSync(join(tmpdir(), "cl-rw-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("takes an HA receiver's URL from an overlay's k6-runner-env merge, as docs/deploying.md shows", () => {
    const receiver = "http://thanos-receive.monitoring.svc.cluster.local:19291/api/v1/receive";
    writeFileSync(
      join(scratch, "kustomization.yaml"),
      [
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: continuous-load",
        "resources:",
        `  - ${relative(scratch, join(OVERLAYS_DIR, "local"))}`,
        "configMapGenerator:",
        "  - name: k6-runner-env",
        "    behavior: merge",
        "    literals:",
        `      - K6_PROMETHEUS_RW_SERVER_URL=${receiver}`,
        "",
      ].join("\n"),
    );
    const objects = renderDir(scratch, "local + HA receiver");
    assert.equal(configMapData(objects, "k6-runner-env").K6_PROMETHEUS_RW_SERVER_URL, receiver);
    assert.equal(spreadsOverReplicas(receiver), false);
  });
});
