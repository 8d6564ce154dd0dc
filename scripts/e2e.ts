// Purpose: check a real setup end to end. Starts podinfo and a Prometheus (remote-write receiver, native
//   histograms, the generated rules) on loopback in temporary folders, then runs the bundle with a real k6:
//   on defaults, with a bad input, under podinfo's fault injection, and through the 24/7 runner script with remote
//   write; prints one PASS/FAIL line per check and a per-target table per run, computed from k6's own output.
// Prerequisites: k6 v2 with the k6/x/dns and k6/x/tcp extensions, podinfo and prometheus on PATH; npm ci. Without
//   them it names what is missing, prints `e2e: SKIPPED` and exits 0. As root it runs itself in a private network
//   namespace (unshare -n); otherwise podinfo takes 127.0.0.1:9898 and 9999 (its gRPC port binds every interface).
// Usage: npm run e2e        exit 0: every check passed (or SKIPPED); 1: a check failed.
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBundle } from "./e2e/bundle.ts";
import { formatCheck, checkResult, type CheckResult } from "./e2e/check-line.ts";
import { isIsolated, isolationUnavailable, rerunIsolated } from "./e2e/isolation.ts";
import { runChecks, type RunTable } from "./e2e/run-checks.ts";
import { stopAll, stopAllOnSignals, runBounded } from "./e2e/processes.ts";
import { formatTable } from "./e2e/table.ts";
import { findOnPath, k6VersionProblems, REQUIRED_TOOLS } from "./e2e/tools.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function locateTools(): Promise<{ tools: Record<(typeof REQUIRED_TOOLS)[number], string>; missing: string[] }> {
  const tools = {} as Record<(typeof REQUIRED_TOOLS)[number], string>;
  const missing: string[] = [];
  for (const name of REQUIRED_TOOLS) {
    const path = findOnPath(name, process.env.PATH, isExecutable);
    if (path === undefined) missing.push(`${name} (not on PATH)`);
    else tools[name] = path;
  }
  if (tools.k6 !== undefined) {
    const version = await runBounded(tools.k6, ["version"], 30_000);
    missing.push(...k6VersionProblems(`${version.stdout}${version.stderr}`));
  }
  return { tools, missing };
}

async function main(): Promise<number> {
  const { tools, missing } = await locateTools();
  if (missing.length > 0) {
    console.log(`e2e: missing: ${missing.join(", ")}`);
    console.log("e2e: SKIPPED");
    return 0;
  }
  if (!isIsolated()) {
    const why = isolationUnavailable();
    if (why === undefined) return rerunIsolated(fileURLToPath(import.meta.url), process.argv.slice(2));
    console.log(`e2e: ${why}: using this machine's loopback; podinfo needs 127.0.0.1:9898 and :9999 free`);
  } else {
    console.log("e2e: in a private network namespace (unshare -n)");
  }
  const work = mkdtempSync(join(tmpdir(), "cl-e2e-"));
  stopAllOnSignals(() => rmSync(work, { recursive: true, force: true }));
  const checks: CheckResult[] = [];
  const tables: RunTable[] = [];
  const report = (result: CheckResult): void => {
    checks.push(result);
    console.log(formatCheck(result));
  };
  try {
    const bundle = join(root, "build", "load.js");
    console.log(`e2e: ${await ensureBundle(root, bundle)}; k6 ${tools.k6}, podinfo ${tools.podinfo}, prometheus ${tools.prometheus}; work dir ${work}`);
    await runChecks({ root, bundle, work, tools, isolated: isIsolated(), hostname: hostname(), report, tables });
  } catch (error) {
    report(checkResult("e2e setup", "aborted", [error instanceof Error ? error.message : String(error)]));
  } finally {
    await stopAll();
  }

  for (const table of tables) console.log(`\n${table.title}\n${formatTable(table.stats)}`);
  const failed = checks.filter((c) => !c.passed);
  if (failed.length === 0) {
    rmSync(work, { recursive: true, force: true });
    console.log(`\ne2e: PASS (${checks.length} checks)`);
    return 0;
  }
  console.log(`\ne2e: FAIL (${failed.length} of ${checks.length} checks failed; logs and k6 output kept in ${work})`);
  return 1;
}

process.exit(await main());
