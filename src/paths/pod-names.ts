// Which pod a pod-path probe reached, even when the probe failed: the engine dialled a pod IP it chose, so the
// name is the one podinfo gave for that IP in an earlier answer (HTTP /api/info, gRPC info.InfoService/Info, a
// TCP reply carrying "hostname"), else the IP itself. Module state, so every target of a VU shares what it learned
// (in practice one target: k6 gives each running scenario its own VUs).

/** Pod IPs churn over months: past this many the table starts afresh instead of growing. */
export const MAX_KNOWN_PODS = 256;

const namesByIp = new Map<string, string>();

/** Forget every learned name (tests; a VU never needs to). */
export function forgetPodNames(): void {
  namesByIp.clear();
}

/** Whether a name was learned for this pod IP (a probe may then skip asking the pod for it). */
export function knowsPod(podIp: string): boolean {
  return namesByIp.has(podIp);
}

/**
 * The `dest_pod` of a probe. `answered`: the pod named in the reply, if any. `podIp`: the IP dialled on the pod
 * path (undefined on other paths, where a Service or load balancer chose the backend and only a reply can tell).
 */
export function destPodOf(answered: string | undefined, podIp: string | undefined): string | undefined {
  if (podIp === undefined) return answered;
  if (answered !== undefined) {
    if (namesByIp.get(podIp) !== answered) {
      if (namesByIp.size >= MAX_KNOWN_PODS) namesByIp.clear();
      namesByIp.set(podIp, answered);
    }
    return answered;
  }
  return namesByIp.get(podIp) ?? podIp;
}
