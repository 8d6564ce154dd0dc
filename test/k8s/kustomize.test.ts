// Every overlay renders with the real `kubectl kustomize`, every rendered object is valid against the Kubernetes and
// CRD schemas, every pod meets the "restricted" Pod Security Standard, every reference resolves inside the render,
// the shipped bundle is the fresh build, and the shipped engine configuration passes the engine's own loadConfig.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv } from "ajv";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Pod, Secret, Service, ServiceAccount, type IContainer, type IPodSpec } from "kubernetes-models/v1";
import { PodMonitor, PrometheusRule, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import {
  COMPONENTS_DIR,
  REPO,
  TESTRUN_SECTIONS,
  allContainers,
  componentNames,
  configMapData,
  ofKind,
  one,
  overlayNames,
  podTemplates,
  render,
  selects,
  testRunPodSpec,
  type K8sObject,
  type TestRunPod,
} from "./render.ts";
import { MAIN_RUNNER, destination, loadRunnerConfig, runners } from "./runners.ts";
import { testRunSchema } from "./testrun-schema.ts";

const NAMESPACE = "continuous-load";

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const ajv = new Ajv({ allErrors: true, strict: true });
const validateTestRun = ajv.compile(testRunSchema);

/** apiVersion/kind -> a maintained schema. A kind missing here fails the test instead of passing unchecked. */
const MODELS: Record<string, ModelClass> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

function validateObject(o: K8sObject): void {
  const id = `${o.apiVersion}/${o.kind}`;
  if (id === "k6.io/v1alpha1/TestRun") {
    assert.ok(validateTestRun(o), `TestRun/${o.metadata.name}: ${ajv.errorsText(validateTestRun.errors)}`);
    const spec = o.spec as Record<string, TestRunPod | undefined>;
    for (const { field, container } of TESTRUN_SECTIONS) {
      const section = spec[field];
      if (section === undefined) continue;
      // The operator copies these fields into a Pod: validating that Pod checks every core/v1 type in the section.
      const pod = new Pod({ metadata: { name: `${o.metadata.name}-${field}` }, spec: testRunPodSpec(section, container) });
      assert.doesNotThrow(() => pod.validate(), `TestRun/${o.metadata.name} spec.${field}`);
    }
    return;
  }
  const Model = MODELS[id];
  assert.ok(Model, `${id} ${o.metadata.name}: no schema for this kind; add one to MODELS in test/k8s/kustomize.test.ts`);
  const model = new Model(o as never);
  assert.doesNotThrow(() => model.validate(), `${o.kind}/${o.metadata.name}`);
}

function effective<T>(container: T | undefined, pod: T | undefined): T | undefined {
  return container ?? pod;
}

const SAFE_VOLUME_TYPES = new Set(["configMap", "secret", "emptyDir", "projected", "downwardAPI", "persistentVolumeClaim", "ephemeral", "csi"]);

function assertRestricted(owner: string, spec: IPodSpec): void {
  assert.notEqual(spec.hostNetwork, true, `${owner}: hostNetwork`);
  assert.notEqual(spec.hostPID, true, `${owner}: hostPID`);
  assert.notEqual(spec.hostIPC, true, `${owner}: hostIPC`);
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== "name");
    for (const t of types) assert.ok(SAFE_VOLUME_TYPES.has(t), `${owner}: volume ${volume.name} of type ${t} is not allowed by the restricted profile`);
  }
  const podSc = spec.securityContext ?? {};
  for (const c of allContainers(spec)) {
    const where = `${owner} container ${c.name}`;
    const sc = c.securityContext ?? {};
    assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation must be false`);
    assert.notEqual(sc.privileged, true, `${where}: privileged`);
    assert.ok(sc.capabilities?.drop?.includes("ALL"), `${where}: capabilities.drop must include ALL`);
    assert.deepEqual(sc.capabilities?.add ?? [], [], `${where}: capabilities.add must be empty`);
    assert.equal(effective(sc.runAsNonRoot, podSc.runAsNonRoot), true, `${where}: runAsNonRoot must be true`);
    assert.notEqual(effective(sc.runAsUser, podSc.runAsUser), 0, `${where}: runAsUser 0`);
    assert.equal(effective(sc.seccompProfile, podSc.seccompProfile)?.type, "RuntimeDefault", `${where}: seccompProfile must be RuntimeDefault`);
    assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
    for (const port of c.ports ?? []) assert.equal(port.hostPort, undefined, `${where}: hostPort`);
    const image = c.image ?? "";
    assert.match(image, /^[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._/-]+(:[A-Za-z0-9._-]+(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/, `${where}: image ${image} must name a registry and a tag or digest`);
    assert.doesNotMatch(image, /:latest(@|$)|:latest-/, `${where}: image ${image} uses a moving latest tag`);
    assert.ok(c.resources?.requests && c.resources.limits?.memory, `${where}: requests and a memory limit`);
  }
}

function envValue(c: IContainer, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

for (const overlay of overlayNames()) {
  describe(`overlay ${overlay}`, () => {
    const objects = render(overlay);
    const templates = podTemplates(objects);

    it("renders only namespaced objects in the continuous-load namespace, plus that namespace", () => {
      for (const o of objects) {
        if (o.kind === "Namespace") assert.equal(o.metadata.name, NAMESPACE);
        else assert.equal(o.metadata.namespace, NAMESPACE, `${o.kind}/${o.metadata.name}`);
      }
      const ns = one(objects, "Namespace", NAMESPACE);
      assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "restricted");
    });

    it("validates every object against the Kubernetes and CRD schemas", () => {
      for (const o of objects) validateObject(o);
    });

    it("runs every container under the restricted Pod Security Standard with pinned images", () => {
      assert.ok(templates.length >= 2, "podinfo and the runner at least");
      for (const t of templates) assertRestricted(t.owner, t.spec);
    });

    it("resolves every ConfigMap, Secret, ServiceAccount and Service reference inside the render", () => {
      const configMaps = new Map(ofKind(objects, "ConfigMap").map((o) => [o.metadata.name, (o.data ?? {}) as Record<string, string>]));
      const secrets = new Set(ofKind(objects, "Secret").map((o) => o.metadata.name));
      const serviceAccounts = new Set(ofKind(objects, "ServiceAccount").map((o) => o.metadata.name));
      const services = new Set(ofKind(objects, "Service").map((o) => o.metadata.name));
      const configMap = (owner: string, name: string | undefined, key?: string): void => {
        assert.ok(name && configMaps.has(name), `${owner}: ConfigMap ${name} is not in the render (a hash suffix that did not resolve?)`);
        if (key !== undefined) assert.ok(key in (configMaps.get(name) ?? {}), `${owner}: ConfigMap ${name} has no key ${key}`);
      };
      for (const t of templates) {
        const sa = t.spec.serviceAccountName;
        if (sa !== undefined) assert.ok(serviceAccounts.has(sa), `${t.owner}: ServiceAccount ${sa} is not in the render`);
        for (const v of t.spec.volumes ?? []) {
          if (v.configMap) configMap(`${t.owner} volume ${v.name}`, v.configMap.name);
          if (v.secret) assert.ok(secrets.has(v.secret.secretName ?? ""), `${t.owner}: Secret ${v.secret.secretName}`);
        }
        for (const c of allContainers(t.spec)) {
          for (const e of c.env ?? []) {
            const cm = e.valueFrom?.configMapKeyRef;
            if (cm) configMap(`${t.owner} env ${e.name}`, cm.name, cm.key);
            const sec = e.valueFrom?.secretKeyRef;
            if (sec) assert.ok(secrets.has(sec.name ?? ""), `${t.owner} env ${e.name}: Secret ${sec.name}`);
          }
          for (const from of c.envFrom ?? []) {
            if (from.configMapRef) configMap(`${t.owner} envFrom`, from.configMapRef.name);
            if (from.secretRef) assert.ok(secrets.has(from.secretRef.name ?? ""), `${t.owner} envFrom: Secret ${from.secretRef.name}`);
          }
        }
      }
      for (const sts of ofKind(objects, "StatefulSet")) {
        const serviceName = (sts.spec as { serviceName: string }).serviceName;
        assert.ok(services.has(serviceName), `StatefulSet/${sts.metadata.name}: governing Service ${serviceName}`);
      }
      for (const tr of ofKind(objects, "TestRun")) {
        const script = (tr.spec as { script: { configMap: { name: string; file: string } } }).script.configMap;
        configMap(`TestRun/${tr.metadata.name} script`, script.name, script.file);
      }
    });

    it("gives every Service, PodDisruptionBudget, PodMonitor and NetworkPolicy selector at least one pod to select", () => {
      const podsMatching = (selector: Record<string, string> | undefined) => templates.filter((t) => selects(selector, t.labels));
      for (const svc of ofKind(objects, "Service")) {
        const spec = svc.spec as { selector?: Record<string, string>; ports?: { name: string; targetPort?: string | number }[] };
        const pods = podsMatching(spec.selector);
        assert.ok(pods.length > 0, `Service/${svc.metadata.name} selects no pod`);
        for (const port of spec.ports ?? []) {
          const named = typeof port.targetPort === "string" ? port.targetPort : undefined;
          if (named === undefined) continue;
          for (const p of pods) assert.ok(p.spec.containers.some((c) => c.ports?.some((cp) => cp.name === named)), `Service/${svc.metadata.name} port ${port.name}: ${p.owner} has no port ${named}`);
        }
      }
      for (const kind of ["PodDisruptionBudget", "PodMonitor", "ServiceMonitor", "NetworkPolicy"]) {
        for (const o of ofKind(objects, kind)) {
          const selector = kind === "NetworkPolicy" ? (o.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector : (o.spec as { selector: { matchLabels?: Record<string, string> } }).selector;
          if (kind === "NetworkPolicy" && Object.keys(selector).length === 0) continue; // {} selects every pod
          assert.ok(podsMatching(selector.matchLabels).length > 0, `${kind}/${o.metadata.name} selects no pod`);
        }
      }
      for (const pm of ofKind(objects, "PodMonitor")) {
        const spec = pm.spec as { selector: { matchLabels: Record<string, string> }; podMetricsEndpoints: { port: string }[] };
        for (const endpoint of spec.podMetricsEndpoints) {
          for (const p of podsMatching(spec.selector.matchLabels)) {
            assert.ok(p.spec.containers.some((c) => c.ports?.some((cp) => cp.name === endpoint.port)), `PodMonitor/${pm.metadata.name}: ${p.owner} has no port ${endpoint.port}`);
          }
        }
      }
    });

    it("ships the fresh engine bundle as the runner's script, under the 1 MiB ConfigMap limit", () => {
      const built = join(REPO, "build", "load.js");
      assert.ok(existsSync(built), "build/load.js is missing: run `npm run build` first (`npm run check` does)");
      const shipped = configMapData(objects, "k6-script")["load.js"];
      assert.equal(shipped, readFileSync(built, "utf8"), "k8s/base/files/load.js differs from build/load.js: run `npm run build` and commit");
      const cm = one(objects, "ConfigMap", "k6-script");
      assert.ok(Buffer.byteLength(JSON.stringify(cm.data)) < 1024 * 1024, "the script ConfigMap must stay below 1 MiB");
      assert.match(cm.metadata.name, /^k6-script-[a-z0-9]{10}$/, "the hash suffix rolls the runner when the bundle changes");
    });

    it("keeps every object small enough for client-side apply's last-applied annotation (262144 bytes)", () => {
      // kubectl apply without --server-side, and Argo CD by default, store the whole object as JSON in an
      // annotation, and the API server refuses annotations above 256 KiB: the bundle ConfigMap is the one at risk.
      for (const o of objects) {
        const size = Buffer.byteLength(JSON.stringify(o));
        assert.ok(size < 262144, `${o.kind}/${o.metadata.name} is ${size} bytes as JSON: client-side apply would fail (use kubectl apply --server-side, or shrink it)`);
      }
    });

    it("ships every runner an engine configuration that passes the engine's loadConfig and probes only Services in the render", () => {
      const all = runners(objects);
      assert.deepEqual(
        all.map((r) => r.name).filter((n) => n === MAIN_RUNNER),
        [MAIN_RUNNER],
        "the 24/7 runner takes CONFIG from a ConfigMap",
      );
      assert.equal(new Set(all.map((r) => r.configMap)).size, all.length, "each runner has its own configuration ConfigMap");
      const services = new Map(ofKind(objects, "Service").map((s) => [`${s.metadata.name}.${NAMESPACE}.svc.cluster.local`, s]));
      for (const runner of all) {
        assert.equal(one(objects, "ConfigMap", runner.configMap.replace(/-[a-z0-9]{10}$/, "")).metadata.name, runner.configMap, `${runner.name}: CONFIG comes from a hash-suffixed, generated ConfigMap`);
        const config = loadRunnerConfig(runner);
        assert.equal(config.duration, "8760h", "a 24/7 runner runs one very long scenario and is restarted by Kubernetes");
        for (const target of config.targets) {
          const where = `${runner.name} target ${target.name}`;
          const { host, port } = destination(target);
          if (target.protocol === "dns") assert.equal(target.nameserver, "10.96.0.10:53", `${where}: "system" resolves to resolv.conf's first nameserver`);
          const svc = services.get(host);
          assert.ok(svc, `${where}: ${host} is not a Service of this render`);
          if (port !== undefined) {
            const ports = (svc.spec as { ports: { port: number }[] }).ports.map((p) => p.port);
            assert.ok(ports.includes(port), `${where}: Service ${svc.metadata.name} has no port ${port}`);
          }
        }
      }
    });

    it("runs podinfo pinned, probed, spread over nodes and zones, with a disruption budget", () => {
      const deploy = one(objects, "Deployment", "podinfo");
      const spec = deploy.spec as { replicas: number; template: { spec: IPodSpec } };
      assert.ok(spec.replicas >= 2);
      const c = spec.template.spec.containers[0] as IContainer;
      assert.equal(c.image, "ghcr.io/stefanprodan/podinfo:6.14.1");
      assert.ok(c.command?.includes("--grpc-service-name=podinfo"));
      assert.ok(c.readinessProbe && c.livenessProbe);
      const keys = (spec.template.spec.topologySpreadConstraints ?? []).map((t) => t.topologyKey);
      assert.deepEqual(keys.sort(), ["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
      one(objects, "PodDisruptionBudget", "podinfo");
      assert.equal((one(objects, "Service", "podinfo-headless").spec as { clusterIP: string }).clusterIP, "None");
    });

    it("runs the 24/7 runner as a StatefulSet whose replica count reaches the entrypoint, with the 24/7 k6 settings", () => {
      const sts = one(objects, "StatefulSet", "k6-runner");
      const spec = sts.spec as { replicas: number; template: { spec: IPodSpec } };
      const pod = spec.template.spec;
      const c = pod.containers.find((x) => x.name === "k6") as IContainer;
      assert.ok(spec.replicas >= 2, "with one runner a rollout would stop all load at once");
      assert.equal(envValue(c, "RUNNER_REPLICAS"), String(spec.replicas), "RUNNER_REPLICAS must equal spec.replicas or the segments do not cover 0..1");
      assert.equal(pod.enableServiceLinks, false);
      assert.equal(pod.automountServiceAccountToken, false);
      const fieldRef = (name: string) => c.env?.find((e) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
      assert.equal(fieldRef("POD_INDEX"), "metadata.labels['apps.kubernetes.io/pod-index']");
      assert.equal(fieldRef("POD_NAME"), "metadata.name");
      assert.equal(fieldRef("NODE_NAME"), "spec.nodeName");
      assert.equal(fieldRef("ZONE"), "metadata.labels['topology.kubernetes.io/zone']");
      const env = configMapData(objects, "k6-runner-env");
      assert.equal(env.K6_PROMETHEUS_RW_STALE_MARKERS, "true");
      assert.match(env.K6_PROMETHEUS_RW_SERVER_URL ?? "", /^https?:\/\/.+\/api\/v1\/write$/);
      assert.equal(env.K6_AUTO_EXTENSION_RESOLUTION, "false");
      assert.ok(env.ZONE_FALLBACK, "a zone tag value for clusters that do not label pods with their zone");
      assert.ok((pod.topologySpreadConstraints ?? []).some((t) => t.topologyKey === "kubernetes.io/hostname"));
      one(objects, "PodDisruptionBudget", "k6-runner");
    });

    it("keeps fleet operations moving: PDBs evict unhealthy pods, podinfo's spread ignores nodes it cannot use", () => {
      for (const pdb of ofKind(objects, "PodDisruptionBudget")) {
        assert.equal((pdb.spec as { unhealthyPodEvictionPolicy?: string }).unhealthyPodEvictionPolicy, "AlwaysAllow", `PodDisruptionBudget/${pdb.metadata.name}: a crash-looping pod must not block node drains`);
      }
      const spread = (one(objects, "Deployment", "podinfo").spec as { template: { spec: IPodSpec } }).template.spec.topologySpreadConstraints ?? [];
      for (const c of spread) assert.equal(c.nodeTaintsPolicy, "Honor", `podinfo spread on ${c.topologyKey}: tainted and cordoned nodes must not count as empty domains`);
    });

    it("labels workloads with their version and runner pods with the bundle they run", () => {
      const version = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
      const podinfo = one(objects, "Deployment", "podinfo");
      const podinfoSpec = (podinfo.spec as { template: { metadata: { labels: Record<string, string> }; spec: IPodSpec } }).template;
      const podinfoTag = (podinfoSpec.spec.containers[0]?.image ?? "").split(":").pop();
      assert.equal(podinfo.metadata.labels?.["app.kubernetes.io/version"], podinfoTag);
      assert.equal(podinfoSpec.metadata.labels["app.kubernetes.io/version"], podinfoTag);
      const bundle = one(objects, "ConfigMap", "k6-script").metadata.name;
      for (const sts of ofKind(objects, "StatefulSet")) {
        const template = (sts.spec as { template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: IPodSpec } }).template;
        assert.equal(sts.metadata.labels?.["app.kubernetes.io/version"], version, `StatefulSet/${sts.metadata.name}: the project version`);
        assert.equal(template.metadata.labels["app.kubernetes.io/version"], version);
        assert.equal(template.metadata.annotations?.["continuous-load/bundle-configmap"], bundle, `StatefulSet/${sts.metadata.name}: the hash-suffixed bundle ConfigMap it runs`);
        const k6 = template.spec.containers.find((c) => c.name === "k6") as IContainer;
        const resourceRef = (name: string) => k6.env?.find((e) => e.name === name)?.valueFrom?.resourceFieldRef;
        assert.deepEqual(resourceRef("GOMAXPROCS"), { containerName: "k6", resource: "limits.cpu", divisor: "1" }, "Go sizes itself to the CPU limit");
        assert.deepEqual(resourceRef("MEMORY_LIMIT_BYTES"), { containerName: "k6", resource: "limits.memory", divisor: "1" }, "run-k6.sh derives GOMEMLIMIT from it");
        assert.equal(k6.env?.find((e) => e.name === "POD_NAMESPACE")?.valueFrom?.fieldRef?.fieldPath, "metadata.namespace", "the namespace tag");
      }
    });

    it("runs every other runner (denied-probe) on the 24/7 runner's image, bundle, entrypoint and environment, with its own count", () => {
      const main = one(objects, "StatefulSet", MAIN_RUNNER);
      const mainPod = (main.spec as { template: { spec: IPodSpec } }).template.spec;
      const mainK6 = mainPod.containers.find((x) => x.name === "k6") as IContainer;
      const volumeConfigMaps = (pod: IPodSpec) => (pod.volumes ?? []).map((v) => `${v.name}=${v.configMap?.name ?? "-"}`).sort();
      for (const runner of runners(objects).filter((r) => r.name !== MAIN_RUNNER)) {
        assert.equal(runner.container.image, mainK6.image, `${runner.name}: same image (and so the same pin) as ${MAIN_RUNNER}`);
        assert.deepEqual(runner.container.command, mainK6.command, `${runner.name}: same entrypoint`);
        assert.deepEqual(volumeConfigMaps(runner.spec), volumeConfigMaps(mainPod), `${runner.name}: same bundle and entrypoint ConfigMaps`);
        assert.deepEqual(runner.container.envFrom, mainK6.envFrom, `${runner.name}: same remote-write target and zone fallback`);
        assert.equal(envValue(runner.container, "RUNNER_REPLICAS"), String(runner.replicas), `${runner.name}: RUNNER_REPLICAS must equal spec.replicas or the segments do not cover 0..1`);
        assert.equal(runner.spec.enableServiceLinks, false);
        assert.equal(runner.spec.automountServiceAccountToken, false);
      }
    });

    it("gives every k6-operator TestRun the runner's image, bundle and configuration", () => {
      const sts = one(objects, "StatefulSet", "k6-runner");
      const runnerImage = (sts.spec as { template: { spec: IPodSpec } }).template.spec.containers[0]?.image;
      for (const tr of ofKind(objects, "TestRun")) {
        const spec = tr.spec as { parallelism: number; runner: TestRunPod; initializer: TestRunPod; script: { configMap: { name: string } } };
        assert.ok(spec.parallelism >= 2);
        assert.equal(spec.runner.image, runnerImage, "an images: pin in an overlay must reach the TestRun too");
        assert.equal(spec.initializer.image, runnerImage, "the initializer runs `k6 archive` and needs the same extensions");
        assert.equal(spec.script.configMap.name, one(objects, "ConfigMap", "k6-script").metadata.name);
        for (const pod of [spec.runner, spec.initializer]) {
          const replicas = pod.env?.find((e) => e.name === "RUNNER_REPLICAS")?.value;
          assert.equal(replicas, String(spec.parallelism), "RUNNER_REPLICAS must equal parallelism, or some segments get no VU");
        }
      }
    });
  });
}

describe("production overlay", () => {
  it("turns every 24/7 component on (one of the two alternative dashboard components), and not the finite k6-operator run", () => {
    const kustomization = readFileSync(join(REPO, "k8s", "overlays", "production", "kustomization.yaml"), "utf8");
    const dashboards = ["dashboard-configmap", "grafana-dashboard"];
    // Not in production on purpose: the finite run needs the operator (overlays/scale-test); NodeLocal DNSCache is a
    // property of some clusters, opted into per cluster (test/k8s/policy-flows.test.ts renders it).
    const finite = ["k6-operator", "network-policy-node-local-dns"];
    assert.equal(dashboards.filter((d) => kustomization.includes(`../../components/${d}\n`)).length, 1, "exactly one dashboard component");
    for (const component of componentNames().filter((c) => !dashboards.includes(c) && !finite.includes(c))) {
      assert.ok(kustomization.includes(`../../components/${component}`), `production does not list component ${component} (${join(COMPONENTS_DIR, component)})`);
    }
    for (const component of finite) assert.ok(!kustomization.includes(`../../components/${component}\n`), `${component} is opt-in: the operator run belongs in overlays/scale-test, NodeLocal DNSCache to the clusters that run it`);
  });

  it("spreads a three-way split over nodes and zones", () => {
    const objects = render("production");
    assert.ok((one(objects, "StatefulSet", "k6-runner").spec as { replicas: number }).replicas >= 3);
    assert.ok(ofKind(objects, "NetworkPolicy").length > 0);
    assert.ok(ofKind(objects, "PodMonitor").length > 0);
  });
});

describe("scale-test overlay", () => {
  it("is production plus the TestRun and its NetworkPolicy, nothing else changed", () => {
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    const production = new Map(render("production").map((o) => [key(o), o]));
    const added = render("scale-test").filter((o) => {
      const same = production.get(key(o));
      if (same !== undefined) assert.deepEqual(o, same, `${key(o)} differs from production: switching paths would change it`);
      return same === undefined;
    });
    assert.deepEqual(added.map(key).sort(), ["NetworkPolicy/k6-testrun-load-finite", "TestRun/load-finite"]);
  });
});

describe("overlays", () => {
  it("include a local, a production, a policy-check and a scale-test overlay", () => {
    assert.deepEqual(["local", "policy-check", "production", "scale-test"].filter((o) => !overlayNames().includes(o)), []);
  });
});
