// Builds the Continuous Load Grafana dashboard. Every query reads raw series (k6 remote write and podinfo's scrape),
// never this project's recording rules, so the dashboard works on any Prometheus that receives the data.
// Objectives for the SLO row come from ./objectives.ts, the same source as the alerts.
import {
  Layout,
  TIMESERIES_OPTIONS,
  customVariable,
  instantTarget,
  queryVariable,
  rangeTarget,
  timeseriesFieldConfig,
  type Dashboard,
  type FieldConfig,
  type PromTarget,
} from "./grafana.ts";
import { HTTP_PHASES } from "./contract.ts";
import { CONTINUOUS, DROPPED_ITERATIONS, DURATION, ITERATIONS, PROBES, REQUESTS, SERVER_DURATION, SLI_LABELS, SLO_VALID, TARGET_RPS, VUS, VUS_MAX } from "./metrics.ts";
import { NEGATIVE, violationCountExpr } from "./negative-probes.ts";
import { networkExprs, quantileExpr, successRatioExpr } from "./paths.ts";
import { resolveProfiles, serverRoutes, type SliName } from "./resolve.ts";
import type { ObservabilityConfig, PromDuration } from "./types.ts";

/** Selectors after Grafana substitutes the template variables (multi-value variables become `(a|b)`, All `.*`). */
/** Which runs: $cluster (runner --tag cluster) and $testid (24/7 runners only by default, `^$`, or every run). */
const RUNS = `cluster=~"$cluster", testid=~"$testid"`;
/** This project's firing alerts (the overview's table and the dashboard's alert annotations). */
export const FIRING_ALERTS = `ALERTS{alertname=~"Cl.*", alertstate="firing"}`;
const PROJECT = `${RUNS}, protocol=~"$protocol", target=~"$target", pod=~"$pod", zone=~"$zone", path=~"$path"`;
/** Expected-rate queries ignore the pod filter: each pod reports the whole target's configured rate. */
const PROJECT_ALL_PODS = `${RUNS}, protocol=~"$protocol", target=~"$target"`;
const BUILTIN = `${RUNS}, scenario=~"$target", pod=~"$pod"`;
const SERVER = `namespace=~"$namespace"`;
const RATE = "$__rate_interval";

function sel(metric: string, ...matchers: string[]): string {
  return `${metric}{${matchers.filter(Boolean).join(", ")}}`;
}

/**
 * Good probes / all probes per target over a window; `or 0 * total` keeps a total outage at 0 instead of no data.
 * All probes come from the per-probe counter, which k6 writes in every push: failures show as missing successes,
 * however sparse their own series are (docs/metrics.md). For SLOs (`slo`), negative probes (expect="blocked") and
 * finite runs (testid) are left out, as in the recording rules.
 */
function sliRatio(sli: SliName, window: string, fn: "rate" | "increase" = "rate", slo = true): string {
  const good = sli === "availability" ? `result="ok"` : `result="ok", latency="fast"`;
  const valid = slo ? `${SLO_VALID}, ${CONTINUOUS}` : "";
  const total = `sum by (${SLI_LABELS}) (${fn}(${sel(PROBES, PROJECT, valid)}[${window}]))`;
  return `(sum by (${SLI_LABELS}) (${fn}(${sel(REQUESTS, PROJECT, good, valid)}[${window}])) or 0 * ${total})\n/\n${total}`;
}

/** The per-target objective as a vector (overrides first: `or` keeps the left side's series for the same labels). */
function objectiveExpr(config: ObservabilityConfig, sli: SliName): string {
  // `unless` binds tighter than `or`: the parentheses make it apply to overrides and default alike.
  const objectives = resolveProfiles(config)
    .slice()
    .reverse() // overrides, then the default profile
    .map((p) => `(0 * group by (${SLI_LABELS}) (${sel(TARGET_RPS, PROJECT_ALL_PODS, p.matcher)}) + ${p.settings[sli].objective})`)
    .join("\nor\n");
  return `(\n${objectives}\n)\nunless on (${SLI_LABELS})\ngroup by (${SLI_LABELS}) (${sel(REQUESTS, PROJECT_ALL_PODS, `expect="blocked"`)})`;
}

/** Failures per second as probes minus successes (never below 0): robust to k6's sparse failure series. */
function failuresExpr(by: string, matchers: string, window: string): string {
  const probes = `sum by (${by}) (rate(${sel(PROBES, matchers)}[${window}]))`;
  const ok = `sum by (${by}) (rate(${sel(REQUESTS, matchers, `result="ok"`)}[${window}]))`;
  return `clamp_min(${probes} - (${ok} or 0 * ${probes}), 0)`;
}

function quantile(q: number, matchers: string): string {
  return `histogram_quantile(${q}, sum by (${SLI_LABELS}) (rate(${sel(DURATION, matchers)}[${RATE}])))`;
}

function tableFieldConfig(overrides: FieldConfig["overrides"] = []): FieldConfig {
  return {
    defaults: { unit: "percentunit", decimals: 3, custom: { align: "auto", cellOptions: { type: "color-text" } } },
    overrides,
  };
}

function sloThresholds(objective: number): { mode: "absolute"; steps: { color: string; value: number | null }[] } {
  return { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: objective }] };
}

/** A table with one row per target and one column per window, plus objective and remaining budget. */
function sloTable(config: ObservabilityConfig, sli: SliName, windows: PromDuration[]): { targets: PromTarget[]; fieldConfig: FieldConfig; transformations: { id: string; options: Record<string, unknown> }[] } {
  const targets: PromTarget[] = windows.map((w, i) => instantTarget(String.fromCharCode(65 + i), sliRatio(sli, w, "increase")));
  const objective = objectiveExpr(config, sli);
  targets.push(instantTarget("OBJ", objective));
  targets.push(
    instantTarget(
      "BUDGET",
      `1 - (\n  1 - (${sliRatio(sli, config.period, "increase")})\n) / (\n  1 - (${objective})\n)`,
    ),
  );
  // The period's SLI and budget can only cover the retention (kube-prometheus-stack keeps 10d by default): show how
  // much data the period really holds, per target (oldest hourly point with any probe, up to the period).
  targets.push(
    // Hourly steps keep the 30-day scan cheap; data younger than the last hour boundary falls back to minute steps.
    instantTarget("SPAN", (() => {
      const present = `timestamp(sum by (${SLI_LABELS}) (${sel(PROBES, PROJECT, SLO_VALID)}))`;
      return `time() - min by (${SLI_LABELS}) (\n  min_over_time(${present}[${config.period}:1h])\n  or\n  min_over_time(${present}[1h:1m])\n)`;
    })()),
  );
  const rename: Record<string, string> = {
    protocol: "Protocol",
    target: "Target",
    "Value #OBJ": "Objective",
    "Value #BUDGET": `Budget left (${config.period})`,
    "Value #SPAN": `Data in ${config.period}`,
  };
  windows.forEach((w, i) => (rename[`Value #${String.fromCharCode(65 + i)}`] = w));
  const defaultObjective = config.defaults[sli].objective;
  return {
    targets,
    fieldConfig: tableFieldConfig([
      ...windows.map((w) => ({ matcher: { id: "byName", options: w }, properties: [{ id: "thresholds", value: sloThresholds(defaultObjective) }] })),
      { matcher: { id: "byName", options: `Data in ${config.period}` }, properties: [{ id: "unit", value: "dtdurations" }, { id: "decimals", value: 0 }] },
      {
        matcher: { id: "byName", options: `Budget left (${config.period})` },
        properties: [{ id: "thresholds", value: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "orange", value: 0 }, { color: "green", value: 0.25 }] } }],
      },
    ]),
    transformations: [
      { id: "merge", options: {} },
      { id: "organize", options: { excludeByName: { Time: true }, renameByName: rename, indexByName: {} } },
    ],
  };
}

/** Ordinary probes only: a negative probe's "ok" means blocked, which would read as health in the matrix. */
const POSITIVE = `expect!="blocked"`;
const MATRIX_KEYS = "zone, path, target, dest_pod";

function percentTable(overrides: FieldConfig["overrides"] = []): FieldConfig {
  return {
    defaults: {
      unit: "percentunit",
      decimals: 2,
      min: 0,
      max: 1,
      thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "orange", value: 0.99 }, { color: "green", value: 0.999 }] },
      custom: { align: "auto", cellOptions: { type: "color-background" } },
    },
    overrides,
  };
}

const TABLE_OPTIONS = { showHeader: true, cellHeight: "sm", footer: { show: false } };

/** Issue 5: the path matrix, which layer failed, client vs server time, negative probes. */
function pathRows(config: ObservabilityConfig, layout: Layout): void {
  const project = [PROJECT, POSITIVE];
  layout.row("Path matrix: which path broke (source zone/node x destination pod x path)", { collapsed: true });
  layout.add(
    {
      type: "table",
      title: "Path matrix: success and p95 by source zone, path and destination pod",
      description:
        "One row per source zone (the runner pod's), path type (service, pod, external), target and destination pod (on the pod path the pod dialled, named from its earlier answers or else its IP, successes and failures alike; on the Service path the pod that answered, unknown on failures and for targets whose answer does not name it), over the dashboard's time range. Success is result=\"ok\" / all probes; p95 is over k6's native histogram (failures included). Sort by a column to find the broken cell. Negative probes are in their own panel.",
      targets: [
        instantTarget("SUCCESS", successRatioExpr(MATRIX_KEYS, project, "$__range")),
        instantTarget("P95", quantileExpr(0.95, MATRIX_KEYS, project, "$__range")),
        instantTarget("RATE", `sum by (${MATRIX_KEYS}) (rate(${sel(REQUESTS, ...project)}[$__range]))`),
      ],
      fieldConfig: percentTable([
        { matcher: { id: "byName", options: "p95" }, properties: [{ id: "unit", value: "s" }, { id: "decimals", value: 3 }, { id: "max" , value: null }, { id: "custom.cellOptions", value: { type: "auto" } }] },
        { matcher: { id: "byName", options: "Probes/s" }, properties: [{ id: "unit", value: "reqps" }, { id: "decimals", value: 2 }, { id: "max", value: null }, { id: "custom.cellOptions", value: { type: "auto" } }] },
      ]),
      options: { ...TABLE_OPTIONS, sortBy: [{ displayName: "Success", desc: false }] },
      transformations: [
        { id: "merge", options: {} },
        {
          id: "organize",
          options: {
            excludeByName: { Time: true },
            indexByName: { zone: 0, path: 1, target: 2, dest_pod: 3, "Value #SUCCESS": 4, "Value #P95": 5, "Value #RATE": 6 },
            renameByName: { zone: "Source zone", path: "Path", target: "Target", dest_pod: "Destination pod", "Value #SUCCESS": "Success", "Value #P95": "p95", "Value #RATE": "Probes/s" },
          },
        },
      ],
    },
    14,
    10,
  );
  layout.add(
    {
      type: "table",
      title: "Success: source zone x destination pod",
      description:
        "The matrix itself: rows are source zones, columns destination pods, cells the success ratio over the time range (all targets and paths the variables select: pick a Path to compare service and pod paths). A red column is a destination pod, a red row a source zone, a single red cell one zone-to-pod path.",
      targets: [instantTarget("A", successRatioExpr("zone, dest_pod", project, "$__range"))],
      fieldConfig: percentTable(),
      options: TABLE_OPTIONS,
      transformations: [{ id: "groupingToMatrix", options: { columnField: "dest_pod", rowField: "zone", valueField: "Value", emptyValue: "null" } }],
    },
    10,
    10,
  );
  layout.add(
    {
      type: "status-history",
      title: "Success over time: source zone -> destination pod, per path",
      description: "Each row one source zone -> destination pod over one path type, coloured by the success ratio per rate interval: when a path broke and whether it recovered.",
      targets: [rangeTarget("A", successRatioExpr("zone, path, dest_pod", project, RATE, "rate"), "{{zone}} -> {{dest_pod}} ({{path}})")],
      fieldConfig: percentTable(),
      options: { showValue: "never", rowHeight: 0.9, colWidth: 0.9, legend: { showLegend: false }, tooltip: { mode: "single", sort: "none" } },
    },
    14,
    9,
  );
  layout.add(
    {
      type: "table",
      title: "Worst source nodes",
      description: "The 20 runner nodes (with zone and path type) with the lowest success ratio over the time range: a node-local problem (CNI, kube-proxy, conntrack) shows as one node at the top.",
      targets: [instantTarget("A", `bottomk(20, ${successRatioExpr("zone, node, path", project, "$__range")})`)],
      fieldConfig: percentTable(),
      options: { ...TABLE_OPTIONS, sortBy: [{ displayName: "Success", desc: false }] },
      transformations: [{ id: "organize", options: { excludeByName: { Time: true }, renameByName: { zone: "Source zone", node: "Node", path: "Path", Value: "Success" } } }],
    },
    10,
    9,
  );

  layout.add(
    {
      type: "timeseries",
      title: "Which layer failed: failures per second by path and reason",
      description:
        "dns: name resolution; connect: no connection (refused, no endpoint, policy drop answered); timeout: no answer in time (drops, overload); reset: connection killed mid-way; tls; status/body: the application answered wrongly; error: anything else (docs/metrics.md).",
      targets: [
        rangeTarget("A", `sum by (path, reason) (rate(${sel(REQUESTS, ...project, `result="fail"`)}[${RATE}]))`, "{{path}} {{reason}}"),
        rangeTarget("B", failuresExpr("path", project.join(", "), RATE), "{{path}} all failures"),
      ],
      fieldConfig: { ...timeseriesFieldConfig("reqps"), defaults: { ...timeseriesFieldConfig("reqps").defaults, custom: { drawStyle: "bars", fillOpacity: 80, stacking: { mode: "normal" } } } },
      options: TIMESERIES_OPTIONS,
    },
    14,
    8,
  );
  layout.add(
    {
      type: "table",
      title: "Which layer failed: path x reason",
      description: "Failed probes over the time range: rows are path types, columns failure reasons.",
      targets: [instantTarget("A", `sum by (path, reason) (increase(${sel(REQUESTS, ...project, `result="fail"`)}[$__range]))`)],
      fieldConfig: { defaults: { unit: "short", decimals: 0 }, overrides: [] },
      options: TABLE_OPTIONS,
      transformations: [{ id: "groupingToMatrix", options: { columnField: "reason", rowField: "path", valueField: "Value", emptyValue: "zero" } }],
    },
    10,
    8,
  );

  const routes = serverRoutes(config);
  if (routes.length > 0) {
    const server = [SERVER];
    const perPod = networkExprs(routes, ["protocol", "target", "path", "dest_pod"], RATE, [PROJECT], server);
    const perTarget = networkExprs(routes, ["protocol", "target", "path"], RATE, [PROJECT], server);
    const table = networkExprs(routes, ["protocol", "target", "path", "zone", "dest_pod"], "$__range", [PROJECT], server);
    const mapped = routes.map((r) => `${r.target} -> ${r.route}`).join(", ");
    layout.add(
      {
        type: "timeseries",
        title: "Network share of latency by target and destination pod (HTTP)",
        description:
          `(client mean - server mean) / client mean: the share of a successful probe's mean latency spent outside podinfo's handler (DNS, connection, kube-proxy, network, queues). Client: k6's native histogram, result="ok"; server: podinfo's http_request_duration_seconds of the target's route, 2xx, joined on dest_pod = pod. Targets and routes (objectives.ts serverRoute): ${mapped}. Means, not percentiles; other clients of podinfo are in the server mean (docs/observability.md, Network share).`,
        targets: [rangeTarget("A", perPod.share, "{{target}} -> {{dest_pod}} ({{path}})"), rangeTarget("B", perTarget.share, "{{target}} all pods ({{path}})")],
        fieldConfig: timeseriesFieldConfig("percentunit", { max: 1 }),
        options: TIMESERIES_OPTIONS,
      },
      12,
      8,
    );
    layout.add(
      {
        type: "table",
        title: "Client vs server mean latency by source zone, path and destination pod (HTTP)",
        description: "Over the time range: client mean (k6), server mean (podinfo, same pod and route), their difference (network and connection time) and its share of the client mean. A negative difference is within the method's error (docs/observability.md).",
        targets: [
          instantTarget("CLIENT", table.client),
          instantTarget("SERVER", `${table.client}
* 0 + on (dest_pod, route) group_left ()
${table.server}`),
          instantTarget("NETWORK", table.network),
          instantTarget("SHARE", table.share),
        ],
        fieldConfig: {
          defaults: { unit: "s", decimals: 4, custom: { align: "auto" } },
          overrides: [{ matcher: { id: "byName", options: "Network share" }, properties: [{ id: "unit", value: "percentunit" }, { id: "decimals", value: 1 }] }],
        },
        options: TABLE_OPTIONS,
        transformations: [
          { id: "merge", options: {} },
          {
            id: "organize",
            options: {
              excludeByName: { Time: true, protocol: true },
              indexByName: { zone: 0, path: 1, target: 2, dest_pod: 3, route: 4, "Value #CLIENT": 5, "Value #SERVER": 6, "Value #NETWORK": 7, "Value #SHARE": 8 },
              renameByName: {
                zone: "Source zone",
                path: "Path",
                target: "Target",
                dest_pod: "Destination pod",
                route: "podinfo route",
                "Value #CLIENT": "Client mean",
                "Value #SERVER": "Server mean",
                "Value #NETWORK": "Network (client - server)",
                "Value #SHARE": "Network share",
              },
            },
          },
        ],
      },
      12,
      8,
    );
  }

  // $cluster and $testid as everywhere else: another cluster's sibling must not vouch for this cluster's deny.
  const negative = [RUNS, `protocol=~"$protocol", target=~"$target", pod=~"$pod"`, NEGATIVE];
  layout.add(
    {
      type: "table",
      title: "Negative probes: blocked share, violations and the sibling's success",
      description:
        "Per negative probe (expect: blocked) over the time range: the share of attempts that were blocked (connect, reset, timeout), completed attempts (violations: ClNetworkPolicyViolation), and the success ratio of its sibling, the positive probe to the same destination. A deny counts as verified only while the sibling succeeds (recording rule target:cl_policy_verdict:5m, alert ClNetworkPolicyDenyUnverified).",
      targets: [
        instantTarget("BLOCKED", successRatioExpr("protocol, target, sibling", negative, "$__range")),
        // Not increase(): a lone violation is one sample of a new series (as in the violation rule, L2).
        instantTarget(
          "VIOLATIONS",
          `${violationCountExpr(sel(REQUESTS, ...negative, `result="fail", reason="not_blocked"`), "protocol, target, sibling", "$__range", config.negativeProbes.violationLookback)}\nor\n0 * group by (protocol, target, sibling) (${sel(REQUESTS, ...negative)})`,
        ),
        instantTarget(
          "SIBLING",
          `group by (protocol, target, sibling) (${sel(REQUESTS, ...negative)})
* on (sibling) group_left
label_replace(${successRatioExpr("target", [RUNS, POSITIVE], "$__range")}, "sibling", "$1", "target", "(.+)")`,
        ),
      ],
      fieldConfig: percentTable([{ matcher: { id: "byName", options: "Violations" }, properties: [{ id: "unit", value: "short" }, { id: "decimals", value: 0 }, { id: "max", value: null }, { id: "thresholds", value: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: 1 }] } }] }]),
      options: TABLE_OPTIONS,
      transformations: [
        { id: "merge", options: {} },
        {
          id: "organize",
          options: {
            excludeByName: { Time: true },
            renameByName: { protocol: "Protocol", target: "Negative probe", sibling: "Sibling", "Value #BLOCKED": "Blocked", "Value #VIOLATIONS": "Violations", "Value #SIBLING": "Sibling success" },
          },
        },
      ],
    },
    24,
    6,
  );
}

export function buildDashboard(config: ObservabilityConfig): Dashboard {
  const layout = new Layout();
  const ts = TIMESERIES_OPTIONS;

  overviewRow(config, layout);

  layout.row("Traffic and success: per protocol and target");
  layout.add(
    {
      type: "timeseries",
      title: "Probes per second by target",
      description: "Probes (requests, calls, connections, queries) per second per target, all runner pods together.",
      targets: [rangeTarget("A", `sum by (${SLI_LABELS}) (rate(${sel(PROBES, PROJECT)}[${RATE}]))`, "{{protocol}} {{target}}")],
      fieldConfig: timeseriesFieldConfig("reqps"),
      options: ts,
    },
    12,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Success rate by target",
      description: "Share of probes with result=\"ok\" over the panel's rate interval. For a negative probe (expect=\"blocked\") ok means the connection was blocked as intended.",
      targets: [rangeTarget("A", sliRatio("availability", RATE, "rate", false), "{{protocol}} {{target}}")],
      fieldConfig: timeseriesFieldConfig("percentunit", { max: 1 }),
      options: ts,
    },
    12,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Probes per second by protocol and result",
      description: "Traffic per protocol, split into ok and fail.",
      targets: [rangeTarget("A", `sum by (protocol, result) (rate(${sel(REQUESTS, PROJECT)}[${RATE}]))`, "{{protocol}} {{result}}")],
      fieldConfig: timeseriesFieldConfig("reqps"),
      options: ts,
    },
    24,
    7,
  );

  pathRows(config, layout);

  layout.row("Client-side latency (k6, all probes including failures)");
  for (const [q, label] of [[0.5, "p50"], [0.9, "p90"], [0.95, "p95"], [0.99, "p99"]] as const) {
    layout.add(
      {
        type: "timeseries",
        title: `Latency ${label} by target`,
        description: `histogram_quantile(${q}) over k6's native histogram ${DURATION}, summed across runner pods before the quantile.`,
        targets: [rangeTarget("A", quantile(q, PROJECT), `{{protocol}} {{target}} ${label}`)],
        fieldConfig: timeseriesFieldConfig("s"),
        options: ts,
      },
      6,
      8,
    );
  }
  layout.add(
    {
      type: "timeseries",
      title: "Slow probes (slower than latencyObjective)",
      description: "Share of successful probes that took longer than the target's latencyObjective (latency=\"slow\").",
      targets: [
        rangeTarget(
          "A",
          `(sum by (${SLI_LABELS}) (rate(${sel(REQUESTS, PROJECT, `result="ok", latency="slow"`)}[${RATE}])) or 0 * sum by (${SLI_LABELS}) (rate(${sel(REQUESTS, PROJECT, `result="ok"`)}[${RATE}])))\n/\nsum by (${SLI_LABELS}) (rate(${sel(REQUESTS, PROJECT, `result="ok"`)}[${RATE}]))`,
          "{{protocol}} {{target}}",
        ),
      ],
      fieldConfig: timeseriesFieldConfig("percentunit"),
      options: ts,
    },
    12,
    7,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Mean latency by target",
      description: "histogram_sum / histogram_count of the native histogram: the average, for comparison with the percentiles.",
      targets: [
        rangeTarget(
          "A",
          `sum by (${SLI_LABELS}) (histogram_sum(rate(${sel(DURATION, PROJECT)}[${RATE}])))\n/\nsum by (${SLI_LABELS}) (histogram_count(rate(${sel(DURATION, PROJECT)}[${RATE}])))`,
          "{{protocol}} {{target}}",
        ),
      ],
      fieldConfig: timeseriesFieldConfig("s"),
      options: ts,
    },
    12,
    7,
  );

  httpPhaseRow(layout);

  layout.row("Server-side view (podinfo, HTTP only)", { collapsed: true });
  const serverCount = sel(`${SERVER_DURATION}_count`, SERVER);
  layout.add(
    {
      type: "timeseries",
      title: "Server requests per second by route and status",
      description: "podinfo's own count of HTTP requests (http_request_duration_seconds_count), per route (path) and status. gRPC, TCP and DNS have no server-side metrics.",
      targets: [rangeTarget("A", `sum by (namespace, path, status) (rate(${serverCount}[${RATE}]))`, "{{namespace}} {{path}} {{status}}")],
      fieldConfig: timeseriesFieldConfig("reqps"),
      options: ts,
    },
    8,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Server latency p50/p90/p95/p99 by route",
      description: "histogram_quantile over podinfo's classic buckets (.005 ... 10 s), summed across podinfo pods. Compare with the client-side percentiles: the gap is network, DNS, connection setup and queueing.",
      targets: ([[0.5, "p50"], [0.9, "p90"], [0.95, "p95"], [0.99, "p99"]] as const).map(([q, label], i) =>
        rangeTarget(String.fromCharCode(65 + i), `histogram_quantile(${q}, sum by (le, namespace, path) (rate(${sel(`${SERVER_DURATION}_bucket`, SERVER)}[${RATE}])))`, `{{namespace}} {{path}} ${label}`),
      ),
      fieldConfig: timeseriesFieldConfig("s"),
      options: ts,
    },
    8,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Server 5xx ratio by route",
      description: "Share of podinfo's answers with a 5xx status, per route.",
      targets: [
        rangeTarget(
          "A",
          `(sum by (namespace, path) (rate(${sel(`${SERVER_DURATION}_count`, SERVER, `status=~"5.."`)}[${RATE}])) or 0 * sum by (namespace, path) (rate(${serverCount}[${RATE}])))\n/\nsum by (namespace, path) (rate(${serverCount}[${RATE}]))`,
          "{{namespace}} {{path}}",
        ),
      ],
      fieldConfig: timeseriesFieldConfig("percentunit"),
      options: ts,
    },
    8,
    8,
  );

  layout.row(`SLOs: availability and latency over 1h, 1d, 7d and ${config.period} against the objective`, { collapsed: true });
  const windows: PromDuration[] = ["1h", "1d", "7d", config.period];
  const uniqueWindows = [...new Set(windows)];
  for (const sli of ["availability", "latency"] as const) {
    const table = sloTable(config, sli, uniqueWindows);
    layout.add(
      {
        type: "table",
        title: sli === "availability" ? "Availability SLI by target" : "Latency SLI by target",
        description:
          sli === "availability"
            ? "Share of probes with result=\"ok\" over each window, the target's objective, and the share of the error budget left over the SLO period (red below the default objective; per-target objectives are in the Objective column)."
            : "Share of probes that succeeded within the target's latencyObjective (result=\"ok\", latency=\"fast\") over each window, the objective, and the error budget left.",
        targets: table.targets,
        fieldConfig: table.fieldConfig,
        options: { showHeader: true, cellHeight: "sm", footer: { show: false } },
        transformations: table.transformations,
      },
      12,
      8,
    );
  }
  for (const sli of ["availability", "latency"] as const) {
    layout.add(
      {
        type: "timeseries",
        title: `${sli === "availability" ? "Availability" : "Latency"} error budget burn rate (1h)`,
        description: "Error ratio over the last hour divided by the error budget (1 - objective). 1 spends the budget exactly over the SLO period; the fast page fires above 14.4 (see docs/observability.md).",
        targets: [rangeTarget("A", `(\n  1 - (${sliRatio(sli, "1h")})\n)\n/\n(\n  1 - (${objectiveExpr(config, sli)})\n)`, "{{protocol}} {{target}}")],
        fieldConfig: timeseriesFieldConfig("x", {
          thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "orange", value: 1 }, { color: "red", value: 14.4 }] },
          custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 0, showPoints: "never", thresholdsStyle: { mode: "line" } },
        }),
        options: ts,
      },
      12,
      7,
    );
  }

  layout.row("Failures by reason");
  layout.add(
    {
      type: "timeseries",
      title: "Failed probes per second by target and reason",
      description:
        "reason: dns, connect, timeout, reset, tls, status, body, error (docs/metrics.md). The line is every failure, counted as probes minus successes: " +
        "k6 writes a failure series only in pushes where it failed, so the per-reason bars under-count rare failures over short intervals.",
      targets: [
        rangeTarget("A", `sum by (${SLI_LABELS}, reason) (rate(${sel(REQUESTS, PROJECT, `result="fail"`)}[${RATE}]))`, "{{target}} {{reason}}"),
        rangeTarget("B", failuresExpr(SLI_LABELS, PROJECT, RATE), "{{target}} all failures"),
      ],
      fieldConfig: { ...timeseriesFieldConfig("reqps"), defaults: { ...timeseriesFieldConfig("reqps").defaults, custom: { drawStyle: "bars", fillOpacity: 80, stacking: { mode: "normal" } } } },
      options: ts,
    },
    14,
    8,
  );
  layout.add(
    {
      type: "table",
      title: "Failures in the selected time range",
      description: "Failed probes per target and reason over the dashboard's time range.",
      targets: [instantTarget("A", `sort_desc(sum by (${SLI_LABELS}, reason) (increase(${sel(REQUESTS, PROJECT, `result="fail"`)}[$__range])))`)],
      fieldConfig: { defaults: { unit: "short", decimals: 0 }, overrides: [] },
      options: { showHeader: true, cellHeight: "sm", footer: { show: false } },
      transformations: [{ id: "organize", options: { excludeByName: { Time: true }, renameByName: { Value: "Failures" } } }],
    },
    10,
    8,
  );

  layout.row("Load generator health");
  layout.add(
    {
      type: "timeseries",
      title: "Configured vs actual rate by target",
      description: "Configured: k6_cl_target_rps (whole run, the same on every pod). Actual: probes/s summed over all runner pods (the pod filter does not apply here).",
      targets: [
        rangeTarget("A", `max by (${SLI_LABELS}) (${sel(TARGET_RPS, PROJECT_ALL_PODS)})`, "{{target}} configured"),
        rangeTarget("B", `sum by (${SLI_LABELS}) (rate(${sel(PROBES, PROJECT_ALL_PODS)}[${RATE}]))`, "{{target}} actual"),
      ],
      fieldConfig: timeseriesFieldConfig("reqps"),
      options: ts,
    },
    12,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Actual / configured rate",
      description: `Below ${config.generator.minRateRatio} for ${config.generator.rateFor} raises ClTrafficBelowConfiguredRate.`,
      targets: [
        rangeTarget(
          "A",
          `sum by (${SLI_LABELS}) (rate(${sel(PROBES, PROJECT_ALL_PODS)}[${RATE}]))\n/\nmax by (${SLI_LABELS}) (${sel(TARGET_RPS, PROJECT_ALL_PODS)})`,
          "{{protocol}} {{target}}",
        ),
      ],
      fieldConfig: timeseriesFieldConfig("percentunit", {
        thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "green", value: config.generator.minRateRatio }] },
        custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 0, showPoints: "never", thresholdsStyle: { mode: "line" } },
      }),
      options: ts,
    },
    12,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Dropped iterations per second by scenario",
      description: "Iterations k6 could not start because every VU was busy (the scenario is the target name).",
      targets: [rangeTarget("A", `sum by (scenario) (rate(${sel(DROPPED_ITERATIONS, BUILTIN)}[${RATE}]))`, "{{scenario}}")],
      fieldConfig: timeseriesFieldConfig("ops"),
      options: ts,
    },
    8,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "VUs by runner pod",
      description: "Active VUs (k6_vus) against the allowed maximum (k6_vus_max). Active near max means dropped iterations are next.",
      targets: [
        rangeTarget("A", `sum by (pod) (${sel(VUS, `pod=~"$pod"`)})`, "{{pod}} active"),
        rangeTarget("B", `sum by (pod) (${sel(VUS_MAX, `pod=~"$pod"`)})`, "{{pod}} max"),
      ],
      fieldConfig: timeseriesFieldConfig("short"),
      options: ts,
    },
    8,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Probes per second by runner pod",
      description: "The per-pod split of the load (each pod runs its execution segment of every scenario); node and zone show where the pod runs.",
      targets: [rangeTarget("A", `sum by (pod, node, zone) (rate(${sel(PROBES, PROJECT)}[${RATE}]))`, "{{pod}} ({{zone}})")],
      fieldConfig: timeseriesFieldConfig("reqps"),
      options: ts,
    },
    8,
    8,
  );
  layout.add(
    {
      type: "timeseries",
      title: "Iterations per second by pod and scenario",
      description: "Completed k6 iterations (k6_iterations_total) per pod and scenario.",
      targets: [rangeTarget("A", `sum by (pod, scenario) (rate(${sel(ITERATIONS, BUILTIN)}[${RATE}]))`, "{{pod}} {{scenario}}")],
      fieldConfig: timeseriesFieldConfig("ops"),
      options: ts,
    },
    24,
    7,
  );

  return {
    __inputs: [
      { name: "DS_PROMETHEUS", label: "Prometheus", description: "The Prometheus that receives k6's remote write and scrapes podinfo", type: "datasource", pluginId: "prometheus", pluginName: "Prometheus" },
    ],
    uid: "continuous-load",
    title: "Continuous Load",
    description: "Generated by scripts/generate-observability.ts from src/observability/; do not edit by hand. Rows: see docs/observability.md.",
    tags: ["continuous-load", "k6", "slo"],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    timezone: "browser",
    refresh: "1m",
    time: { from: "now-6h", to: "now" },
    templating: {
      list: [
        { type: "datasource", name: "datasource", label: "Data source", query: "prometheus", current: { text: "${DS_PROMETHEUS}", value: "${DS_PROMETHEUS}" }, hide: 0 },
        queryVariable("cluster", "Cluster", "The runners' cluster tag (TAGS=cluster=...); series without one match All.", `label_values(${PROBES}, cluster)`),
        customVariable("testid", "Runs", "24/7 runners only (the SLO's view), or finite k6-operator TestRuns (testid) as well.", [
          { text: "24/7 runners", value: "^$" },
          { text: "all runs", value: ".*" },
        ]),
        queryVariable(
          "namespace",
          "Namespace",
          "Namespace of the podinfo pods (server-side row only; the k6 series' own namespace tag is the runners' namespace). Defaults to podinfo's namespace in the overlays: other apps export the same metric name.",
          `label_values(${SERVER_DURATION}_count, namespace)`,
          serverNamespace(config),
        ),
        queryVariable("protocol", "Protocol", "http, grpc, tcp, dns", `label_values(${REQUESTS}, protocol)`),
        queryVariable("target", "Target", "Target name from the load configuration (= k6 scenario).", `label_values(${REQUESTS}{protocol=~"$protocol"}, target)`),
        queryVariable("pod", "Runner pod", "k6 runner pod (the runner adds the pod tag to every series).", `label_values(${REQUESTS}{target=~"$target"}, pod)`),
        queryVariable("zone", "Source zone", "Zone of the runner pod's node (the runner adds the zone tag; unknown when the cluster does not say).", `label_values(${REQUESTS}{target=~"$target"}, zone)`),
        queryVariable("path", "Path", "The target's network path: service (cluster IP), pod (pod IPs from a headless Service), external.", `label_values(${REQUESTS}{target=~"$target"}, path)`),
      ],
    },
    // When an alert fired, on every time series panel: the graphs then show what the alert saw.
    annotations: {
      list: [
        {
          name: "Continuous Load alerts",
          datasource: { type: "prometheus", uid: "${datasource}" },
          enable: true,
          hide: false,
          iconColor: "red",
          expr: FIRING_ALERTS,
          step: "1m",
          titleFormat: "{{alertname}}",
          textFormat: "{{severity}} {{cluster}} {{target}} {{pod}}",
          tagKeys: "severity,target",
          useValueForTime: false,
        },
      ],
    },
    links: [{ title: "Runbooks", type: "link", url: config.runbookBaseUrl, targetBlank: true, asDropdown: false, icon: "doc", includeVars: false, keepTime: false, tags: [], tooltip: "Runbook of every alert" }],
    panels: layout.panels,
  };
}


/** The podinfo namespace named in networkShare.serverMatcher (`namespace="..."`), the namespace variable's default. */
function serverNamespace(config: ObservabilityConfig): string | undefined {
  return /namespace="([^"]+)"/.exec(config.networkShare.serverMatcher)?.[1];
}

/** The first row: is the network OK, and if not, where (stat panels and the firing alerts). */
function overviewRow(config: ObservabilityConfig, layout: Layout): void {
  const slo = [PROJECT, SLO_VALID];
  const stat = (unit: string, steps: { color: string; value: number | null }[]): FieldConfig => ({
    defaults: { unit, thresholds: { mode: "absolute", steps }, color: { mode: "thresholds" } },
    overrides: [],
  });
  const statOptions = { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, colorMode: "background", graphMode: "none", textMode: "value" };
  const objective = config.defaults.availability.objective;
  layout.row("Overview: is the network OK, and if not, where");
  layout.add(
    {
      type: "stat",
      title: "Success, last hour (24/7 positive probes)",
      description: `Good probes / all probes over the last hour, all selected targets together (k6_cl_probes_total counts every probe). Red below the default objective (${objective}).`,
      targets: [instantTarget("A", `sum(increase(${sel(REQUESTS, ...slo, `result="ok"`)}[1h])) / sum(increase(${sel(PROBES, ...slo)}[1h]))`)],
      fieldConfig: stat("percentunit", [{ color: "red", value: null }, { color: "green", value: objective }]),
      options: statOptions,
    },
    6,
    4,
  );
  layout.add(
    {
      type: "stat",
      title: "Targets below their availability objective (last hour)",
      description: "Targets whose success over the last hour is under their own objective (objectives.ts); the SLO row says which.",
      targets: [instantTarget("A", `count(\n(${sliRatio("availability", "1h", "increase")})\n< on (${SLI_LABELS})\n(${objectiveExpr(config, "availability")})\n) or vector(0)`)],
      fieldConfig: stat("short", [{ color: "green", value: null }, { color: "red", value: 1 }]),
      options: statOptions,
    },
    6,
    4,
  );
  layout.add(
    {
      type: "stat",
      title: "Firing alerts",
      description: "Continuous Load alerts firing now (Prometheus' ALERTS series); the table lists them.",
      targets: [instantTarget("A", `count(${FIRING_ALERTS}) or vector(0)`)],
      fieldConfig: stat("short", [{ color: "green", value: null }, { color: "orange", value: 1 }]),
      options: statOptions,
    },
    6,
    4,
  );
  layout.add(
    {
      type: "stat",
      title: "Runner pods reporting",
      description: "k6 runner pods writing k6_vus now; a drop means a pod is gone (ClRunnerMissing).",
      targets: [instantTarget("A", `count(group by (pod) (${sel(VUS, RUNS, `pod=~"$pod"`)}))`)],
      fieldConfig: stat("short", [{ color: "blue", value: null }]),
      options: statOptions,
    },
    6,
    4,
  );
  layout.add(
    {
      type: "table",
      title: "Firing alerts: which target, pod or policy",
      description: "Every Continuous Load alert firing now, with its labels; runbooks: docs/observability.md.",
      targets: [instantTarget("A", `sort_desc(${FIRING_ALERTS})`)],
      fieldConfig: tableFieldConfig(),
      options: TABLE_OPTIONS,
      transformations: [{ id: "organize", options: { excludeByName: { Time: true, Value: true, __name__: true, alertstate: true } } }],
    },
    24,
    6,
  );
}

/** k6's own HTTP timings per target (native histograms): where the time goes, as blackbox-exporter's phases show. */
function httpPhaseRow(layout: Layout): void {
  const matchers = `${RUNS}, scenario=~"$target", pod=~"$pod", zone=~"$zone"`;
  layout.row("HTTP phases (k6's own timings, p95 by target)", { collapsed: true });
  for (const phase of HTTP_PHASES) {
    layout.add(
      {
        type: "timeseries",
        title: `HTTP ${phase.title} p95 by target`,
        description: `${phase.description} (${phase.series}, a native histogram per target = scenario).`,
        targets: [rangeTarget("A", `histogram_quantile(0.95, sum by (scenario) (rate(${sel(phase.series, matchers)}[${RATE}])))`, "{{scenario}}")],
        fieldConfig: timeseriesFieldConfig("s"),
        options: TIMESERIES_OPTIONS,
      },
      6,
      7,
    );
  }
}
