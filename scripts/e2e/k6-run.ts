// Runs k6 (directly, or through the runner's own start script) with a JSON output of every sample, bounded in
// time, and reads the per-target results back.
import { existsSync, readFileSync } from "node:fs";
import type { SpawnOptions } from "node:child_process";
import { parseK6Json, type K6Results } from "./k6-json.ts";
import { runBounded, type RunResult } from "./processes.ts";

export interface K6Run extends RunResult {
  results: K6Results;
}

function readResults(jsonFile: string): K6Results {
  return parseK6Json(existsSync(jsonFile) ? readFileSync(jsonFile, "utf8").split("\n") : []);
}

/** `k6 run --out json=FILE <bundle>`; the configuration comes in through `env`. */
export async function runK6(k6: string, bundle: string, jsonFile: string, env: Record<string, string>, timeoutMs: number, options: SpawnOptions = {}): Promise<K6Run> {
  const run = await runBounded(k6, ["run", "--no-usage-report", `--out=json=${jsonFile}`, bundle], timeoutMs, { ...options, env });
  return { ...run, results: readResults(jsonFile) };
}

/** `sh run-k6.sh --out json=FILE`: the runner script adds its 24/7 flags and remote write; K6_SCRIPT names the bundle. */
export async function runRunnerScript(script: string, jsonFile: string, env: Record<string, string>, timeoutMs: number, options: SpawnOptions = {}): Promise<K6Run> {
  const run = await runBounded("sh", [script, `--out=json=${jsonFile}`], timeoutMs, { ...options, env });
  return { ...run, results: readResults(jsonFile) };
}
