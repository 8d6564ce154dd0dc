// What a k6 `--out json=` file says about a run: iterations done, iterations dropped, and the most VUs k6 had
// initialised (`vus_max`), which tells how many VUs a scenario really started, and how many checks passed (a
// benchmark of failing probes would measure the wrong thing).

export interface RunCounts {
  iterations: number;
  dropped: number;
  maxVUs: number;
  checks: number;
  checksPassed: number;
  /** The engine's own outcome counter, which stays on when checks are skipped. */
  probes: number;
  probesOk: number;
}

interface JsonPoint {
  type?: string;
  metric?: string;
  data?: { value?: number; tags?: Record<string, string> };
}

/** Sums the Point samples of `iterations`, `dropped_iterations`, `checks` and `cl_requests`, and the peak `vus_max`, in k6's JSON lines. */
export function countRun(jsonLines: string): RunCounts {
  const counts: RunCounts = { iterations: 0, dropped: 0, maxVUs: 0, checks: 0, checksPassed: 0, probes: 0, probesOk: 0 };
  for (const line of jsonLines.split("\n")) {
    // Cheap prefilter: the file has a dozen samples per iteration and only these metrics matter.
    if (!line.includes('"Point"') || !/"metric":"(iterations|dropped_iterations|vus_max|checks|cl_requests)"/.test(line)) continue;
    const point = JSON.parse(line) as JsonPoint;
    const value = point.data?.value ?? 0;
    if (point.metric === "iterations") counts.iterations += value;
    else if (point.metric === "dropped_iterations") counts.dropped += value;
    else if (point.metric === "cl_requests") {
      counts.probes += value;
      if (point.data?.tags?.result === "ok") counts.probesOk += value;
    } else if (point.metric === "checks") {
      counts.checks += 1;
      counts.checksPassed += value;
    }
    else counts.maxVUs = Math.max(counts.maxVUs, value);
  }
  return counts;
}

/** Percent of probes that succeeded: the engine's cl_requests when present, else the checks; NaN with neither. */
export function okPercent(counts: RunCounts): number {
  if (counts.probes > 0) return (100 * counts.probesOk) / counts.probes;
  return counts.checks > 0 ? (100 * counts.checksPassed) / counts.checks : Number.NaN;
}
