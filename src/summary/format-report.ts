// The end-of-test report as text: a per-target table, then the run's thresholds. Pure: no k6 imports.
import type { Thresholds } from "../config/types.ts";
import type { SummaryData } from "./summary-data.ts";
import type { TargetRow } from "./target-rows.ts";

/** Milliseconds as a person reads them: microseconds below 1 ms, seconds from 1 s. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "-";
  if (ms < 1) return `${(ms * 1000).toFixed(0)}µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)}ms`;
  return `${(ms / 1000).toFixed(2)}s`;
}

function okPercent(row: TargetRow): string {
  if (row.probes === 0) return "-";
  const percent = (100 * row.ok) / row.probes;
  // Never round a failure away: 99.996% reads 99.99, not 100.00.
  return row.ok < row.probes ? (Math.floor(percent * 100) / 100).toFixed(2) : "100.00";
}

function failures(row: TargetRow): string {
  if (row.failures.length === 0) return row.probes === 0 ? "no probe ran" : "-";
  return row.failures.map((f) => `${f.reason} ${f.count}`).join(", ");
}

function table(header: readonly string[], rows: readonly string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatTargetTable(rows: readonly TargetRow[]): string[] {
  const header = ["target", "protocol", "path", "probes", "ok %", "p50", "p95", "p99", "failures"];
  const cells = rows.map((row) => [
    row.expect === "blocked" ? `${row.target} (expect blocked)` : row.target,
    row.protocol,
    row.path,
    String(row.probes),
    okPercent(row),
    formatMs(row.p50),
    formatMs(row.p95),
    formatMs(row.p99),
    failures(row),
  ]);
  return table(header, cells, new Set([3, 4, 5, 6, 7]));
}

/** One line per expression of the run's own thresholds (not the summary's helpers), with k6's verdict. */
export function formatThresholds(data: SummaryData, thresholds: Thresholds): string[] {
  const lines: string[] = [];
  for (const [key, expressions] of Object.entries(thresholds)) {
    for (const entry of expressions) {
      const expression = typeof entry === "string" ? entry : entry.threshold;
      const verdict = data.metrics[key]?.thresholds?.[expression];
      const mark = verdict === undefined ? "-" : verdict.ok ? "✓" : "✗";
      lines.push(`  ${mark} ${key}: ${expression}`);
    }
  }
  return lines;
}

export function formatReport(data: SummaryData, rows: readonly TargetRow[], thresholds: Thresholds): string {
  const seconds = (data.state?.testRunDurationMs ?? 0) / 1000;
  const dropped = data.metrics.dropped_iterations?.values.count ?? 0;
  const evaluated = Object.values(data.metrics).some((metric) => metric.thresholds !== undefined);
  const lines = [
    "",
    `Continuous Load: ${rows.length} target${rows.length === 1 ? "" : "s"}, ${seconds.toFixed(1)} s, ${dropped} dropped iteration${dropped === 1 ? "" : "s"}`,
    "",
    ...formatTargetTable(rows).map((line) => `  ${line}`),
    "",
    evaluated ? "Thresholds (k6 exits 99 when one is crossed):" : "Thresholds: not evaluated (--no-thresholds)",
    ...(evaluated ? formatThresholds(data, thresholds) : []),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
