// Review findings 8 and 14: the flows every rendered NetworkPolicy set must let through, evaluated with the
// networking.k8s.io/v1 model (network-policy.ts) against synthetic peers the render does not contain: CoreDNS pods
// (k8s-app=kube-dns in kube-system), NodeLocal DNSCache (169.254.20.10 on the node), kube-prometheus(-stack)'s
// Prometheus pods in monitoring, and the k6-operator in k6-operator-system. Covers DNS (UDP and TCP) and remote
// write from every k6 pod including TestRun runners, Prometheus scraping podinfo, and the TestRun's own
// coordination; plus the opt-in node-local-dns component and the kube-prometheus platform objects.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { PolicySet, type PolicyPod } from "./network-policy.ts";
import { COMPONENTS_DIR, OVERLAYS_DIR, REPO, overlayNames, podTemplates, render, renderDir, type K8sObject, type PodTemplate } from "./render.ts";

const NAMESPACE = "continuous-load";
const KUBE_DNS: PolicyPod = { owner: "CoreDNS", namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, ports: [{ containerPort: 53, protocol: "UDP" }, { containerPort: 53, protocol: "TCP" }] };
const NODE_LOCAL_DNS: PolicyPod = { owner: "NodeLocal DNSCache", namespace: "kube-system", labels: {}, ports: [{ containerPort: 53, protocol: "UDP" }, { containerPort: 53, protocol: "TCP" }], ip: "169.254.20.10" };
const PROMETHEUS: PolicyPod = { owner: "Prometheus", namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus", prometheus: "k8s" }, ports: [{ name: "web", containerPort: 9090 }] };
const OPERATOR: PolicyPod = { owner: "k6-operator", namespace: "k6-operator-system", labels: { "control-plane": "controller-manager" }, ports: [] };
const GRAFANA: PolicyPod = { owner: "Grafana", namespace: "monitoring", labels: { "app.kubernetes.io/name": "grafana" }, ports: [] };

function pod(t: PodTemplate): PolicyPod {
  return { owner: t.owner, namespace: NAMESPACE, labels: t.labels, ports: t.spec.containers.flatMap((c) => c.ports ?? []) };
}

/** Pods that send probes or results: they need DNS and remote write. The initializer only runs `k6 archive`. */
function k6Pods(objects: readonly K8sObject[]): PolicyPod[] {
  return podTemplates(objects)
    .filter((t) => t.spec.containers.some((c) => c.name === "k6") && !t.owner.endsWith(" initializer"))
    .map(pod);
}

function assertDnsAndRemoteWrite(label: string, policies: PolicySet, pods: readonly PolicyPod[], dns: PolicyPod): void {
  assert.ok(pods.length > 0, `${label}: no k6 pods`);
  for (const p of pods) {
    for (const protocol of ["UDP", "TCP"]) assert.ok(policies.allowsEgress(p, dns, 53, protocol), `${label}: ${p.owner} cannot reach ${dns.owner} on ${protocol} 53`);
    assert.ok(policies.allowsEgress(p, PROMETHEUS, 9090), `${label}: ${p.owner} cannot remote-write to Prometheus:9090`);
  }
}

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}: DNS, remote write and operator flows`, () => {
    const objects = render(overlay);
    const policies = new PolicySet(objects);
    const templates = podTemplates(objects);

    it("lets every k6 pod resolve names through CoreDNS over UDP and TCP and remote-write to Prometheus", () => {
      assertDnsAndRemoteWrite(overlay, policies, k6Pods(objects), KUBE_DNS);
    });

    it("lets Prometheus scrape podinfo's metrics port", () => {
      for (const t of templates.filter((x) => x.labels["app.kubernetes.io/name"] === "podinfo")) {
        assert.ok(policies.connects(PROMETHEUS, pod(t), 9797), `${t.owner}: Prometheus cannot scrape :9797`);
        assert.equal(policies.connects(GRAFANA, pod(t), 9797), policies.isolating(pod(t), "Ingress").length === 0, `${t.owner}: only Prometheus scrapes`);
      }
    });

    it("lets the k6-operator's starter and the operator reach every TestRun runner's REST API, and the runners reach podinfo", () => {
      const runnersOf = templates.filter((t) => t.owner.endsWith(" runner"));
      const starters = templates.filter((t) => t.owner.endsWith(" starter"));
      for (const runner of runnersOf) {
        for (const starter of starters) assert.ok(policies.connects(pod(starter), pod(runner), 6565), `${starter.owner} -> ${runner.owner}:6565`);
        assert.ok(policies.allowsIngress(OPERATOR, pod(runner), 6565), `k6-operator -> ${runner.owner}:6565`);
        for (const target of templates.filter((t) => t.labels["app.kubernetes.io/name"] === "podinfo")) {
          for (const port of [9898, 9999]) assert.ok(policies.connects(pod(runner), pod(target), port), `${runner.owner} -> ${target.owner}:${port}`);
        }
      }
      for (const starter of starters) {
        for (const protocol of ["UDP", "TCP"]) assert.ok(policies.allowsEgress(pod(starter), KUBE_DNS, 53, protocol), `${starter.owner}: DNS for the runner Services`);
      }
    });

    it("does not reach NodeLocal DNSCache without the opt-in component, where its default-deny is on", () => {
      for (const p of k6Pods(objects)) {
        const isolated = policies.isolating(p, "Egress").length > 0;
        assert.equal(policies.allowsEgress(p, NODE_LOCAL_DNS, 53, "UDP"), !isolated, `${p.owner}`);
      }
    });
  });
}

const scratch = mkdtempSync(join(tmpdir(), "cl-policies-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("opt-in NetworkPolicy pieces", () => {
  it("network-policy-node-local-dns: every k6 pod of production and the scale-test run reaches 169.254.20.10:53", () => {
    writeFileSync(
      join(scratch, "kustomization.yaml"),
      ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: continuous-load", "resources:", `  - ${relative(scratch, join(OVERLAYS_DIR, "scale-test"))}`, "components:", `  - ${relative(scratch, join(COMPONENTS_DIR, "network-policy-node-local-dns"))}`, ""].join("\n"),
    );
    const objects = renderDir(scratch, "scale-test + network-policy-node-local-dns");
    const policies = new PolicySet(objects);
    assertDnsAndRemoteWrite("with NodeLocal DNSCache", policies, k6Pods(objects), NODE_LOCAL_DNS);
    for (const starter of podTemplates(objects).filter((t) => t.owner.endsWith(" starter"))) assert.ok(policies.allowsEgress(pod(starter), NODE_LOCAL_DNS, 53, "UDP"));
    // It opens DNS to the cache and nothing else: podinfo's ingress and other egress are unchanged.
    const denied = k6Pods(objects).find((p) => p.labels["app.kubernetes.io/component"] === "negative-probe");
    const podinfo = podTemplates(objects).find((t) => t.labels["app.kubernetes.io/name"] === "podinfo");
    assert.ok(denied && podinfo);
    assert.equal(policies.allowsIngress(denied, pod(podinfo), 9898), false);
    assert.equal(policies.allowsEgress(denied, { ...NODE_LOCAL_DNS, ip: "169.254.20.11" }, 53, "UDP"), false);
  });

  it("k8s/platform/kube-prometheus: remote write gets through kube-prometheus's own Prometheus NetworkPolicy, Grafana still does", () => {
    // kube-prometheus manifests/prometheus-networkPolicy.yaml, as the review quotes it: 9090 only from Prometheus,
    // prometheus-adapter and Grafana pods in monitoring.
    const kubePrometheusOwn: K8sObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "prometheus-k8s", namespace: "monitoring" },
      spec: {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
        policyTypes: ["Egress", "Ingress"],
        egress: [{}],
        ingress: [
          { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }], ports: [{ port: 9090, protocol: "TCP" }] },
          { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus-adapter" } } }], ports: [{ port: 9090, protocol: "TCP" }] },
          { from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "grafana" } } }], ports: [{ port: 9090, protocol: "TCP" }] },
        ],
      },
    };
    const production = render("production");
    const runnersPods = k6Pods(production);
    const without = new PolicySet([...production, kubePrometheusOwn]);
    for (const p of runnersPods) assert.equal(without.allowsIngress(p, PROMETHEUS, 9090), false, `${p.owner}: kube-prometheus alone drops remote write (the finding)`);
    const platform = renderDir(join(REPO, "k8s", "platform", "kube-prometheus"), "k8s/platform/kube-prometheus");
    const models: Record<string, (o: K8sObject) => { validate(): void }> = {
      NetworkPolicy: (o) => new NetworkPolicy(o as never),
      Role: (o) => new Role(o as never),
      RoleBinding: (o) => new RoleBinding(o as never),
    };
    for (const o of platform) {
      const model = models[o.kind];
      assert.ok(model, `k8s/platform/kube-prometheus: unexpected ${o.kind}`);
      assert.doesNotThrow(() => model(o).validate(), `${o.kind}/${o.metadata.name}`);
    }
    const withPlatform = new PolicySet([...production, kubePrometheusOwn, ...platform]);
    for (const p of runnersPods) assert.ok(withPlatform.connects(p, PROMETHEUS, 9090), `${p.owner}: remote write with k8s/platform/kube-prometheus`);
    assert.ok(withPlatform.allowsIngress(GRAFANA, PROMETHEUS, 9090), "Grafana keeps its access");
    assert.equal(withPlatform.allowsIngress({ ...OPERATOR, namespace: NAMESPACE, labels: { "app.kubernetes.io/name": "podinfo" } }, PROMETHEUS, 9090), false, "podinfo may not write");
    const binding = platform.find((o) => o.kind === "RoleBinding") as K8sObject & { subjects: { name: string; namespace: string }[]; roleRef: { name: string } };
    assert.equal(binding.metadata.namespace, NAMESPACE);
    assert.deepEqual(binding.subjects.map((s) => `${s.namespace}/${s.name}`), ["monitoring/prometheus-k8s"]);
    const role = platform.find((o) => o.kind === "Role" && o.metadata.name === binding.roleRef.name) as K8sObject & { rules: { resources: string[]; verbs: string[] }[] };
    assert.ok(role.rules.some((r) => r.resources.includes("pods") && r.verbs.includes("list") && r.verbs.includes("watch")), "the PodMonitor needs to list and watch pods");
  });
});
