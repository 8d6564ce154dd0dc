// PromQL for issue 5 ("know which path broke"), shared by the recording rules and the dashboard so both compute
// the same thing: client-vs-server time (network share) for HTTP targets against podinfo, and the path matrix.
//
// Network share = difference of means. The client's mean comes from k6's native histogram
// (histogram_sum / histogram_count of rate()), successful probes only; the server's mean from podinfo's classic
// histogram (_sum / _count rates), 2xx answers of the route the target hits (`serverRoute` in objectives.ts).
// Joined on dest_pod (client) = pod (server) and the route. Method and error: docs/observability.md.
import { DURATION, PROBES, REQUESTS, SERVER_DURATION } from "./metrics.ts";

/** Successful HTTP probes of ordinary targets: what podinfo saw as a 2xx answer on the route. */
export const CLIENT_OK = `protocol="http", result="ok", expect!="blocked"`;
/** A destination pod the answer named (not `unknown`, not the overflow value `other`, not missing). */
export const NAMED_POD = `dest_pod!~"unknown|other|"`;
export const SERVER_OK = `status=~"2.."`;

function sel(metric: string, ...matchers: string[]): string {
  return `${metric}{${matchers.filter(Boolean).join(", ")}}`;
}

/**
 * One series per configured target with its podinfo route: {target="http-info-svc", route="api_info"} 1.
 * Built from vector(1), so it needs no metric; `* on (target) group_left (route)` attaches the route.
 */
export function routeMapExpr(routes: { target: string; route: string }[]): string {
  if (routes.length === 0) throw new Error("routeMapExpr needs at least one target with a serverRoute");
  return routes
    .map(({ target, route }) => `label_replace(label_replace(vector(1), "target", "${target}", "", ""), "route", "${route}", "", "")`)
    .join("\nor\n");
}

export interface NetworkExprs {
  /** Client mean latency (seconds) by `by` plus route. */
  client: string;
  /** Server mean latency (seconds) by dest_pod (when perPod) and route. */
  server: string;
  /** client - server: the mean time outside podinfo's handler (network, connection, kube-proxy, queues). */
  network: string;
  /** network / client. */
  share: string;
}

/**
 * @param by client grouping labels (target must be among them; include dest_pod for the per-pod join)
 * @param clientMatchers extra matchers on the k6 histogram (dashboard variables)
 * @param serverMatchers extra matchers on podinfo's histogram (namespace)
 */
export function networkExprs(
  routes: { target: string; route: string }[],
  by: string[],
  window: string,
  clientMatchers: string[] = [],
  serverMatchers: string[] = [],
): NetworkExprs {
  const perPod = by.includes("dest_pod");
  if (!by.includes("target")) throw new Error("networkExprs: group by target, the route is per target");
  const targets = routes.map((r) => r.target).join("|");
  const client = sel(DURATION, CLIENT_OK, `target=~"${targets}"`, perPod ? NAMED_POD : "", ...clientMatchers);
  const byList = by.join(", ");
  const clientMean =
    `(\n  sum by (${byList}) (histogram_sum(rate(${client}[${window}])))\n  /\n  sum by (${byList}) (histogram_count(rate(${client}[${window}])))\n)\n` +
    `* on (target) group_left (route) (\n${routeMapExpr(routes)}\n)`;
  // podinfo's own labels: pod = the serving pod, path = the route. Renamed to dest_pod and route for the join
  // (the client's `path` is the network path type, a different thing).
  const serverBy = perPod ? "dest_pod, route" : "route";
  const rename = (metric: string) => {
    const renamed = `label_replace(rate(${sel(metric, SERVER_OK, ...serverMatchers)}[${window}]), "route", "$1", "path", "(.+)")`;
    return perPod ? `label_replace(${renamed}, "dest_pod", "$1", "pod", "(.+)")` : renamed;
  };
  const serverMean = `(\n  sum by (${serverBy}) (${rename(`${SERVER_DURATION}_sum`)})\n  /\n  sum by (${serverBy}) (${rename(`${SERVER_DURATION}_count`)})\n)`;
  const network = `(\n${clientMean}\n)\n- on (${serverBy}) group_left ()\n${serverMean}`;
  return { client: clientMean, server: serverMean, network, share: `(\n${network}\n)\n/\n(\n${clientMean}\n)` };
}

/**
 * Success ratio (result="ok" / all probes) by `by`; `or 0 * total` keeps a total failure at 0, not no data. All
 * probes come from the dense per-probe counter unless the grouping needs dest_pod, which only the outcome counter
 * carries.
 */
export function successRatioExpr(by: string, matchers: string[], window: string, fn: "rate" | "increase" = "increase"): string {
  const totalMetric = /\bdest_pod\b/.test(by) || matchers.some((m) => m.includes("dest_pod")) ? REQUESTS : PROBES;
  const total = `sum by (${by}) (${fn}(${sel(totalMetric, ...matchers)}[${window}]))`;
  return `(sum by (${by}) (${fn}(${sel(REQUESTS, ...matchers, `result="ok"`)}[${window}])) or 0 * ${total})\n/\n${total}`;
}

export function quantileExpr(q: number, by: string, matchers: string[], window: string): string {
  return `histogram_quantile(${q}, sum by (${by}) (rate(${sel(DURATION, ...matchers)}[${window}])))`;
}
