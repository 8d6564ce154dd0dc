// The benchmark's pure parts: reading GNU time and k6's JSON output, the arithmetic, the table, and the two
// scripts it compares (the engine's environment must pass the engine's own validation).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { collectedInstructions, javaScriptInstructions, marginalPerProbe, selfInstructions } from "../../scripts/bench/callgrind.ts";
import { benchCases, engineEnv, minimalScript } from "../../scripts/bench/cases.ts";
import { gcCycles, gcInWindow, withoutGcTrace } from "../../scripts/bench/gc-trace.ts";
import { countRun, okPercent } from "../../scripts/bench/k6-json.ts";
import { achievedPercent, cpuPerProbeUs, median, medianInterval, memoryPerVuMb, ratio, ratioOfMeans } from "../../scripts/bench/stats.ts";
import { seededRandom } from "../../scripts/seeded-random.ts";
import { fixed, markdownTable } from "../../scripts/bench/table.ts";
import { childPids, cpuTimesFromStat } from "../../scripts/bench/proc-stat.ts";
import { CPU_RATIO_COLUMNS, cpuRatioCells, cpuRatios } from "../../scripts/bench/cpu-ratios.ts";
import { checkSameBundle, engineLabel, identityFromLog, pooledRepeats, repeatLine, repeatsFromLog, type CpuRepeat } from "../../scripts/bench/saved-output.ts";
import { parseTimeOutput } from "../../scripts/bench/time-output.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { planTargets } from "../../src/options/target-plan.ts";

describe("parseTimeOutput", () => {
  it("adds user and system seconds and keeps the peak RSS", () => {
    assert.deepEqual(parseTimeOutput("1.25 0.50 45678\n"), { cpuSeconds: 1.75, maxRssKb: 45678 });
  });
  it("reads the last line when GNU time noted a non-zero exit first", () => {
    assert.deepEqual(parseTimeOutput("Command exited with non-zero status 99\n0.25 0.50 4000\n"), { cpuSeconds: 0.75, maxRssKb: 4000 });
  });
  it("names unexpected output", () => assert.throws(() => parseTimeOutput("Command terminated by signal 9\n"), /unexpected \/usr\/bin\/time output.*signal 9/));
});

describe("CPU repeat lines, printed by the bench and pooled by bench:pool", () => {
  const tcp: CpuRepeat = { protocol: "tcp", engine: { total: 955, kernel: 310, gc: 84.3 }, minimal: { total: 1060, kernel: 300, gc: 66.8 } };
  it("prints a repeat as one line that reads back as the same repeat", () => {
    const line = repeatLine(tcp, 3);
    assert.equal(line, "bench: cpu tcp repeat 3: engine 955.0 (kernel 310.0, GC 84.3), minimal 1060.0 (kernel 300.0, GC 66.8) µs/probe");
    assert.deepEqual(repeatsFromLog(line), [tcp]);
  });
  it("reads every repeat of a saved run in order, per protocol, and skips progress lines and tables", () => {
    const dns: CpuRepeat = { protocol: "dns", engine: { total: 240, kernel: 15, gc: 14.6 }, minimal: { total: 205, kernel: 25, gc: 14 } };
    const saved = ["bench: podinfo on 127.0.0.1", repeatLine(tcp, 1), "bench: cpu tcp done", `  ${repeatLine(dns, 1)}\r`, "| tcp 200/s | 967.5 | 980.0 |", ""].join("\n");
    assert.deepEqual(repeatsFromLog(saved), [tcp, dns]);
    assert.deepEqual(repeatsFromLog("bench: SKIPPED (no k6 on PATH)"), []);
  });
});

describe("a saved run's header: which k6 and which engine bundle it measured", () => {
  const sha = (c: string) => c.repeat(64);
  const header = (k6: string, bytes: number, digest?: string) =>
    `bench: ${k6}, /usr/bin/podinfo; ${digest === undefined ? `engine build/load.js (${bytes} bytes)` : engineLabel("build/load.js", bytes, digest)}; CPU over 10 s after 3 s of warm-up`;
  it("reads the k6 binary, the bundle's size and its digest back from the header the bench prints", () => {
    assert.deepEqual(identityFromLog(`\n> bench\n${header("/opt/k6", 198741, sha("a"))}\n`), { k6: "/opt/k6", engineBytes: 198741, engineSha256: sha("a") });
    assert.deepEqual(identityFromLog(header("/opt/k6", 198741)), { k6: "/opt/k6", engineBytes: 198741, engineSha256: undefined }, "older outputs: no digest");
    assert.equal(identityFromLog(repeatLine({ protocol: "dns", engine: { total: 1, kernel: 0, gc: 0 }, minimal: { total: 1, kernel: 0, gc: 0 } }, 1)), undefined);
  });
  it("pools runs of one bundle on one k6, comparing digests only where both runs have one", () => {
    const run = (file: string, k6: string, bytes: number, digest?: string) => ({ file, identity: identityFromLog(header(k6, bytes, digest)) });
    assert.doesNotThrow(() => checkSameBundle([run("a.txt", "/k6", 100, sha("a")), run("b.txt", "/k6", 100), run("c.txt", "/k6", 100, sha("a"))]));
    assert.throws(() => checkSameBundle([run("a.txt", "/k6", 100, sha("a")), run("b.txt", "/k6", 100, sha("b"))]), /b\.txt measured another engine bundle \(100 bytes, sha256 bbbbbbbbbbbb\) than a\.txt/);
    assert.throws(() => checkSameBundle([run("a.txt", "/k6", 100), run("b.txt", "/k6", 101)]), /b\.txt measured another engine bundle \(101 bytes\)/);
    assert.throws(
      () => checkSameBundle([run("old.txt", "/k6", 100), run("a.txt", "/k6", 100, sha("a")), run("b.txt", "/k6", 100, sha("b"))]),
      /b\.txt measured another engine bundle \(100 bytes, sha256 bbbbbbbbbbbb\) than a\.txt/,
      "a first run without a digest does not let two different digests through",
    );
    assert.throws(() => checkSameBundle([run("a.txt", "/k6", 100), run("b.txt", "/other/k6", 100)]), /b\.txt ran \/other\/k6, a\.txt \/k6/);
    assert.throws(() => checkSameBundle([run("a.txt", "/k6", 100), { file: "notes.txt", identity: undefined }]), /notes\.txt: no bench header line/);
  });
});

describe("cpuRatios, the bench's CPU columns", () => {
  const repeat = (engine: number, minimal: number, kernel = 0, gc = 0): CpuRepeat => ({
    protocol: "tcp",
    engine: { total: engine, kernel, gc },
    minimal: { total: minimal, kernel, gc },
  });
  it("gives the ratio of the mean CPU over all repeats, so pooled runs count as one run of that many repeats", () => {
    const first = [repeat(200, 100), repeat(400, 300)];
    const second = [repeat(330, 300)];
    const pooled = cpuRatios([...first, ...second]);
    assert.match(pooled.means, /^1\.329 /, "(200 + 400 + 330) / (100 + 300 + 300) = 930 / 700");
    assert.equal(pooled.range, "1.10-2.00");
    assert.equal(pooled.engineUs, "330.0");
    assert.equal(pooled.minimalUs, "300.0");
    assert.deepEqual(cpuRatioCells(pooled).slice(0, 4), ["330.0", "300.0", "1.10", "1.10-2.00"], "cells in the headers' order");
    assert.equal(cpuRatioCells(pooled).length, CPU_RATIO_COLUMNS.length);
  });
  it("splits out the kernel and the GC: the user-space and GC-free ratios leave them out of both scripts", () => {
    // The same kernel and GC time in both scripts: 600 against 500 in all, 400 against 300 without the kernel.
    const columns = cpuRatios(Array.from({ length: 6 }, () => repeat(600, 500, 200, 100)));
    assert.equal(columns.kernel, "200.0 / 200.0");
    assert.equal(columns.userSpace, "1.33 (1.33-1.33)");
    assert.equal(columns.withoutGc, "1.25");
    assert.equal(columns.paired, "1.20 (1.20-1.20)");
  });
  it("says when there are too few repeats for an interval, and refuses none", () => {
    assert.equal(cpuRatios([repeat(110, 100)]).paired, "1.10 (no interval under 6 repeats)");
    assert.throws(() => cpuRatios([]), /no CPU repeats/);
  });
});

describe("/proc/<pid>/stat", () => {
  // A real line (k6 after a few seconds): utime 412 and stime 38 ticks.
  const stat = "4242 (k6) S 4241 4242 1 0 -1 4194560 21000 0 0 0 412 38 0 0 20 0 9 0 123456 1400000000 30000 18446744073709551615";
  it("reads the process's user and system ticks, in seconds", () => assert.deepEqual(cpuTimesFromStat(stat), { userSeconds: 4.12, systemSeconds: 0.38 }));
  it("counts fields from the last parenthesis, so a command name with spaces and parentheses cannot shift them", () => {
    assert.deepEqual(cpuTimesFromStat(stat.replace("(k6)", "(k6 (run) x)")), { userSeconds: 4.12, systemSeconds: 0.38 });
  });
  it("names text that is not a stat line", () => assert.throws(() => cpuTimesFromStat("gone"), /unexpected \/proc\/<pid>\/stat/));
  it("reads a children list, empty when the process has none", () => {
    assert.deepEqual(childPids("4242 4250 "), [4242, 4250]);
    assert.deepEqual(childPids(""), []);
  });
});

describe("GC trace (GODEBUG=gctrace=1)", () => {
  // Real lines of k6 v2.2.0 (Go 1.25) with GOMAXPROCS=1, around a line k6 itself wrote.
  const stderr = [
    "gc 5 @0.069s 13%: 0.039+11+0.012 ms clock, 0.039+3.8/1.1/0+0.012 ms cpu, 6->7->5 MB, 7 MB goal, 0 MB stacks, 0 MB globals, 1 P",
    'time="2026-12-07T03:30:00Z" level=warning msg="something k6 said"',
    "gc 14 @19.051s 0%: 0.072+10+0.019 ms clock, 0.072+0.11/0.16/10+0.019 ms cpu, 13->13->7 MB, 15 MB goal, 0 MB stacks, 0 MB globals, 1 P",
    "gc 15 @21.500s 0%: 0.05+3.0+0.01 ms clock, 0.05+0.1/0.2/2.6+0.01 ms cpu, 5->5->2 MB, 6 MB goal, 0 MB stacks, 0 MB globals, 1 P",
    "",
  ].join("\n");
  const cycles = gcCycles(stderr);
  it("reads each cycle's start, its CPU (both pauses and all three kinds of marking) and the heap left live", () => {
    assert.equal(cycles.length, 3);
    assert.equal(cycles[0]?.atSeconds, 0.069);
    assert.ok(Math.abs((cycles[0]?.cpuMs as number) - (0.039 + 3.8 + 1.1 + 0 + 0.012)) < 1e-9);
    assert.ok(Math.abs((cycles[1]?.cpuMs as number) - (0.072 + 0.11 + 0.16 + 10 + 0.019)) < 1e-9);
    assert.equal(cycles[1]?.liveMb, 7);
  });
  it("sums only the cycles that started inside the window", () => {
    const window = gcInWindow(cycles, 3, 20);
    assert.ok(Math.abs(window.cpuSeconds - 0.010361) < 1e-9, "the cycle at 19.051 s only");
    assert.equal(window.liveMb, 7);
    assert.deepEqual(gcInWindow(cycles, 30, 40), { cpuSeconds: 0, liveMb: 0 });
  });
  it("leaves k6's own lines for error messages", () => assert.equal(withoutGcTrace(stderr).trim(), 'time="2026-12-07T03:30:00Z" level=warning msg="something k6 said"'));
});

const point = (metric: string, value: number, tags: Record<string, string> = {}) =>
  JSON.stringify({ type: "Point", metric, data: { time: "2026-12-02T13:00:00Z", value, tags } });

describe("countRun", () => {
  const lines = [
    JSON.stringify({ type: "Metric", metric: "iterations", data: { type: "counter" } }),
    point("iterations", 1),
    point("iterations", 1),
    point("iterations", 1),
    point("dropped_iterations", 1),
    point("vus_max", 4),
    point("vus_max", 7),
    point("vus_max", 5),
    point("checks", 1),
    point("checks", 0),
    point("cl_requests", 1, { result: "ok" }),
    point("cl_requests", 1, { result: "fail", reason: "timeout" }),
    point("cl_requests", 1, { result: "ok" }),
    point("http_reqs", 1),
    "",
  ].join("\n");
  const counts = countRun(lines);

  it("sums iterations and dropped iterations and keeps the peak vus_max", () => {
    assert.deepEqual([counts.iterations, counts.dropped, counts.maxVUs], [3, 1, 7]);
  });
  it("counts checks and the engine's probes by result", () => {
    assert.deepEqual([counts.checks, counts.checksPassed, counts.probes, counts.probesOk], [2, 1, 3, 2]);
  });
  it("judges success by cl_requests when the engine emitted it, else by checks", () => {
    assert.equal(okPercent(counts).toFixed(2), "66.67");
    assert.equal(okPercent({ ...counts, probes: 0, probesOk: 0 }), 50);
    assert.ok(Number.isNaN(okPercent(countRun(""))));
  });
});

describe("stats", () => {
  it("takes the median of odd and even counts", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /no values/);
  });
  it("bounds the median by order statistics: 2nd smallest to 2nd largest of 10 at 95%, none from 5", () => {
    const ratios = [1.21, 0.97, 1.03, 1.05, 1.16, 0.98, 1.14, 1.07, 1.17, 1.09];
    assert.deepEqual(medianInterval(ratios), [0.98, 1.17]);
    assert.deepEqual(medianInterval(ratios, 0.998), [0.97, 1.21], "only the extremes cover 99.8% (1 - 2/1024)");
    assert.deepEqual(medianInterval([5, 1, 4, 2, 6, 3]), [1, 6], "6 values: the extremes cover 96.9%");
    assert.equal(medianInterval([1, 2, 3, 4, 5]), undefined, "5 values: the extremes cover only 93.8%");
    const many = Array.from({ length: 30 }, (_, i) => i + 1);
    assert.deepEqual(medianInterval(many), [10, 21], "30 values: the 10th to the 21st (95.7%)");
  });
  it("divides total CPU by total CPU, not the mean of the per-repeat ratios", () => {
    // Ratios 2 and 1.33 (mean 1.67); what the engine costs over both repeats is 6 against 4.
    assert.equal(ratioOfMeans([2, 4], [1, 3], seededRandom(1)).ratio, 1.5);
  });
  it("bootstraps an interval around it: a point when every pair has the same ratio, around it when they differ", () => {
    assert.deepEqual(ratioOfMeans([3, 6, 9], [2, 4, 6], seededRandom(7)).interval, [1.5, 1.5]);
    const minimal = Array.from({ length: 40 }, (_, i) => 900 + ((i * 37) % 200));
    const engine = minimal.map((m, i) => m * (i % 2 === 0 ? 1.2 : 0.9));
    const { ratio: point, interval } = ratioOfMeans(engine, minimal, seededRandom(42));
    assert.ok(interval[0] < point && point < interval[1], `${interval.join("-")} around ${point}`);
    assert.ok(interval[0] > 0.9 && interval[1] < 1.2, `within the pairs' own ratios: ${interval.join("-")}`);
    assert.deepEqual(ratioOfMeans(engine, minimal, seededRandom(42)).interval, interval, "the same seed, the same interval");
  });
  it("refuses unpaired repeats", () => {
    assert.throws(() => ratioOfMeans([1, 2], [1], seededRandom(1)), /paired repeats \(engine 2, minimal 1\)/);
    assert.throws(() => ratioOfMeans([], [], seededRandom(1)), /paired repeats/);
  });
  it("draws the same numbers from the same seed, each in [0, 1)", () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    const draws = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(draws.slice(0, 5), Array.from({ length: 5 }, () => b()));
    assert.ok(draws.every((x) => x >= 0 && x < 1));
    assert.notDeepEqual(draws.slice(0, 5), Array.from({ length: 5 }, seededRandom(4)));
  });
  it("spreads a window's CPU over the probes the rate started in it", () => {
    // 10 s at 400/s: 4000 probes for 2 CPU seconds = 500 µs each.
    assert.equal(cpuPerProbeUs(2, 400, 10).toFixed(6), "500.000000");
    assert.throws(() => cpuPerProbeUs(1, 400, 0), /needs probes in it/);
  });
  it("spreads the RSS growth over the VUs beyond the first", () => {
    assert.equal(memoryPerVuMb(40 * 1024 + 199 * 512, 40 * 1024, 200), 0.5);
    assert.throws(() => memoryPerVuMb(1, 1, 1), /more than one VU/);
  });
  it("gives NaN for a ratio whose denominator vanished", () => {
    assert.equal(ratio(3, 2), 1.5);
    assert.ok(Number.isNaN(ratio(1, 0)));
  });
  it("expresses achieved iterations as a percentage of the configured rate", () => assert.equal(achievedPercent(4020, 400, 10), 100.5));
});

describe("callgrind", () => {
  // Excerpts of real output: valgrind's stderr after a k6 run, and callgrind_annotate --inclusive=no.
  const stderr = "==4242== Events    : Ir\n==4242== Collected : 1140090436\n==4242==\n==4242== I   refs:      1,140,090,436\n";
  const annotated = [
    "--------------------------------------------------------------------------------",
    "1,140,090,436 (100.0%)  PROGRAM TOTALS",
    "--------------------------------------------------------------------------------",
    "Ir                   file:function",
    "--------------------------------------------------------------------------------",
    "77,392,423 ( 6.79%)  ./runtime/mgcmark.go:runtime.scanobject [/opt/realk6/bin/k6]",
    "   9,908 ( 0.01%)  ./github.com/grafana/sobek@v0.0.0-20260727154728-7781506a890f/vm.go:github.com/grafana/sobek.(*vm).run [/opt/realk6/bin/k6]",
    "   6,468 ( 0.01%)  ./github.com/grafana/sobek@v0.0.0-20260727154728-7781506a890f/vm.go:github.com/grafana/sobek.(*vm).run'2 [/opt/realk6/bin/k6]",
    "   1,334 ( 0.00%)  ././<autogenerated>:github.com/grafana/sobek.(*loadStashLex).exec [/opt/realk6/bin/k6]",
    "  30,589 ( 0.00%)  ./runtime/mheap.go:runtime.findObject",
    "     445 ( 0.00%)  ???:github.com/grafana/sobek.(*loadStackLex).exec [/opt/realk6/bin/k6]",
    "",
    "--------------------------------------------------------------------------------",
    "-- Auto-annotated source: /opt/realk6/src/k6/vendor/github.com/grafana/sobek/vm.go",
    "--------------------------------------------------------------------------------",
    "Ir                 ",
    "   5,000 ( 0.00%)  func (vm *vm) run() {",
    "   7,000 ( 0.00%)  => /opt/realk6/src/k6/vendor/github.com/grafana/sobek/vm.go:github.com/grafana/sobek.(*vm).run'2 (3x)",
  ].join("\n");

  it("reads the total from valgrind's Collected line and names output without one", () => {
    assert.equal(collectedInstructions(stderr), 1140090436);
    assert.throws(() => collectedInstructions("==1== Killed"), /no "Collected" line/);
  });
  it("keys self costs by function, folding recursion levels, and leaves the program total out", () => {
    const costs = selfInstructions(annotated);
    assert.equal(costs.get("github.com/grafana/sobek.(*vm).run"), 9908 + 6468);
    assert.equal(costs.get("runtime.findObject"), 30589);
    assert.equal(costs.has("PROGRAM TOTALS"), false);
  });
  it("reads the table of functions only, not the annotated source after it (k6's sources on disk)", () => {
    assert.equal(selfInstructions(annotated).size, 5);
    assert.throws(() => selfInstructions("Auto-annotation: on\n"), /no function table/);
  });
  it("sums Sobek's functions as the JavaScript runtime, whatever file callgrind names", () => {
    assert.equal(javaScriptInstructions(selfInstructions(annotated)), 9908 + 6468 + 1334 + 445);
  });
  it("spreads the difference of two equally long runs over the probes the faster one added", () => {
    assert.equal(marginalPerProbe(500_000_000, 1_300_000_000, 10, 30, 40), 1_000_000);
  });
});

describe("markdownTable", () => {
  it("pads the columns and rejects ragged rows", () => {
    assert.equal(markdownTable(["a", "bb"], [["xxx", "y"]]), "| a   | bb |\n|-----|----|\n| xxx | y  |");
    assert.throws(() => markdownTable(["a", "b"], [["only one"]]), /row has 1 cells, header 2/);
  });
  it("prints n/a for NaN", () => assert.deepEqual([fixed(1.234, 2), fixed(Number.NaN, 2)], ["1.23", "n/a"]));
});

describe("bench cases", () => {
  const cases = benchCases("127.0.0.1", { http: 19898, grpc: 19999 });
  const pool = { preAllocatedVUs: 7, maxVUs: 7 };

  it("covers the four protocols at the issue's rates", () => {
    assert.deepEqual(
      cases.map((c) => `${c.protocol}@${c.ratePerSecond}`),
      ["http@400", "grpc@400", "tcp@200", "dns@200"],
    );
  });

  for (const c of cases) {
    it(`${c.protocol}: the engine's environment passes validation with the same pool, rate and duration`, () => {
      const config = loadConfig(engineEnv(c, 10, pool));
      const [plan] = planTargets(config);
      assert.equal(config.duration, "10s");
      assert.equal(config.mode, "continuous", "configured as the 24/7 runner configures it");
      assert.equal(plan?.ratePerSecond, c.ratePerSecond);
      assert.deepEqual(plan?.vus, pool);
      assert.equal(plan?.target.protocol, c.protocol);
    });

    it(`${c.protocol}: the minimal script has one check and the same scenario shape`, () => {
      const script = minimalScript(c, 10, pool);
      assert.equal(script.match(/\bcheck\(/g)?.length, 1);
      const options = JSON.parse(/export const options = (.*);/.exec(script)?.[1] ?? "null") as { scenarios: Record<string, Record<string, unknown>> };
      assert.deepEqual(options.scenarios[c.protocol], { executor: "constant-arrival-rate", rate: c.ratePerSecond, timeUnit: "1s", duration: "10s", ...pool });
      assert.equal(/export default async function/.test(script), c.minimal.async);
    });
  }

  it("leaves VU sizing to the engine when no pool is given", () => {
    const [c] = cases;
    const target = JSON.parse(engineEnv(c as (typeof cases)[number], 5, undefined, 3).TARGETS as string)[0];
    assert.equal(target.rate, 3);
    assert.equal("preAllocatedVUs" in target || "maxVUs" in target, false);
  });
});

describe("the README's pooled CPU row", () => {
  it("is what bench:pool computes from the saved runs in docs/bench-runs/, all of one bundle", () => {
    const dir = new URL("../../docs/bench-runs/", import.meta.url);
    const saved = readdirSync(dir)
      .filter((name) => name.endsWith(".txt"))
      .map((file) => ({ file, text: readFileSync(new URL(file, dir), "utf8") }));
    const byProtocol = pooledRepeats(saved); // throws unless they are all runs of one bundle
    const row = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
      .split("\n")
      .find((line) => line.startsWith("| **pooled:"));
    assert.ok(row !== undefined, "README has the pooled row");
    const cells = row.split("|").slice(2, 6).map((cell) => cell.trim());
    const expected = ["http", "grpc", "tcp", "dns"].map((protocol) => {
      const repeats = byProtocol.get(protocol) ?? [];
      return `**${repeats.length}: ${cpuRatios(repeats).means}**`;
    });
    assert.deepEqual(cells, expected);
  });
});
