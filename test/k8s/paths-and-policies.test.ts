// Issue 5 on the Kubernetes side, for every overlay: the 24/7 runner probes podinfo through the ClusterIP Service and
// straight to pod IPs through the headless Service, each target's `path` says which, every negative probe
// (expect "blocked") has a sibling positive probe to the same destination, and the rendered NetworkPolicies let the
// 24/7 runner through while podinfo's ingress (not the prober's own egress) refuses the denied runner.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Config, Target } from "../../src/config/types.ts";
import { PolicySet, selectorMatches, type PolicyPod } from "./network-policy.ts";
import { ofKind, overlayNames, podTemplates, render, type K8sObject } from "./render.ts";
import { MAIN_RUNNER, destination, isBlocked, loadRunnerConfig, runners, type Runner } from "./runners.ts";

const NAMESPACE = "continuous-load";
const CONNECTING = ["http", "grpc", "tcp"] as const;

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}
interface ServiceSpec {
  clusterIP?: string;
  selector?: Record<string, string>;
  ports?: ServicePort[];
}

function policyPod(owner: string, labels: Record<string, string>, spec: { containers: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] }): PolicyPod {
  return { owner, namespace: NAMESPACE, labels, ports: spec.containers.flatMap((c) => c.ports ?? []) };
}

function runnerPod(runner: Runner): PolicyPod {
  return policyPod(`StatefulSet/${runner.name}`, runner.labels, runner.spec);
}

/** The Services of a render by FQDN, and where a target's packets end up: the pods and container port behind it. */
class Destinations {
  private readonly services: Map<string, K8sObject>;
  private readonly pods: PolicyPod[];

  constructor(objects: readonly K8sObject[]) {
    this.services = new Map(ofKind(objects, "Service").map((s) => [`${s.metadata.name}.${NAMESPACE}.svc.cluster.local`, s]));
    this.pods = podTemplates(objects).map((t) => policyPod(t.owner, t.labels, t.spec));
  }

  service(host: string, where: string): { name: string; spec: ServiceSpec; headless: boolean } {
    const svc = this.services.get(host);
    assert.ok(svc, `${where}: ${host} is not a Service of this render`);
    const spec = svc.spec as ServiceSpec;
    return { name: svc.metadata.name, spec, headless: spec.clusterIP === "None" };
  }

  /** Every pod behind the target's Service, each with the container port the connection arrives on. */
  endpoints(target: Target, where: string): { pod: PolicyPod; port: number; protocol: string }[] {
    const { host, port } = destination(target);
    const svc = this.service(host, where);
    const servicePort = (svc.spec.ports ?? []).find((p) => p.port === port);
    assert.ok(servicePort, `${where}: Service ${svc.name} has no port ${port}`);
    const pods = this.pods.filter((p) => svc.spec.selector !== undefined && selectorMatches({ matchLabels: svc.spec.selector }, p.labels));
    assert.ok(pods.length > 0, `${where}: Service ${svc.name} selects no pod`);
    return pods.map((pod) => {
      const target = servicePort.targetPort ?? servicePort.port;
      const containerPort = typeof target === "number" ? target : pod.ports.find((cp) => cp.name === target)?.containerPort;
      assert.ok(containerPort, `${where}: ${pod.owner} has no port named ${String(target)}`);
      return { pod, port: containerPort, protocol: servicePort.protocol ?? "TCP" };
    });
  }
}

const sameDestination = (a: Target, b: Target) => {
  const x = destination(a);
  const y = destination(b);
  return x.host === y.host && x.port === y.port;
};

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}: network paths and negative probes`, () => {
    const objects = render(overlay);
    const destinations = new Destinations(objects);
    const policies = new PolicySet(objects);
    const all = runners(objects).map((runner) => ({ runner, config: loadRunnerConfig(runner) }));
    const main = all.find((r) => r.runner.name === MAIN_RUNNER) as { runner: Runner; config: Config };
    const others = all.filter((r) => r !== main);
    const negatives = others.flatMap(({ runner, config }) => config.targets.map((target) => ({ runner, target })));

    it("probes podinfo through the ClusterIP Service and straight to pod IPs through the headless Service, for HTTP, gRPC and TCP", () => {
      for (const protocol of CONNECTING) {
        for (const [path, headless] of [["pod", true], ["service", false]] as const) {
          const found = main.config.targets.filter((t) => t.protocol === protocol && (t.path ?? "service") === path && destinations.service(destination(t).host, `${MAIN_RUNNER} target ${t.name}`).headless === headless);
          assert.ok(found.length > 0, `${MAIN_RUNNER} has no ${protocol} target with path "${path}" to a ${headless ? "headless" : "ClusterIP"} Service`);
        }
      }
    });

    it("declares every target's path truthfully: pod means a headless Service, service a ClusterIP Service", () => {
      for (const { runner, config } of all) {
        for (const t of config.targets) {
          if (t.protocol === "dns") continue;
          const where = `${runner.name} target ${t.name}`;
          const { headless } = destinations.service(destination(t).host, where);
          const path = t.path ?? "service";
          assert.equal(headless, path === "pod", `${where}: path "${path}" but ${destination(t).host} is ${headless ? "" : "not "}a headless Service`);
          if (path === "pod") assert.ok(t.discovery?.refresh, `${where}: a pod-path target re-resolves its pod IPs on a bounded schedule (discovery.refresh)`);
        }
      }
    });

    it("gives every target a name that is unique across all runners, since the name is the target tag", () => {
      const names = all.flatMap(({ config }) => config.targets.map((t) => t.name));
      assert.deepEqual(
        names.filter((n, i) => names.indexOf(n) !== i),
        [],
      );
    });

    it("keeps negative probes out of the 24/7 runner and only negative probes in the others", () => {
      assert.deepEqual(main.config.targets.filter(isBlocked).map((t) => t.name), [], `${MAIN_RUNNER} runs with labels podinfo admits: its probes cannot be denied`);
      for (const { runner, target } of negatives) assert.ok(isBlocked(target), `${runner.name} target ${target.name}: this runner's labels are meant to be denied, so every target must expect "blocked"`);
    });

    it("names, for every negative probe, a sibling among the 24/7 runner's positive targets to the same destination host:port", () => {
      const positives = new Map(main.config.targets.filter((t) => !isBlocked(t)).map((t) => [t.name, t]));
      for (const { runner, target } of negatives) {
        const where = `${runner.name} target ${target.name}`;
        assert.ok(target.sibling, `${where}: expect "blocked" needs a sibling`);
        const sibling = positives.get(target.sibling);
        assert.ok(sibling, `${where}: sibling ${target.sibling} is not a positive target of ${MAIN_RUNNER} in this overlay`);
        assert.equal(sibling.protocol, target.protocol, `${where}: sibling ${sibling.name} must use the same protocol`);
        assert.ok(sameDestination(sibling, target), `${where}: sibling ${sibling.name} goes to ${JSON.stringify(destination(sibling))}, not ${JSON.stringify(destination(target))}`);
        assert.equal(sibling.path ?? "service", target.path ?? "service", `${where}: sibling ${sibling.name} must take the same path`);
      }
    });

    it("lets the 24/7 runner through every policy to every pod behind every target it probes", () => {
      const source = runnerPod(main.runner);
      for (const t of main.config.targets) {
        if (t.protocol === "dns") continue;
        for (const { pod, port, protocol } of destinations.endpoints(t, `${MAIN_RUNNER} target ${t.name}`)) {
          assert.ok(policies.allowsEgress(source, pod, port, protocol), `${MAIN_RUNNER} target ${t.name}: egress to ${pod.owner}:${port} is denied (policies isolating it: ${policies.isolating(source, "Egress").join(", ")})`);
          assert.ok(policies.allowsIngress(source, pod, port, protocol), `${MAIN_RUNNER} target ${t.name}: ${pod.owner} refuses it on ${port} (policies isolating it: ${policies.isolating(pod, "Ingress").join(", ")})`);
        }
      }
    });

    it("refuses every negative probe at the destination's ingress, while the prober's own egress lets it out", () => {
      for (const { runner, target } of negatives) {
        const where = `${runner.name} target ${target.name}`;
        const source = runnerPod(runner);
        for (const { pod, port, protocol } of destinations.endpoints(target, where)) {
          assert.ok(policies.isolating(pod, "Ingress").length > 0, `${where}: no NetworkPolicy isolates ${pod.owner} for ingress (turn on the network-policy component)`);
          assert.equal(policies.allowsIngress(source, pod, port, protocol), false, `${where}: ${pod.owner} admits ${runner.name} on ${port}: the probe would report not_blocked`);
          // Were the prober's own egress denied too, a policy opened at podinfo would still look "blocked".
          assert.ok(policies.allowsEgress(source, pod, port, protocol), `${where}: ${runner.name}'s own egress to ${pod.owner}:${port} is denied, so the probe would not test podinfo's ingress policy`);
        }
      }
    });

    it("selects the 24/7 runner's pod labels, and never a denied runner's, in an ingress rule of a policy protecting podinfo", () => {
      if (negatives.length === 0) return;
      const targets = new Set(negatives.flatMap(({ runner, target }) => destinations.endpoints(target, `${runner.name} target ${target.name}`).map((e) => e.pod)));
      for (const pod of targets) {
        const admitting = policies.ingressRulesAdmitting(runnerPod(main.runner), pod);
        assert.ok(admitting.length > 0, `no ingress rule of a policy on ${pod.owner} selects ${MAIN_RUNNER}'s labels ${JSON.stringify(main.runner.labels)}`);
        for (const { runner } of others) {
          assert.deepEqual(policies.ingressRulesAdmitting(runnerPod(runner), pod), [], `${runner.name}'s labels ${JSON.stringify(runner.labels)} are selected by these ingress rules on ${pod.owner}`);
        }
      }
    });
  });
}

describe("policy-check overlay", () => {
  it("turns the network policies on and probes the denied path over HTTP, gRPC and TCP, through both Services", () => {
    const objects = render("policy-check");
    assert.ok(ofKind(objects, "NetworkPolicy").length > 0, "the network-policy component is on");
    const negatives = runners(objects)
      .filter((r) => r.name !== MAIN_RUNNER)
      .flatMap((r) => loadRunnerConfig(r).targets.filter(isBlocked));
    for (const protocol of CONNECTING) {
      for (const path of ["service", "pod"]) {
        assert.ok(
          negatives.some((t) => t.protocol === protocol && (t.path ?? "service") === path),
          `no ${protocol} negative probe on path "${path}"`,
        );
      }
    }
  });
});
