// Go's garbage collector as k6 reports it with GODEBUG=gctrace=1 (one line per cycle on stderr), so the benchmark
// can tell the CPU a script's own work costs from the CPU the collector spends marking the live heap. A tiny script
// keeps k6 in Go's minimum-heap regime (a cycle per 4 MB allocated, little to mark), the engine's parsed and
// compiled bundle does not: docs/cost.md says what that is worth.

export interface GcCycle {
  /** Seconds after the process started. */
  atSeconds: number;
  /** CPU milliseconds of the cycle: both stop-the-world phases and the assist, background and idle marking. */
  cpuMs: number;
  /** Heap left live after the cycle, MB. */
  liveMb: number;
}

// gc 14 @19.051s 0%: 0.072+10+0.019 ms clock, 0.072+0.11/0.16/10+0.019 ms cpu, 13->13->7 MB, 15 MB goal, ...
const CYCLE = /^gc \d+ @(\d+(?:\.\d+)?)s \d+%: [^,]* ms clock, (\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?) ms cpu, \d+->\d+->(\d+) MB/;

/** The cycles in a process's stderr; other lines (k6's own output) are skipped. */
export function gcCycles(stderr: string): GcCycle[] {
  const cycles: GcCycle[] = [];
  for (const line of stderr.split("\n")) {
    const match = CYCLE.exec(line.trim());
    if (match === null) continue;
    const [at, ...rest] = match.slice(1).map(Number) as [number, ...number[]];
    const liveMb = rest.pop() as number;
    cycles.push({ atSeconds: at, cpuMs: rest.reduce((sum, ms) => sum + ms, 0), liveMb });
  }
  return cycles;
}

/** GC CPU seconds of the cycles that started within [fromSeconds, toSeconds), and the largest live heap among them. */
export function gcInWindow(cycles: readonly GcCycle[], fromSeconds: number, toSeconds: number): { cpuSeconds: number; liveMb: number } {
  const inside = cycles.filter((c) => c.atSeconds >= fromSeconds && c.atSeconds < toSeconds);
  return {
    cpuSeconds: inside.reduce((sum, c) => sum + c.cpuMs, 0) / 1000,
    liveMb: Math.max(0, ...inside.map((c) => c.liveMb)),
  };
}

/** A process's stderr without the GC trace, for error messages. */
export function withoutGcTrace(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !CYCLE.test(line.trim()))
    .join("\n");
}
