// Probe outcomes encoded the way k6 v2.2's remote-write output writes them (measured, see docs/metrics.md "Why two
// counters"): one push every 5 s per runner pod; a series appears in a push only if it got samples since the last
// one; a counter's first sample is its running total, not 0; a gracefully stopped series gets a stale marker, a
// killed pod's series just stop. Pure: the promtool tests and the real-Prometheus harness both encode from here.
import { seededRandom } from "../../../scripts/seeded-random.ts";
import { NATIVE_HISTOGRAMS_LABEL, SERIES } from "../../../src/observability/contract.ts";

export const FLUSH_SECONDS = 5;

export type Labels = Record<string, string>;
/** One value per flush: a number when the series was sent, "stale" for a stale marker, undefined when not sent. */
export type FlushValue = number | "stale" | undefined;

export interface EncodedSeries {
  labels: Labels;
  values: FlushValue[];
}

/** Collects samples per flush and emits only what k6 would have sent. */
export class K6RemoteWrite {
  readonly flushes: number;
  readonly #series = new Map<string, { labels: Labels; values: FlushValue[]; total: number }>();

  constructor(flushes: number) {
    this.flushes = flushes;
  }

  #entry(labels: Labels) {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    let entry = this.#series.get(key);
    if (entry === undefined) {
      entry = { labels, values: new Array<FlushValue>(this.flushes).fill(undefined), total: 0 };
      this.#series.set(key, entry);
    }
    return entry;
  }

  /** A Counter.add(): the flush sends the running total. */
  count(labels: Labels, flush: number, increment = 1): void {
    const entry = this.#entry(labels);
    entry.total += increment;
    entry.values[flush] = entry.total;
  }

  /** A Gauge.add(): the flush sends the last value. */
  gauge(labels: Labels, flush: number, value: number): void {
    this.#entry(labels).values[flush] = value;
  }

  /** Graceful stop: k6 sends a stale marker for every series matching `which` in this flush. */
  markStale(flush: number, which: (labels: Labels) => boolean): void {
    for (const entry of this.#series.values()) if (which(entry.labels)) entry.values[flush] = "stale";
  }

  series(): EncodedSeries[] {
    return [...this.#series.values()].map(({ labels, values }) => ({ labels, values }));
  }
}

/** The outcome tags of one probe, as the engine's recorder writes them (src/metrics/outcome-tags.ts). */
export type Outcome = { result: "ok"; latency?: "fast" | "slow"; dest_pod?: string } | { result: "fail"; reason: string; dest_pod?: string };

export interface SimTarget {
  name: string;
  protocol: string;
  /** configured whole-run rate, probes/s, split evenly over the runners that run the target */
  rate: number;
  path?: string;
  /** negative probes */
  expect?: "blocked";
  sibling?: string;
  /** the outcome of one probe, given the flush it falls in */
  outcome(flush: number, random: () => number): Outcome;
}

export interface SimRunner {
  pod: string;
  node?: string;
  zone?: string;
  targets: SimTarget[];
  /** the first flush the pod no longer writes (killed: no stale markers) */
  diesAt?: number;
  /** the flush from which this runner's probes of these targets stop gracefully (stale markers) */
  stopsTargets?: { names: string[]; at: number };
}

export interface Simulation {
  flushes: number;
  runners: SimRunner[];
  seed?: number;
  /** tags every series of every runner carries (for example cluster) */
  tags?: Labels;
}

export interface SimulationResult {
  series: EncodedSeries[];
  /** per target: probes and failures actually simulated (the truth the SLIs are measured against), per flush */
  truth: Map<string, { probes: number[]; failed: number[] }>;
}

/**
 * Runs every runner's share of every target. Each runner gets an evenly spaced phase, so at low rates the runners
 * take turns, as k6's execution segments do.
 */
export function simulate(sim: Simulation): SimulationResult {
  const random = seededRandom(sim.seed ?? 1);
  const out = new K6RemoteWrite(sim.flushes);
  const truth = new Map<string, { probes: number[]; failed: number[] }>();
  const runnersOf = new Map<string, number>();
  for (const runner of sim.runners) for (const t of runner.targets) runnersOf.set(t.name, (runnersOf.get(t.name) ?? 0) + 1);
  const index = new Map<string, number>();
  for (const runner of sim.runners) {
    const runnerTags: Labels = { ...NATIVE_HISTOGRAMS_LABEL, ...sim.tags, pod: runner.pod, node: runner.node ?? `node-${runner.pod}`, zone: runner.zone ?? "zone-a" };
    const end = runner.diesAt ?? sim.flushes;
    for (const target of runner.targets) {
      const share = runnersOf.get(target.name)!;
      const i = index.get(target.name) ?? 0;
      index.set(target.name, i + 1);
      const perFlush = (target.rate * FLUSH_SECONDS) / share;
      let due = i / share; // phase: runner i probes a fraction i/share of a period late
      const stopAt = runner.stopsTargets?.names.includes(target.name) ? runner.stopsTargets.at : Infinity;
      const base: Labels = { ...runnerTags, protocol: target.protocol, target: target.name, scenario: target.name, path: target.path ?? "service" };
      if (target.expect) base.expect = target.expect;
      if (target.sibling) base.sibling = target.sibling;
      if (!truth.has(target.name)) truth.set(target.name, { probes: new Array<number>(sim.flushes).fill(0), failed: new Array<number>(sim.flushes).fill(0) });
      const t = truth.get(target.name)!;
      for (let flush = 0; flush < Math.min(end, stopAt); flush++) {
        due += perFlush;
        while (due >= 1) {
          due -= 1;
          const outcome = target.outcome(flush, random);
          out.count({ __name__: SERIES.requests, ...base, ...outcome }, flush);
          out.count({ __name__: SERIES.probes, ...base }, flush);
          out.count({ __name__: SERIES.iterations, ...runnerTags, scenario: target.name }, flush);
          out.gauge({ __name__: SERIES.targetRate, ...runnerTags, protocol: target.protocol, target: target.name, scenario: target.name }, flush, target.rate);
          t.probes[flush]! += 1;
          if (outcome.result === "fail") t.failed[flush]! += 1;
        }
      }
      if (stopAt < end) out.markStale(stopAt, (l) => l.pod === runner.pod && (l.target === target.name || (l.scenario === target.name && l.__name__ === SERIES.iterations)));
    }
    // k6 emits its VU gauges every second while the test runs.
    for (let flush = 0; flush < end; flush++) {
      out.gauge({ __name__: SERIES.vus, ...runnerTags }, flush, runner.targets.length);
    }
  }
  return { series: out.series(), truth };
}

/** Outcomes with a fixed failure probability; successes spread over destination pods, failures over two reasons. */
export function failingAt(probability: number | ((flush: number) => number), pods = ["podinfo-0", "podinfo-1", "podinfo-2"]): SimTarget["outcome"] {
  let n = 0;
  return (flush, random) => {
    const p = typeof probability === "number" ? probability : probability(flush);
    const pod = pods[n++ % pods.length]!;
    if (random() < p) return random() < 0.5 ? { result: "fail", reason: "timeout", dest_pod: "unknown" } : { result: "fail", reason: "status", dest_pod: pod };
    return { result: "ok", latency: "fast", dest_pod: pod };
  };
}

/** promtool's input_series notation, compressed: `_xN` for gaps, `a+bxN` for runs with a constant step. */
export function promtoolValues(values: FlushValue[]): string {
  const tokens: string[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i];
    if (v === undefined) {
      let j = i;
      while (j < values.length && values[j] === undefined) j++;
      tokens.push(`_x${j - i}`);
      i = j;
    } else if (v === "stale") {
      tokens.push("stale");
      i++;
    } else {
      // the longest run of numbers with a constant difference starting here
      let j = i + 1;
      const next = values[j];
      const step = typeof next === "number" ? next - v : undefined;
      if (step !== undefined) while (j < values.length && typeof values[j] === "number" && (values[j] as number) - (values[j - 1] as number) === step) j++;
      if (step !== undefined && j - i >= 3) {
        tokens.push(`${v}${step >= 0 ? "+" : "-"}${Math.abs(step)}x${j - i - 1}`);
        i = j;
      } else {
        tokens.push(String(v));
        i++;
      }
    }
  }
  // Trailing gaps carry no information for promtool.
  while (tokens.length > 0 && tokens.at(-1)!.startsWith("_x")) tokens.pop();
  return tokens.join(" ");
}

export function labelString(labels: Labels): string {
  const { __name__: name, ...rest } = labels;
  return `${name ?? ""}{${Object.entries(rest).map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}

/** promtool input_series entries of a simulation (series without any sample are left out). */
export function promtoolSeries(series: EncodedSeries[]): { series: string; values: string }[] {
  return series.map((s) => ({ series: labelString(s.labels), values: promtoolValues(s.values) })).filter((s) => s.values !== "");
}
