// What the rendered NetworkPolicies allow between two pod templates, evaluated as the networking.k8s.io/v1 API
// defines it: a pod is isolated in a direction only when some policy in its namespace selects it with that policy
// type; then a connection needs a rule whose peer matches the other pod and whose ports match. A connection needs
// both the source's egress and the destination's ingress. An ipBlock peer matches endpoints given by address (e.g.
// NodeLocal DNSCache's link-local 169.254.20.10 on every node); whether it covers pod IPs depends on the cluster's
// pod CIDR, so for a pod it is judged only when it lies in 169.254.0.0/16 (link-local, never a pod CIDR) and throws
// otherwise instead of guessing.
import type { K8sObject } from "./render.ts";

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ("Ingress" | "Egress")[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** A pod as a policy sees it: where it runs, its labels and (as a destination) its named container ports. */
export interface PolicyPod {
  owner: string;
  namespace: string;
  labels: Record<string, string>;
  ports: { name?: string; containerPort: number; protocol?: string }[];
  /** Set for endpoints that are an address, not a pod (host-network listeners such as NodeLocal DNSCache). */
  ip?: string;
}

function ipv4(text: string): number {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${text}`);
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** Is the IPv4 address inside the CIDR? */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const prefix = Number(bits ?? "32");
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`ipBlock cidr ${cidr}: bad prefix length`);
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base ?? "") / size);
}

const LINK_LOCAL = "169.254.0.0/16";

function cidrInside(inner: string, outer: string): boolean {
  const [base, bits] = inner.split("/");
  return Number(bits ?? "32") >= Number(outer.split("/")[1]) && inCidr(base ?? "", outer);
}

export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case "In":
        return has && (e.values ?? []).includes(labels[e.key] ?? "");
      case "NotIn":
        return !has || !(e.values ?? []).includes(labels[e.key] ?? "");
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
    }
  });
  return byLabels && byExpressions;
}

export class PolicySet {
  private readonly policies: { namespace: string; name: string; spec: PolicySpec }[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  constructor(objects: readonly K8sObject[]) {
    this.policies = objects
      .filter((o) => o.kind === "NetworkPolicy")
      .map((o) => ({ namespace: o.metadata.namespace ?? "default", name: o.metadata.name, spec: o.spec as PolicySpec }));
    // The API server labels every namespace with its own name (kubernetes.io/metadata.name, Kubernetes >= 1.21).
    this.namespaceLabels = new Map(objects.filter((o) => o.kind === "Namespace").map((o) => [o.metadata.name, { ...o.metadata.labels, "kubernetes.io/metadata.name": o.metadata.name }]));
  }

  get size(): number {
    return this.policies.length;
  }

  /** Names of the policies that isolate `pod` in `direction` (empty: everything is allowed that way). */
  isolating(pod: PolicyPod, direction: "Ingress" | "Egress"): string[] {
    return this.selecting(pod, direction).map((p) => p.name);
  }

  /** Does `destination` accept `source` on `port` (a container port number of the destination)? */
  allowsIngress(source: PolicyPod, destination: PolicyPod, port: number, protocol = "TCP"): boolean {
    const isolating = this.selecting(destination, "Ingress");
    if (isolating.length === 0) return true;
    return isolating.some((p) => (p.spec.ingress ?? []).some((rule) => this.peersMatch(rule.from, p.namespace, source) && portsMatch(rule.ports, destination, port, protocol)));
  }

  /** May `source` open a connection to `destination` on `port`? */
  allowsEgress(source: PolicyPod, destination: PolicyPod, port: number, protocol = "TCP"): boolean {
    const isolating = this.selecting(source, "Egress");
    if (isolating.length === 0) return true;
    return isolating.some((p) => (p.spec.egress ?? []).some((rule) => this.peersMatch(rule.to, p.namespace, destination) && portsMatch(rule.ports, destination, port, protocol)));
  }

  connects(source: PolicyPod, destination: PolicyPod, port: number, protocol = "TCP"): boolean {
    return this.allowsEgress(source, destination, port, protocol) && this.allowsIngress(source, destination, port, protocol);
  }

  /** Ingress rules of policies selecting `destination` whose peers match `source`, on any port: "policy/rule #i". */
  ingressRulesAdmitting(source: PolicyPod, destination: PolicyPod): string[] {
    return this.selecting(destination, "Ingress").flatMap((p) =>
      (p.spec.ingress ?? []).flatMap((rule, i) => (this.peersMatch(rule.from, p.namespace, source) ? [`${p.name} ingress[${i}]`] : [])),
    );
  }

  private selecting(pod: PolicyPod, direction: "Ingress" | "Egress") {
    return this.policies.filter((p) => p.namespace === pod.namespace && selectorMatches(p.spec.podSelector, pod.labels) && policyTypes(p.spec).includes(direction));
  }

  private peersMatch(peers: Peer[] | undefined, policyNamespace: string, pod: PolicyPod): boolean {
    // An absent or empty from/to matches every peer.
    if (peers === undefined || peers.length === 0) return true;
    return peers.some((peer) => {
      if (peer.ipBlock !== undefined) {
        const block = peer.ipBlock;
        if (pod.ip !== undefined) return inCidr(pod.ip, block.cidr) && !(block.except ?? []).some((e) => inCidr(pod.ip as string, e));
        if (cidrInside(block.cidr, LINK_LOCAL)) return false;
        throw new Error(`an ipBlock peer (${JSON.stringify(block)}) may or may not cover pod IPs: test/k8s/network-policy.ts cannot judge it`);
      }
      // Selectors pick pods, never bare addresses.
      if (pod.ip !== undefined) return false;
      const namespaceOk =
        peer.namespaceSelector === undefined ? pod.namespace === policyNamespace : selectorMatches(peer.namespaceSelector, this.namespaceLabels.get(pod.namespace) ?? { "kubernetes.io/metadata.name": pod.namespace });
      const podOk = peer.podSelector === undefined || selectorMatches(peer.podSelector, pod.labels);
      return namespaceOk && podOk;
    });
  }
}

/** Without policyTypes, a policy is Ingress, plus Egress when it has egress rules. */
function policyTypes(spec: PolicySpec): string[] {
  return spec.policyTypes ?? ["Ingress", ...(spec.egress !== undefined ? ["Egress"] : [])];
}

function portsMatch(ports: PolicyPort[] | undefined, destination: PolicyPod, port: number, protocol: string): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") return destination.ports.some((cp) => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? "TCP") === protocol);
    return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
  });
}
