// Purpose: pool the CPU repeats of several saved `npm run bench` outputs of one bundle, per protocol, and print
//          the bench's ratios over all of them (the same computation, scripts/bench/cpu-ratios.ts). A k6 process
//          keeps its CPU level for its whole run: more runs narrow an interval where longer windows do not.
// Usage: npm run bench > run1.txt 2>&1; npm run bench > run2.txt 2>&1; npm run bench:pool -- run1.txt run2.txt
//        Only runs of one engine bundle on one k6 binary (by path) are pooled (their headers say which): anything else
//        is refused, naming the file. Runs on other machines it cannot tell apart: keep those out yourself.
import { readFileSync } from "node:fs";
import { CPU_RATIO_COLUMNS, cpuRatioCells, cpuRatios } from "./bench/cpu-ratios.ts";
import { pooledRepeats, repeatsFromLog, type CpuRepeat } from "./bench/saved-output.ts";
import { markdownTable } from "./bench/table.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run bench:pool -- <saved bench output>...");
  process.exit(2);
}
const saved = files.map((file) => ({ file, text: readFileSync(file, "utf8") }));
for (const { file, text } of saved) if (repeatsFromLog(text).length === 0) console.error(`bench:pool: no CPU repeat lines in ${file}`);
let byProtocol: Map<string, CpuRepeat[]>;
try {
  byProtocol = pooledRepeats(saved);
} catch (err) {
  console.error(`bench:pool: ${(err as Error).message}`);
  process.exit(1);
}
if (byProtocol.size === 0) process.exit(1);
const rows = [...byProtocol].map(([protocol, repeats]) => [protocol, String(repeats.length), ...cpuRatioCells(cpuRatios(repeats))]);
const runs = `${files.length} saved ${files.length === 1 ? "run" : "runs"}`;
console.log(markdownTable([`protocol (${runs})`, "repeats", ...CPU_RATIO_COLUMNS.map(([, header]) => header)], rows));
