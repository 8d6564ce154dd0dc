// The checks themselves, in order, against the podinfo and Prometheus started here. Each check reports its
// line as soon as it is known; the per-target tables are collected for the end.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultTargets } from "../../src/config/defaults.ts";
import { ENV_VARIABLES } from "../../src/config/env-variables.ts";
import type { Target } from "../../src/config/types.ts";
import { PATHS } from "../../src/observability/render.ts";
import type { CheckResult } from "./check-line.ts";
import type { TargetStats } from "./k6-json.ts";
import { k6Environment } from "./k6-env.ts";
import { runK6, runRunnerScript, type K6Run } from "./k6-run.ts";
import { parseMetricContract } from "./metric-contract.ts";
import { startPodinfo, type PodinfoPorts } from "./podinfo.ts";
import { freePort, portIsFree } from "./ports.ts";
import { startPrometheus, type Prometheus } from "./prometheus.ts";
import { ruleExprs, ruleFile } from "./rule-exprs.ts";
import { checkSeries } from "./series-check.ts";
import { absentSeriesVerdict, badInputVerdict, defaultsVerdict, faultInjectionVerdict, rulesVerdict, runnerVerdict, scenarioVerdict, seriesVerdict, type RuleOutcome } from "./verdicts.ts";
import { sleep, waitUntil } from "./wait.ts";

export interface RunTable {
  title: string;
  stats: TargetStats[];
}

export interface ChecksContext {
  root: string;
  bundle: string;
  work: string;
  tools: { k6: string; podinfo: string; prometheus: string };
  isolated: boolean;
  hostname: string;
  report(result: CheckResult): void;
  tables: RunTable[];
}

/** Long enough for every default target to be judged on ~20 probes, short enough to run often. */
const RUN_SECONDS = 20;
const FAULT_SECONDS = 10;
/** k6 needs the run, up to 30 s of graceful stop, and its start-up. */
const k6Bound = (seconds: number): number => (seconds + 60) * 1000;
const MIN_OK_PERCENT = 99;
/** A target probed far less often than its rate (1/s) is broken even if every probe passed. */
const MIN_PROBES = Math.floor(RUN_SECONDS * 0.75);

const RUNNER = { POD_NAME: "e2e-runner-0", POD_NAMESPACE: "e2e", NODE_NAME: "e2e-node", ZONE: "e2e-zone", RUNNER_REPLICAS: "1", POD_INDEX: "0" };

function tableOf(title: string, stats: Iterable<TargetStats>, order: readonly string[]): RunTable {
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  return { title, stats: [...stats].sort((a, b) => rank(a.target) - rank(b.target) || a.target.localeCompare(b.target)) };
}

export async function runChecks(ctx: ChecksContext): Promise<void> {
  const defaults = defaultTargets("127.0.0.1");
  const names = defaults.map((t) => t.name);
  const configVariables = ENV_VARIABLES.map((v) => v.name);
  const env = (settings: Record<string, string>): Record<string, string> => k6Environment(process.env, configVariables, settings);
  const dirs = { podinfo: join(ctx.work, "podinfo"), prometheus: join(ctx.work, "prometheus"), k6: join(ctx.work, "k6") };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  // The defaults probe 127.0.0.1:9898 (HTTP) and :9999 (gRPC): podinfo takes exactly those.
  const ports: PodinfoPorts = { http: 9898, grpc: 9999, metrics: ctx.isolated ? 9797 : await freePort() };
  for (const port of [ports.http, ports.grpc]) {
    if (!(await portIsFree(port))) throw new Error(`127.0.0.1:${port} is taken (another podinfo?): stop it, or run the e2e as root for a private loopback`);
  }
  const podinfo = await startPodinfo(ctx.tools.podinfo, ports, dirs.podinfo);
  const rulesYaml = readFileSync(join(ctx.root, PATHS.rules), "utf8");
  const prometheus = await startPrometheus(ctx.tools.prometheus, await freePort(), dirs.prometheus, ruleFile(rulesYaml));
  console.log(`e2e: podinfo on 127.0.0.1:${ports.http} (gRPC ${ports.grpc}, metrics ${ports.metrics}), prometheus at ${prometheus.writeUrl}`);

  // 1. The bundle on defaults.
  console.log(`e2e: the bundle on defaults for ${RUN_SECONDS} s ...`);
  const plain = await runK6(ctx.tools.k6, ctx.bundle, join(dirs.k6, "defaults.json"), env({ DURATION: `${RUN_SECONDS}s` }), k6Bound(RUN_SECONDS), { cwd: dirs.k6 });
  ctx.report(defaultsVerdict(plain, names, MIN_OK_PERCENT, MIN_PROBES));
  ctx.tables.push(tableOf(`defaults, ${RUN_SECONDS} s (k6 run build/load.js)`, plain.results.targets.values(), names));

  // 1b. The shipped scenario (src/scenarios/token-roundtrip.ts): POST /token, GET /token/validate, gRPC echo.
  const scenario: Target = { name: "token-roundtrip", protocol: "scenario", scenario: "token-roundtrip", host: "127.0.0.1" };
  console.log(`e2e: the scenario ${scenario.name} for ${RUN_SECONDS} s ...`);
  const scenarioRun = await runK6(ctx.tools.k6, ctx.bundle, join(dirs.k6, "scenario.json"), env({ DURATION: `${RUN_SECONDS}s`, TARGETS: JSON.stringify([scenario]) }), k6Bound(RUN_SECONDS), { cwd: dirs.k6 });
  ctx.report(scenarioVerdict(scenarioRun, scenario.name, MIN_OK_PERCENT, MIN_PROBES));
  ctx.tables.push(tableOf(`scenario ${scenario.name}, ${RUN_SECONDS} s`, scenarioRun.results.targets.values(), [scenario.name]));

  // 2. A bad input: nothing may reach podinfo.
  const before = await podinfo.requestCount();
  const bad = await runK6(ctx.tools.k6, ctx.bundle, join(dirs.k6, "bad-input.json"), env({ RATE: "-1", DURATION: `${RUN_SECONDS}s` }), k6Bound(RUN_SECONDS), { cwd: dirs.k6 });
  ctx.report(badInputVerdict(bad, "RATE", before, await podinfo.requestCount()));

  // 3. podinfo's fault injection: every application route answers 500.
  const contract = parseMetricContract(readFileSync(join(ctx.root, "docs", "metrics.md"), "utf8"));
  const reasons = contract.flatMap((c) => c.labels).find((l) => l.name === "reason")?.values ?? [];
  console.log(`e2e: the bundle under podinfo's fault injection for ${FAULT_SECONDS} s ...`);
  await podinfo.setFaultInjection(true);
  let faulty: K6Run;
  try {
    faulty = await runK6(ctx.tools.k6, ctx.bundle, join(dirs.k6, "fault.json"), env({ DURATION: `${FAULT_SECONDS}s` }), k6Bound(FAULT_SECONDS), { cwd: dirs.k6 });
  } finally {
    await podinfo.setFaultInjection(false);
  }
  const httpTargets = defaults.filter((t) => t.protocol === "http").map((t) => t.name);
  ctx.report(faultInjectionVerdict(faulty, httpTargets, reasons));
  ctx.tables.push(tableOf(`fault injection, ${FAULT_SECONDS} s`, faulty.results.targets.values(), names));

  // 4. The 24/7 runner script with remote write, plus one negative probe so the expect/sibling labels arrive too.
  await runnerChecks(ctx, prometheus, defaults, contract, dirs.k6, env, rulesYaml);
}

async function runnerChecks(
  ctx: ChecksContext,
  prometheus: Prometheus,
  defaults: Target[],
  contract: ReturnType<typeof parseMetricContract>,
  k6Dir: string,
  env: (settings: Record<string, string>) => Record<string, string>,
  rulesYaml: string,
): Promise<void> {
  const negative: Target = { name: "tcp-closed-port", protocol: "tcp", host: "127.0.0.1", port: await freePort(), expect: "blocked", sibling: "tcp-http-port" };
  const targets = [...defaults, negative];
  const names = targets.map((t) => t.name);
  console.log(`e2e: k8s/base/files/run-k6.sh with remote write for ${RUN_SECONDS} s (defaults plus the negative probe ${negative.name}) ...`);
  const started = Date.now();
  const runner = await runRunnerScript(
    join(ctx.root, "k8s", "base", "files", "run-k6.sh"),
    join(k6Dir, "runner.json"),
    env({
      ...RUNNER,
      K6_SCRIPT: ctx.bundle,
      K6_PROMETHEUS_RW_SERVER_URL: prometheus.writeUrl,
      DURATION: `${RUN_SECONDS}s`,
      TARGETS: JSON.stringify(targets),
    }),
    k6Bound(RUN_SECONDS),
    { cwd: k6Dir },
  );
  ctx.report(runnerVerdict(runner, names, /run-k6\.sh: pod e2e-runner-0 \(index 0 of 1\)/));
  ctx.tables.push(tableOf(`24/7 runner, ${RUN_SECONDS} s (run-k6.sh, remote write)`, runner.results.targets.values(), names));

  // k6 pushes its last samples as it stops; give Prometheus a bounded moment to have every target.
  await waitUntil("remote-written series", 20_000, async () => {
    const series = await prometheus.series(contract[0]?.series ?? "k6_cl_requests_total");
    return names.every((name) => series.some((labels) => labels.target === name));
  }).catch(() => undefined);
  const context = {
    targets: names,
    negativeTargets: new Set([negative.name]),
    expectedValues: {
      target: names,
      scenario: names,
      sibling: names,
      dest_pod: [ctx.hostname, "unknown", "other"],
      pod: [RUNNER.POD_NAME],
      node: [RUNNER.NODE_NAME],
      zone: [RUNNER.ZONE],
      namespace: [RUNNER.POD_NAMESPACE],
    },
  };
  for (const series of contract) {
    const labelSets = await prometheus.series(series.series);
    ctx.report(series.continuous ? seriesVerdict(checkSeries(series, labelSets, context), names.length) : absentSeriesVerdict(series.series, labelSets.length));
  }

  // Let every rule group evaluate at least twice (every 2 s) over the data that arrived.
  await sleep(Math.max(0, 5_000 - (Date.now() - started - RUN_SECONDS * 1000)));
  const exprs = ruleExprs(rulesYaml);
  const health = await prometheus.rules();
  const loaded = health.length;
  const outcomes: RuleOutcome[] = [];
  for (const rule of exprs) {
    const index = health.findIndex((h) => h.group === rule.group && h.name === rule.name);
    const loaded = index >= 0 ? health.splice(index, 1)[0] : undefined;
    let query: RuleOutcome["query"];
    try {
      query = { samples: await prometheus.query(rule.expr) };
    } catch (error) {
      query = { error: error instanceof Error ? error.message : String(error) };
    }
    outcomes.push({ name: `${rule.group}/${rule.name}`, health: loaded?.health ?? "not loaded", lastError: loaded?.lastError ?? "", query });
  }
  ctx.report(rulesVerdict(outcomes, loaded));
}
