// Per-target results from k6's `--out json=FILE` output (one JSON object per line), read from the project's own
// metrics: `cl_requests` (one sample per probe, tags target/protocol/result/reason) and `cl_request_duration`.
// Pure: takes the lines, touches no file.

export const REQUESTS_METRIC = "cl_requests";
export const DURATION_METRIC = "cl_request_duration";
/** Scenario targets only: one sample per step that ran. */
export const STEP_METRIC = "cl_step_duration";

export interface TargetStats {
  target: string;
  protocol: string;
  probes: number;
  ok: number;
  /** failed probes by their `reason` tag; a failure without one counts under MISSING_REASON */
  failures: Record<string, number>;
  /** `cl_request_duration` samples in ms, in arrival order */
  durationsMs: number[];
}

export interface K6Results {
  targets: Map<string, TargetStats>;
  /** every metric name that had at least one sample */
  metricsSeen: Set<string>;
  /** lines that were not JSON (k6 writes none; a truncated last line after a kill is the usual cause) */
  unreadableLines: number;
}

/** Stands for a failure sample that carries no `reason` tag: a contract breach the checks report. */
export const MISSING_REASON = "(no reason tag)";

interface Point {
  type: "Point";
  metric: string;
  data: { value: number; tags?: Record<string, string> };
}

function isPoint(value: unknown): value is Point {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { type?: unknown; metric?: unknown; data?: { value?: unknown } };
  return v.type === "Point" && typeof v.metric === "string" && typeof v.data?.value === "number";
}

function statsFor(results: K6Results, tags: Record<string, string>): TargetStats | undefined {
  const target = tags.target;
  if (target === undefined) return undefined;
  let stats = results.targets.get(target);
  if (stats === undefined) {
    stats = { target, protocol: tags.protocol ?? "?", probes: 0, ok: 0, failures: {}, durationsMs: [] };
    results.targets.set(target, stats);
  }
  return stats;
}

export function parseK6Json(lines: Iterable<string>): K6Results {
  const results: K6Results = { targets: new Map(), metricsSeen: new Set(), unreadableLines: 0 };
  for (const line of lines) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      results.unreadableLines++;
      continue;
    }
    if (!isPoint(parsed)) continue;
    results.metricsSeen.add(parsed.metric);
    const tags = parsed.data.tags ?? {};
    if (parsed.metric === REQUESTS_METRIC) {
      const stats = statsFor(results, tags);
      if (stats === undefined) continue;
      const count = parsed.data.value;
      stats.probes += count;
      if (tags.result === "ok") stats.ok += count;
      else {
        const reason = tags.reason ?? MISSING_REASON;
        stats.failures[reason] = (stats.failures[reason] ?? 0) + count;
      }
    } else if (parsed.metric === DURATION_METRIC) {
      statsFor(results, tags)?.durationsMs.push(parsed.data.value);
    }
  }
  return results;
}

/** Share of ok probes in percent; 0 when there were none (no probes is no success). */
export function okPercent(stats: TargetStats): number {
  return stats.probes === 0 ? 0 : (100 * stats.ok) / stats.probes;
}
