// The lines of a saved `npm run bench` output that `npm run bench:pool` reads back: the header, which names the
// k6 binary and the engine bundle a run measured, and one line per CPU repeat. Pooling repeats of several runs of
// one bundle narrows an interval (a k6 process keeps its CPU level for its whole run, so more runs do what longer
// ones cannot), and pooling runs of different bundles would silently mix two engines: the header tells them apart.
// The formats and their parsers live together, so they cannot drift.
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

/** What a run measured: the k6 binary and the engine bundle (older outputs name no digest). */
export interface RunIdentity {
  k6: string;
  engineBytes: number;
  engineSha256?: string | undefined;
}

/** "engine build/load.js (198741 bytes, sha256 e211…)": the header's part that names the bundle. */
export function engineLabel(path: string, bytes: number, sha256: string): string {
  return `engine ${path} (${bytes} bytes, sha256 ${sha256})`;
}

const HEADER = /^bench: (.+?), .+?; engine \S+ \((\d+) bytes(?:, sha256 ([0-9a-f]{64}))?\)/;

/** The run's identity from its header line ("bench: <k6>, <podinfo>; engine ..."), or undefined without one. */
export function identityFromLog(text: string): RunIdentity | undefined {
  for (const line of text.split("\n")) {
    const match = HEADER.exec(line.trim());
    if (match !== null) return { k6: match[1] as string, engineBytes: Number(match[2]), engineSha256: match[3] };
  }
  return undefined;
}

/**
 * Refuses to pool runs that did not measure the same bundle on the same k6 binary (by path), naming the first file
 * that differs: the same size as the first run, and the same digest as the first run that printed one.
 */
export function checkSameBundle(runs: ReadonlyArray<{ file: string; identity: RunIdentity | undefined }>): void {
  for (const run of runs) {
    if (run.identity === undefined) throw new Error(`${run.file}: no bench header line, so nothing says which bundle it measured`);
  }
  const [first] = runs;
  if (first === undefined) return;
  const a = first.identity as RunIdentity;
  // Older outputs name no digest: the digest to match is the first one printed, wherever that run stands.
  const digested = runs.find((run) => run.identity?.engineSha256 !== undefined);
  const describe = (r: RunIdentity) => `${r.engineBytes} bytes${r.engineSha256 === undefined ? "" : `, sha256 ${r.engineSha256.slice(0, 12)}`}`;
  for (const { file, identity } of runs.slice(1)) {
    const b = identity as RunIdentity;
    if (a.k6 !== b.k6) throw new Error(`${file} ran ${b.k6}, ${first.file} ${a.k6}: pool runs of one k6 binary only`);
    if (a.engineBytes !== b.engineBytes) throw new Error(`${file} measured another engine bundle (${describe(b)}) than ${first.file} (${describe(a)}): pool runs of one bundle only`);
  }
  if (digested === undefined) return;
  const digest = (digested.identity as RunIdentity).engineSha256;
  for (const { file, identity } of runs) {
    const b = identity as RunIdentity;
    if (b.engineSha256 !== undefined && b.engineSha256 !== digest) {
      throw new Error(`${file} measured another engine bundle (${describe(b)}) than ${digested.file} (${describe(digested.identity as RunIdentity)}): pool runs of one bundle only`);
    }
  }
}

/**
 * The repeats of several saved outputs, per protocol in the order first seen, after checkSameBundle(): what
 * `npm run bench:pool` prints its table from.
 */
export function pooledRepeats(outputs: ReadonlyArray<{ file: string; text: string }>): Map<string, CpuRepeat[]> {
  checkSameBundle(outputs.map(({ file, text }) => ({ file, identity: identityFromLog(text) })));
  const byProtocol = new Map<string, CpuRepeat[]>();
  for (const { text } of outputs) {
    for (const repeat of repeatsFromLog(text)) {
      const repeats = byProtocol.get(repeat.protocol);
      if (repeats === undefined) byProtocol.set(repeat.protocol, [repeat]);
      else repeats.push(repeat);
    }
  }
  return byProtocol;
}
