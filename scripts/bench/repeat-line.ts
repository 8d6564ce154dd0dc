// One line per CPU repeat, printed by the bench as it runs and read back by `npm run bench:pool`, which pools the
// repeats of several saved runs of one bundle: a k6 process keeps its CPU level for its whole run, so more runs
// narrow an interval where longer ones do not. The format and its parser live together, so they cannot drift.
import { fixed } from "./table.ts";

export interface CpuSample {
  /** CPU µs per probe over the window. */
  total: number;
  /** Of which the kernel's (tick-sampled). */
  kernel: number;
  /** Of which Go's GC (from GODEBUG=gctrace=1). */
  gc: number;
}

export interface CpuRepeat {
  protocol: string;
  engine: CpuSample;
  minimal: CpuSample;
}

const sample = (s: CpuSample) => `${fixed(s.total, 1)} (kernel ${fixed(s.kernel, 1)}, GC ${fixed(s.gc, 1)})`;

/** "bench: cpu tcp repeat 3: engine 955.0 (kernel 310.0, GC 84.3), minimal 1060.0 (kernel 300.0, GC 66.8) µs/probe" */
export function repeatLine(repeat: CpuRepeat, index: number): string {
  return `bench: cpu ${repeat.protocol} repeat ${index}: engine ${sample(repeat.engine)}, minimal ${sample(repeat.minimal)} µs/probe`;
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const SAMPLE = String.raw`${NUMBER} \(kernel ${NUMBER}, GC ${NUMBER}\)`;
const LINE = new RegExp(String.raw`^bench: cpu (\S+) repeat \d+: engine ${SAMPLE}, minimal ${SAMPLE} µs/probe$`);

/** Every repeat line in a saved bench output, in order; any other line (tables, progress) is skipped. */
export function repeatsFromLog(text: string): CpuRepeat[] {
  const repeats: CpuRepeat[] = [];
  for (const line of text.split("\n")) {
    const match = LINE.exec(line.trim());
    if (match === null) continue;
    const [, protocol, ...numbers] = match as unknown as [string, string, ...string[]];
    const [et, ek, eg, mt, mk, mg] = numbers.map(Number) as [number, number, number, number, number, number];
    repeats.push({ protocol, engine: { total: et, kernel: ek, gc: eg }, minimal: { total: mt, kernel: mk, gc: mg } });
  }
  return repeats;
}
