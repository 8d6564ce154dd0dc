// The per-target table the e2e ends with: target, protocol, probes, ok %, p50/p95/p99 and failure reasons, computed
// from k6's own output. Pure.
import { okPercent, type TargetStats } from "./k6-json.ts";
import { percentile, sortedCopy } from "./percentile.ts";

const HEADER = ["target", "protocol", "probes", "ok %", "p50 ms", "p95 ms", "p99 ms", "failure reasons"] as const;
/** Right-aligned columns: the numbers. */
const NUMERIC = new Set([2, 3, 4, 5, 6]);

function ms(value: number | undefined): string {
  if (value === undefined) return "-";
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** `status:3 connect:1`, most frequent first, then by name; `-` when none failed. */
export function formatReasons(failures: Readonly<Record<string, number>>): string {
  const entries = Object.entries(failures).filter(([, n]) => n > 0);
  if (entries.length === 0) return "-";
  entries.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return entries.map(([reason, n]) => `${reason}:${n}`).join(" ");
}

export function tableRow(stats: TargetStats): string[] {
  const sorted = sortedCopy(stats.durationsMs);
  return [
    stats.target,
    stats.protocol,
    String(stats.probes),
    okPercent(stats).toFixed(1),
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 95)),
    ms(percentile(sorted, 99)),
    formatReasons(stats.failures),
  ];
}

/** Rows in the given order, columns padded to their widest cell. */
export function formatTable(stats: readonly TargetStats[]): string {
  const rows = [[...HEADER], ...stats.map(tableRow)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (NUMERIC.has(column) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
