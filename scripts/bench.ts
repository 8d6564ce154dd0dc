// Purpose: measure what the engine costs on real k6 against a minimal hand-written k6 script doing the same
//          exchange with one check, per protocol, against a real podinfo on loopback: steady-state CPU per probe
//          (equal VU pools, CPU read from /proc over a window that starts after init), the kernel's part of it
//          and the Go GC's (GODEBUG=gctrace=1), peak RSS, memory per initialised VU, and at the engine's default VU
//          sizing the VUs started, the achieved rate and dropped iterations (also for a target whose probes slow
//          down).
//          Same binary, flags and GOMAXPROCS as the 24/7 runner (k8s/base/files/run-k6.sh,
//          statefulset-k6-runner.yaml); side by side on separate cores (taskset).
// Prerequisites: npm ci; npm run build; `k6` (with k6/x/dns and k6/x/tcp) and `podinfo` on PATH; GNU time at
//          /usr/bin/time. Without them it prints what is missing and "bench: SKIPPED", exit 0.
//          BENCH_INSTRUCTIONS=1 also counts user-space instructions per probe with valgrind's callgrind
//          (apt-get install valgrind): steady, where CPU time moves by 10% between runs; about 4 minutes a protocol.
// Usage: npm run bench
//   BENCH_SECONDS=10 BENCH_REPEATS=3 BENCH_PROTOCOLS=http,grpc,tcp,dns BENCH_MEMORY_VUS=200 BENCH_POOL=10
//   BENCH_ENGINE=build/load.js (another bundle, e.g. an older build, to compare) BENCH_SKIP=cpu,memory,sizing,slow
//   BENCH_INSTRUCTIONS=1 BENCH_INSTRUCTION_SECONDS=40
//   TCP to within a few hundredths: BENCH_PROTOCOLS=tcp BENCH_REPEATS=100 BENCH_SECONDS=5 BENCH_SKIP=memory,sizing,slow
//   (a k6 process keeps its own CPU level for its whole run: more runs narrow the interval, longer ones do not)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { collectedInstructions, javaScriptInstructions, marginalPerProbe, selfInstructions } from "./bench/callgrind.ts";
import { benchCases, engineEnv, minimalScript, type BenchCase, type VuPool } from "./bench/cases.ts";
import { gcCycles, gcInWindow, withoutGcTrace } from "./bench/gc-trace.ts";
import { countRun, okPercent, type RunCounts } from "./bench/k6-json.ts";
import { GNU_TIME, isExecutable, onPath, runTimed, startPodinfo, type Podinfo, type TimedRun } from "./bench/processes.ts";
import { CPU_RATIO_COLUMNS, cpuRatioCells, cpuRatios } from "./bench/cpu-ratios.ts";
import { engineLabel, repeatLine, type CpuRepeat, type CpuSample } from "./bench/saved-output.ts";
import { achievedPercent, cpuPerProbeUs, median, memoryPerVuMb, ratio } from "./bench/stats.ts";
import { fixed, markdownTable } from "./bench/table.ts";

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 10);
/** The CPU window opens this long after k6 starts (init, VUs created, first GCs) and closes a second before it ends. */
const WARMUP_SECONDS = 3;
const REPEATS = Number(env.BENCH_REPEATS ?? 3);
const MEMORY_VUS = Number(env.BENCH_MEMORY_VUS ?? 200);
const POOL: VuPool = { preAllocatedVUs: Number(env.BENCH_POOL ?? 10), maxVUs: Number(env.BENCH_POOL ?? 10) };
const ENGINE = resolve(env.BENCH_ENGINE ?? "build/load.js");
const SKIP = new Set((env.BENCH_SKIP ?? "").split(",").filter((s) => s !== ""));
const PORTS = { http: 19898, grpc: 19999, metrics: 19797 };
const INSTRUCTIONS = env.BENCH_INSTRUCTIONS === "1";
const INSTRUCTION_SECONDS = Number(env.BENCH_INSTRUCTION_SECONDS ?? 40);
/** Two rates slow enough for k6 under valgrind (some 50 times slower): their difference is the cost of probes. */
const INSTRUCTION_RATES = [10, 30] as const;
/** podinfo answering in 20-50 ms (within the pre-allocated VUs' allowance) and in 100-150 ms (beyond it). */
const SLOW_PORTS = { http: 19899, grpc: 19998, metrics: 19796 };
const SLOWER_PORTS = { http: 19900, grpc: 19997, metrics: 19795 };
/** The 24/7 runner's flags (run-k6.sh), minus its segments, tags and remote write. */
const RUNNER_FLAGS = ["--summary-mode=disabled", "--no-thresholds", "--no-usage-report", "--quiet"];
/** The runner's Go scheduler: its StatefulSet sets GOMAXPROCS from limits.cpu (500m, rounded up to 1). */
const RUNNER_ENV = { GOMAXPROCS: "1" };
/**
 * Side by side, each script gets a core of its own (and they swap cores every repeat): without it the two k6
 * processes and everything else on the machine share both cores, and one pair's ratio moved by 5-10%.
 */
const taskset = onPath("taskset");
const PIN = taskset !== undefined && availableParallelism() >= 2;

const missing: string[] = [];
const k6 = onPath("k6");
const podinfo = onPath("podinfo");
const valgrind = onPath("valgrind");
const callgrindAnnotate = onPath("callgrind_annotate");
if (k6 === undefined) missing.push("k6 (with k6/x/dns and k6/x/tcp) on PATH");
if (podinfo === undefined) missing.push("podinfo on PATH");
if (!isExecutable(GNU_TIME)) missing.push(`GNU time at ${GNU_TIME}`);
try {
  statSync(ENGINE);
} catch {
  missing.push(`${ENGINE} (npm run build)`);
}
if (k6 === undefined || podinfo === undefined || missing.length > 0) {
  console.log(`bench: missing ${missing.join("; ")}`);
  console.log("bench: SKIPPED");
  process.exit(0);
}

const protocols = new Set((env.BENCH_PROTOCOLS ?? "http,grpc,tcp,dns").split(","));
const cases = benchCases("127.0.0.1", PORTS).filter((c) => protocols.has(c.protocol));
const work = mkdtempSync(join(tmpdir(), "cl-bench-"));
let runCount = 0;

type Script = "engine" | "minimal";

interface RunSpec {
  script: Script;
  benchCase: BenchCase;
  seconds: number;
  pool: VuPool | undefined;
  rate?: number;
  json?: boolean;
  /** Run WARMUP_SECONDS longer and read the CPU used in the `seconds` after them. */
  cpuWindow?: boolean;
  /** The core to pin k6 to (when PIN). */
  core?: number;
}

/**
 * The script a run executes and its environment: the engine's bundle reads its target from the environment
 * (without a pool, its own VU sizing); the minimal script is written out with its target inside.
 */
function scriptFor(script: Script, id: number, benchCase: BenchCase, seconds: number, pool: VuPool | undefined, rate?: number): { scriptPath: string; scriptEnv: Record<string, string> } {
  if (script === "engine") return { scriptPath: ENGINE, scriptEnv: engineEnv(benchCase, seconds, pool, rate) };
  const scriptPath = join(work, `minimal-${id}.js`);
  writeFileSync(scriptPath, minimalScript(benchCase, seconds, pool ?? POOL, rate));
  return { scriptPath, scriptEnv: {} };
}

async function runK6(spec: RunSpec): Promise<TimedRun & { counts?: RunCounts }> {
  const id = ++runCount;
  const timeFile = join(work, `time-${id}.txt`);
  const jsonFile = join(work, `out-${id}.json`);
  const flags = [...RUNNER_FLAGS, ...(spec.json === true ? [`--out=json=${jsonFile}`] : [])];
  const runSeconds = spec.cpuWindow === true ? WARMUP_SECONDS + spec.seconds + 1 : spec.seconds;
  const { scriptPath, scriptEnv: targetEnv } = scriptFor(spec.script, id, spec.benchCase, runSeconds, spec.pool, spec.rate);
  // A line per GC cycle on stderr: the CPU table splits the collector's share off (./bench/gc-trace.ts).
  const scriptEnv = { ...RUNNER_ENV, ...(spec.cpuWindow === true ? { GODEBUG: "gctrace=1" } : {}), ...targetEnv };
  const window = spec.cpuWindow === true ? { fromMs: WARMUP_SECONDS * 1000, toMs: (WARMUP_SECONDS + spec.seconds) * 1000 } : undefined;
  const k6Args = ["run", ...flags, scriptPath];
  // taskset execs k6 in its own process: GNU time's child is still k6, so the CPU window reads k6 itself.
  const [command, args] = PIN && spec.core !== undefined ? [taskset as string, ["-c", String(spec.core), k6 as string, ...k6Args]] : [k6 as string, k6Args];
  const run = await runTimed(command, args, scriptEnv, timeFile, (runSeconds + 60) * 1000, window);
  if (run.exitCode !== 0) throw new Error(`k6 ${spec.script} ${spec.benchCase.protocol} exited ${run.exitCode}:\n${withoutGcTrace(run.stderr).slice(0, 3000)}`);
  if (spec.json !== true) return run;
  const counts = countRun(readFileSync(jsonFile, "utf8"));
  rmSync(jsonFile);
  return { ...run, counts };
}

const mb = (kb: number) => kb / 1024;

async function cpuTable(): Promise<string> {
  const rows: string[][] = [];
  for (const c of cases) {
    // The two scripts of a repeat share its window, so their ratio leaves out what moved the machine.
    const repeats: CpuRepeat[] = [];
    const liveMb: Record<Script, number[]> = { engine: [], minimal: [] };
    const rss: Record<Script, number[]> = { engine: [], minimal: [] };
    for (let r = 0; r < REPEATS; r++) {
      const scripts = ["engine", "minimal"] as const;
      const runs = await Promise.all(scripts.map((script, i) => runK6({ script, benchCase: c, seconds: SECONDS, pool: POOL, cpuWindow: true, core: (r + i) % 2 })));
      const [engine, minimal] = scripts.map((script, i) => {
        const run = runs[i] as TimedRun;
        const gc = gcInWindow(gcCycles(run.stderr), WARMUP_SECONDS, WARMUP_SECONDS + SECONDS);
        liveMb[script].push(gc.liveMb);
        rss[script].push(run.maxRssKb);
        return {
          total: cpuPerProbeUs(run.windowCpuSeconds as number, c.ratePerSecond, SECONDS),
          kernel: cpuPerProbeUs(run.windowSystemSeconds as number, c.ratePerSecond, SECONDS),
          gc: cpuPerProbeUs(gc.cpuSeconds, c.ratePerSecond, SECONDS),
        };
      }) as [CpuSample, CpuSample];
      repeats.push({ protocol: c.protocol, engine, minimal });
      console.error(repeatLine(repeats.at(-1) as CpuRepeat, r + 1));
    }
    rows.push([
      `${c.protocol} ${c.ratePerSecond}/s`,
      ...cpuRatioCells(cpuRatios(repeats)),
      `${fixed(median(liveMb.engine), 0)} / ${fixed(median(liveMb.minimal), 0)}`,
      `${fixed(mb(median(rss.engine)), 0)} / ${fixed(mb(median(rss.minimal)), 0)}`,
    ]);
    console.error(`bench: cpu ${c.protocol} done`);
  }
  return markdownTable(
    ["protocol", ...CPU_RATIO_COLUMNS.map(([, header]) => header), "live heap MB engine / minimal", `peak RSS MB engine / minimal (${POOL.maxVUs} VUs)`],
    rows,
  );
}

async function sizingTable(slow: ReadonlyArray<readonly [string, BenchCase]>): Promise<string> {
  const rows: string[][] = [];
  for (const [label, c] of [...cases.map((c) => ["", c] as const), ...slow]) {
    const engine = await runK6({ script: "engine", benchCase: c, seconds: SECONDS, pool: undefined, json: true });
    const counts = engine.counts as RunCounts;
    const minimal = (await runK6({ script: "minimal", benchCase: c, seconds: 3, pool: POOL, json: true })).counts as RunCounts;
    rows.push([
      `${c.protocol} ${c.ratePerSecond}/s${label}`,
      String(counts.maxVUs),
      fixed(achievedPercent(counts.iterations, c.ratePerSecond, SECONDS), 2),
      String(counts.dropped),
      `${fixed(okPercent(counts), 2)} / ${fixed(okPercent(minimal), 2)}`,
      fixed(mb(engine.maxRssKb), 0),
    ]);
    console.error(`bench: sizing ${c.protocol}${label} done`);
  }
  return markdownTable(["target (engine, default VU sizing)", "VUs started", "achieved % of rate", "dropped iterations", "probes ok % engine / minimal", "peak RSS MB (with --out json)"], rows);
}

async function memoryTable(): Promise<string> {
  const http = cases.find((c) => c.protocol === "http") ?? cases[0];
  if (http === undefined) return "(no case)";
  const rows: string[][] = [];
  const perVu: Record<Script, number> = { engine: 0, minimal: 0 };
  for (const script of ["engine", "minimal"] as const) {
    const one: number[] = [];
    const many: number[] = [];
    for (let r = 0; r < Math.max(2, REPEATS - 1); r++) {
      one.push((await runK6({ script, benchCase: http, seconds: 3, rate: 1, pool: { preAllocatedVUs: 1, maxVUs: 1 } })).maxRssKb);
      many.push((await runK6({ script, benchCase: http, seconds: 3, rate: 1, pool: { preAllocatedVUs: MEMORY_VUS, maxVUs: MEMORY_VUS } })).maxRssKb);
    }
    perVu[script] = memoryPerVuMb(median(many), median(one), MEMORY_VUS);
    rows.push([script, fixed(mb(median(one)), 1), fixed(mb(median(many)), 1), fixed(perVu[script], 3)]);
  }
  rows.push(["engine / minimal", "", "", fixed(ratio(perVu.engine, perVu.minimal), 2)]);
  return markdownTable(["script (http, 1/s, 3 s)", "peak RSS MB, 1 VU", `peak RSS MB, ${MEMORY_VUS} VUs`, "MB per VU"], rows);
}

/** User-space instructions of one run of `script` under callgrind: all of them, and k6's JavaScript runtime's. */
async function countInstructions(script: Script, benchCase: BenchCase, rate: number): Promise<{ total: number; javaScript: number }> {
  const id = ++runCount;
  const outFile = join(work, `callgrind-${id}.out`);
  // Go's asynchronous preemption off: a signal per 10 ms of a running goroutine, which under valgrind's slowdown
  // would come some 50 times more often per instruction than natively. The GC off: its count moved by 5% between
  // runs of the same script (a handful of cycles per run); the CPU table gives its share.
  const { scriptPath, scriptEnv: targetEnv } = scriptFor(script, id, benchCase, INSTRUCTION_SECONDS, POOL, rate);
  const scriptEnv = { ...RUNNER_ENV, GODEBUG: "asyncpreemptoff=1", GOGC: "off", ...targetEnv };
  const args = ["--tool=callgrind", `--callgrind-out-file=${outFile}`, k6 as string, "run", ...RUNNER_FLAGS, scriptPath];
  const run = await runTimed(valgrind as string, args, scriptEnv, join(work, `time-${id}.txt`), (INSTRUCTION_SECONDS + 300) * 1000);
  if (run.exitCode !== 0) throw new Error(`k6 ${script} ${benchCase.protocol} under callgrind exited ${run.exitCode}:\n${run.stderr.slice(-3000)}`);
  const annotated = execFileSync(callgrindAnnotate as string, ["--inclusive=no", "--threshold=100", "--auto=no", outFile], { maxBuffer: 256 * 1024 * 1024 }).toString();
  rmSync(outFile);
  return { total: collectedInstructions(run.stderr), javaScript: javaScriptInstructions(selfInstructions(annotated)) };
}

async function instructionsTable(): Promise<string> {
  const rows: string[][] = [];
  const [slowRate, fastRate] = INSTRUCTION_RATES;
  for (const c of cases) {
    const perProbe = { engine: { total: 0, javaScript: 0 }, minimal: { total: 0, javaScript: 0 } };
    for (const script of ["engine", "minimal"] as const) {
      const slow = await countInstructions(script, c, slowRate);
      const fast = await countInstructions(script, c, fastRate);
      perProbe[script] = {
        total: marginalPerProbe(slow.total, fast.total, slowRate, fastRate, INSTRUCTION_SECONDS),
        javaScript: marginalPerProbe(slow.javaScript, fast.javaScript, slowRate, fastRate, INSTRUCTION_SECONDS),
      };
    }
    const { engine, minimal } = perProbe;
    rows.push([
      c.protocol,
      `${fixed(engine.total / 1000, 0)} / ${fixed(minimal.total / 1000, 0)}`,
      fixed(ratio(engine.total, minimal.total), 3),
      `${fixed(engine.javaScript / 1000, 1)} / ${fixed(minimal.javaScript / 1000, 1)}`,
    ]);
    console.error(`bench: instructions ${c.protocol} done`);
  }
  return markdownTable(["protocol", "k instructions/probe engine / minimal", "engine/minimal", "of which JavaScript runtime (k) engine / minimal"], rows);
}

const servers: Podinfo[] = [];
try {
  console.log(
    `bench: ${k6}, ${podinfo}; ${engineLabel(ENGINE, statSync(ENGINE).size, createHash("sha256").update(readFileSync(ENGINE)).digest("hex"))}; CPU over ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, ${REPEATS} repeats, equal pools of ${POOL.maxVUs} VUs; GOMAXPROCS=1 as the runner${PIN ? ", each script on a core of its own" : ""}`,
  );
  servers.push(await startPodinfo(podinfo, PORTS));
  const out: string[] = [];
  if (!SKIP.has("cpu")) out.push(`Steady-state CPU per probe (runner flags, equal VU pools, init excluded):\n${await cpuTable()}`);
  if (!SKIP.has("memory")) out.push(`Memory per initialised VU:\n${await memoryTable()}`);
  if (!SKIP.has("sizing")) {
    const slow: Array<readonly [string, BenchCase]> = [];
    if (!SKIP.has("slow") && protocols.has("http")) {
      for (const [ports, min, max] of [[SLOW_PORTS, 20, 50], [SLOWER_PORTS, 100, 150]] as const) {
        servers.push(await startPodinfo(podinfo, ports, ["--random-delay", "--random-delay-unit=ms", `--random-delay-min=${min}`, `--random-delay-max=${max}`]));
        const c = benchCases("127.0.0.1", ports).find((c) => c.protocol === "http");
        if (c !== undefined) slow.push([` (probes ${min}-${max} ms)`, c]);
      }
    }
    out.push(`Default VU sizing (${SECONDS} s runs):\n${await sizingTable(slow)}`);
  }
  if (INSTRUCTIONS) {
    const header = `User-space instructions per probe (callgrind; ${INSTRUCTION_SECONDS} s at ${INSTRUCTION_RATES.join(" and ")} probes/s, the difference over the probes it adds; Go's GC off):`;
    if (valgrind === undefined || callgrindAnnotate === undefined) out.push(`${header}\nskipped: valgrind and callgrind_annotate not on PATH (apt-get install valgrind)`);
    else out.push(`${header}\n${await instructionsTable()}`);
  }
  console.log(`\n${out.join("\n\n")}`);
} finally {
  for (const server of servers) await server.stop();
  rmSync(work, { recursive: true, force: true });
}
