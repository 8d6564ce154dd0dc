// The k6 runners of a render (every StatefulSet whose k6 container reads CONFIG from a ConfigMap: k6-runner and,
// with the denied-probe component, k6-runner-denied), their configurations as the engine's loadConfig returns them,
// and where each target connects.
import assert from "node:assert/strict";
import type { IContainer, IPodSpec } from "kubernetes-models/v1";
import { loadConfig } from "../../src/config/load-config.ts";
import type { Config, Target } from "../../src/config/types.ts";
import type { K8sObject } from "./render.ts";

/** The 24/7 runner whose positive targets are the siblings of every negative probe. */
export const MAIN_RUNNER = "k6-runner";
/** What loadConfig reads for nameserver "system" (DNS probes and pod-path discovery). */
export const RESOLV_CONF = "nameserver 10.96.0.10\n";

export interface Runner {
  name: string;
  replicas: number;
  labels: Record<string, string>;
  spec: IPodSpec;
  container: IContainer;
  /** The ConfigMap (with hash suffix) and key CONFIG comes from. */
  configMap: string;
  configText: string;
}

export function runners(objects: readonly K8sObject[]): Runner[] {
  const configMaps = new Map(objects.filter((o) => o.kind === "ConfigMap").map((o) => [o.metadata.name, (o.data ?? {}) as Record<string, string>]));
  const out: Runner[] = [];
  for (const sts of objects.filter((o) => o.kind === "StatefulSet")) {
    const spec = sts.spec as { replicas: number; template: { metadata?: { labels?: Record<string, string> }; spec: IPodSpec } };
    const container = spec.template.spec.containers.find((c) => c.name === "k6");
    const ref = container?.env?.find((e) => e.name === "CONFIG")?.valueFrom?.configMapKeyRef;
    if (container === undefined || ref === undefined) continue;
    const configText = configMaps.get(ref.name ?? "")?.[ref.key];
    assert.ok(configText, `StatefulSet/${sts.metadata.name}: CONFIG comes from ConfigMap ${ref.name} key ${ref.key}, which is not in the render`);
    out.push({ name: sts.metadata.name, replicas: spec.replicas, labels: spec.template.metadata?.labels ?? {}, spec: spec.template.spec, container, configMap: ref.name ?? "", configText });
  }
  return out;
}

export function loadRunnerConfig(runner: Runner): Config {
  return loadConfig({ CONFIG: runner.configText }, (path) => {
    assert.equal(path, "/etc/resolv.conf");
    return RESOLV_CONF;
  });
}

/** Host and port a target connects to (DNS: the name it queries, no port). */
export function destination(target: Target): { host: string; port?: number } {
  switch (target.protocol) {
    case "http": {
      const url = /^(https?):\/\/([^/:?#]+)(?::(\d+))?/.exec(target.url);
      assert.ok(url, `target ${target.name}: url ${target.url}`);
      return { host: url[2] ?? "", port: url[3] ? Number(url[3]) : url[1] === "https" ? 443 : 80 };
    }
    case "grpc": {
      const [host, port] = target.address.split(":");
      return { host: host ?? "", port: Number(port) };
    }
    case "tcp":
      return { host: target.host, port: target.port };
    case "dns":
      return { host: target.query };
    case "scenario":
      return { host: target.host }; // the ports are the scenario's own (its vars)
  }
}

export function isBlocked(target: Target): boolean {
  return target.expect === "blocked";
}
