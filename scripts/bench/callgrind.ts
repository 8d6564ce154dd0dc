// Reading valgrind's callgrind output: the instructions a run executed, and those of k6's JavaScript runtime
// (Sobek). Counted instructions are user space only (no kernel time, no cache misses), but they do not move with
// the machine: where CPU time moves by 10% between runs of the same script, two counts of it (Go's GC off)
// differed by 0.3%.

/** Total instructions from valgrind's stderr ("==123== Collected : 456789"). */
export function collectedInstructions(stderr: string): number {
  const match = /==\d+== Collected : (\d+)/.exec(stderr);
  if (match === null) throw new Error(`no "Collected" line in valgrind's output: ${stderr.slice(-500)}`);
  return Number(match[1]);
}

/**
 * Self instructions per function from `callgrind_annotate --inclusive=no` output, keyed by the function's name
 * (the part after the source file; a recursion level such as `'2` is folded into the function). Only the table
 * of functions is read: where k6's sources are on disk, the annotated source after it has lines of the same
 * shape (per source line, and per call).
 */
export function selfInstructions(annotate: string): Map<string, number> {
  const costs = new Map<string, number>();
  const lines = annotate.split("\n");
  const header = lines.findIndex((line) => /^Ir\s+file:function\s*$/.test(line));
  if (header === -1) throw new Error(`no function table in callgrind_annotate's output: ${annotate.slice(0, 500)}`);
  let rows = 0;
  for (const line of lines.slice(header + 1)) {
    if (line.startsWith("-----")) {
      if (rows > 0) break; // the table ends, the annotated source begins
      continue; // the rule under the header
    }
    rows++;
    const match = /^\s*([\d,]+) \([^)]*\)\s+(\S.*?)(?: \[[^\]]*\])?$/.exec(line);
    if (match === null) continue;
    const [, count, location] = match as unknown as [string, string, string];
    if (location === "PROGRAM TOTALS") continue;
    const name = location.slice(location.indexOf(":") + 1).replace(/'\d+$/, "");
    costs.set(name, (costs.get(name) ?? 0) + Number(count.replaceAll(",", "")));
  }
  return costs;
}

/** The instructions of k6's JavaScript runtime: the interpreter and its built-ins. */
export function javaScriptInstructions(costs: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [name, count] of costs) if (name.startsWith("github.com/grafana/sobek")) sum += count;
  return sum;
}

/**
 * Instructions per probe that the faster of two equally long runs added: init and once-a-second work are in
 * both, so they cancel.
 */
export function marginalPerProbe(slow: number, fast: number, slowRate: number, fastRate: number, seconds: number): number {
  return (fast - slow) / ((fastRate - slowRate) * seconds);
}
