// Purpose: pool the CPU repeats of several saved `npm run bench` outputs of one bundle, per protocol, and print
//          the bench's ratios over all of them (the same computation, scripts/bench/cpu-ratios.ts). A k6 process
//          keeps its CPU level for its whole run: more runs narrow an interval where longer windows do not.
// Usage: npm run bench > run1.txt 2>&1; npm run bench > run2.txt 2>&1; npm run bench:pool -- run1.txt run2.txt
//        Pool only runs of the same bundle, binaries and machine: the tool cannot tell them apart.
import { readFileSync } from "node:fs";
import { cpuRatios } from "./bench/cpu-ratios.ts";
import { repeatsFromLog, type CpuRepeat } from "./bench/repeat-line.ts";
import { fixed, markdownTable } from "./bench/table.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run bench:pool -- <saved bench output>...");
  process.exit(2);
}
const byProtocol = new Map<string, CpuRepeat[]>();
for (const file of files) {
  const repeats = repeatsFromLog(readFileSync(file, "utf8"));
  if (repeats.length === 0) console.error(`bench:pool: no CPU repeat lines in ${file}`);
  for (const repeat of repeats) byProtocol.set(repeat.protocol, [...(byProtocol.get(repeat.protocol) ?? []), repeat]);
}
if (byProtocol.size === 0) process.exit(1);
const rows = [...byProtocol].map(([protocol, repeats]) => {
  const { engineUs, minimalUs, columns } = cpuRatios(repeats);
  return [protocol, String(repeats.length), fixed(engineUs, 1), fixed(minimalUs, 1), columns.medians, columns.range, columns.paired, columns.means, columns.kernel, columns.userSpace];
});
console.log(
  markdownTable(
    [
      `protocol (${files.length} saved ${files.length === 1 ? "run" : "runs"})`,
      "repeats",
      "engine µs CPU/probe",
      "minimal µs CPU/probe",
      "engine/minimal (median)",
      "per-repeat ratios",
      "median of per-repeat ratios (95% interval)",
      "ratio of the mean CPU (bootstrap 95%)",
      "of which kernel µs/probe engine / minimal",
      "user space only: median of per-repeat ratios (95% interval)",
    ],
    rows,
  ),
);
