// Shared helpers for the Kubernetes tests: render an overlay with the real `kubectl kustomize`, find objects in the
// render, and list every pod template (workload templates and the pods a k6-operator TestRun will create).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import type { IContainer, IPodSpec } from "kubernetes-models/v1";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const OVERLAYS_DIR = join(REPO, "k8s", "overlays");
export const COMPONENTS_DIR = join(REPO, "k8s", "components");

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Every overlay directory: a new overlay is covered by every test without being listed anywhere. */
export function overlayNames(): string[] {
  return readdirSync(OVERLAYS_DIR).filter((name) => statSync(join(OVERLAYS_DIR, name)).isDirectory()).sort();
}

/** Component directories that are ready to use (they have a kustomization.yaml). */
export function componentNames(): string[] {
  return readdirSync(COMPONENTS_DIR)
    .filter((name) => existsSync(join(COMPONENTS_DIR, name, "kustomization.yaml")))
    .sort();
}

const cache = new Map<string, K8sObject[]>();

/** `kubectl kustomize k8s/overlays/<name>`, parsed. Throws with kubectl's own message when the overlay is broken. */
export function render(overlay: string): K8sObject[] {
  return renderDir(join(OVERLAYS_DIR, overlay), `k8s/overlays/${overlay}`);
}

/** `kubectl kustomize <dir>` for any kustomization (e.g. a scratch overlay that turns on a component). */
export function renderDir(dir: string, label = dir): K8sObject[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  let text: string;
  try {
    text = execFileSync("kubectl", ["kustomize", dir], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`kubectl kustomize ${label} failed: ${stderr || String(err)}`);
  }
  const objects = parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${label} rendered invalid YAML: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  });
  cache.set(dir, objects);
  return objects;
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** Generated names end in "-" and a 10-character hash: "k6-config" must not also find "k6-config-denied-<hash>". */
const HASH_SUFFIX = /^-[a-z0-9]{10}$/;

export function one(objects: readonly K8sObject[], kind: string, namePrefix: string): K8sObject {
  const named = (name: string) => name === namePrefix || (name.startsWith(namePrefix) && HASH_SUFFIX.test(name.slice(namePrefix.length)));
  const found = objects.filter((o) => o.kind === kind && named(o.metadata.name));
  if (found.length !== 1) throw new Error(`expected one ${kind} named ${namePrefix}[-hash], found ${found.map((o) => o.metadata.name).join(", ") || "none"}`);
  return found[0] as K8sObject;
}

export function configMapData(objects: readonly K8sObject[], namePrefix: string): Record<string, string> {
  return (one(objects, "ConfigMap", namePrefix).data ?? {}) as Record<string, string>;
}

/** The k6-operator TestRun's per-pod settings (grafana/k6-operator api/v1alpha1 `Pod`). */
export interface TestRunPod {
  image?: string;
  automountServiceAccountToken?: string;
  serviceAccountName?: string;
  env?: IContainer["env"];
  envFrom?: IContainer["envFrom"];
  resources?: IContainer["resources"];
  securityContext?: IPodSpec["securityContext"];
  containerSecurityContext?: IContainer["securityContext"];
  volumes?: IPodSpec["volumes"];
  volumeMounts?: IContainer["volumeMounts"];
  affinity?: IPodSpec["affinity"];
  tolerations?: IPodSpec["tolerations"];
  topologySpreadConstraints?: IPodSpec["topologySpreadConstraints"];
  nodeSelector?: Record<string, string>;
  readinessProbe?: IContainer["readinessProbe"];
  livenessProbe?: IContainer["livenessProbe"];
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export interface PodTemplate {
  /** "StatefulSet/k6-runner", "TestRun/load-finite runner", ... */
  owner: string;
  labels: Record<string, string>;
  spec: IPodSpec;
}

/** The pod a TestRun section becomes, the way the operator builds it: one container named k6 (or curl). */
export function testRunPodSpec(section: TestRunPod, containerName: string): IPodSpec {
  const container: IContainer = { name: containerName };
  if (section.image !== undefined) container.image = section.image;
  if (section.env !== undefined) container.env = section.env;
  if (section.envFrom !== undefined) container.envFrom = section.envFrom;
  if (section.resources !== undefined) container.resources = section.resources;
  if (section.containerSecurityContext !== undefined) container.securityContext = section.containerSecurityContext;
  if (section.volumeMounts !== undefined) container.volumeMounts = section.volumeMounts;
  if (section.readinessProbe !== undefined) container.readinessProbe = section.readinessProbe;
  if (section.livenessProbe !== undefined) container.livenessProbe = section.livenessProbe;
  const spec: IPodSpec = { containers: [container] };
  if (section.securityContext !== undefined) spec.securityContext = section.securityContext;
  if (section.volumes !== undefined) spec.volumes = section.volumes;
  if (section.affinity !== undefined) spec.affinity = section.affinity;
  if (section.tolerations !== undefined) spec.tolerations = section.tolerations;
  if (section.topologySpreadConstraints !== undefined) spec.topologySpreadConstraints = section.topologySpreadConstraints;
  if (section.nodeSelector !== undefined) spec.nodeSelector = section.nodeSelector;
  if (section.serviceAccountName !== undefined) spec.serviceAccountName = section.serviceAccountName;
  if (section.automountServiceAccountToken !== undefined) spec.automountServiceAccountToken = section.automountServiceAccountToken === "true";
  return spec;
}

export const TESTRUN_SECTIONS = [
  { field: "initializer", container: "k6" },
  { field: "runner", container: "k6" },
  { field: "starter", container: "curl" },
] as const;

/** Every pod the render will create, directly (workloads) or through the k6-operator (TestRun sections). */
export function podTemplates(objects: readonly K8sObject[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const o of objects) {
    if (o.kind === "Deployment" || o.kind === "StatefulSet" || o.kind === "DaemonSet" || o.kind === "Job") {
      const template = (o.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec } }).template;
      out.push({ owner: `${o.kind}/${o.metadata.name}`, labels: template.metadata?.labels ?? {}, spec: template.spec });
    } else if (o.kind === "CronJob") {
      throw new Error("CronJob found: the runner must be a long-running workload (see docs/deploying.md)");
    } else if (o.kind === "TestRun") {
      const spec = o.spec as Record<string, TestRunPod | undefined>;
      for (const { field, container } of TESTRUN_SECTIONS) {
        const section = spec[field];
        if (section === undefined) throw new Error(`TestRun/${o.metadata.name} has no ${field}: its pod would run with the operator's defaults`);
        out.push({
          owner: `TestRun/${o.metadata.name} ${field}`,
          labels: { ...(section.metadata?.labels ?? {}), k6_cr: o.metadata.name },
          spec: testRunPodSpec(section, container),
        });
      }
    }
  }
  return out;
}

export function allContainers(spec: IPodSpec): IContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
