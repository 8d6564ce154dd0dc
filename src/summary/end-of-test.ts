// What the bundle's handleSummary() returns: the per-target report on stdout, or undefined (k6 then prints its
// own summary) when k6 passed data in a shape this report does not read (--new-machine-readable-summary).
// k6 calls handleSummary only when the summary is on, so 24/7 runners never build it.
import type { Thresholds } from "../config/types.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { formatReport } from "./format-report.ts";
import { isLegacySummaryData } from "./summary-data.ts";
import { targetRows } from "./target-rows.ts";

export function endOfTestSummary(data: unknown, plans: readonly TargetPlan[], thresholds: Thresholds): { stdout: string } | undefined {
  if (!isLegacySummaryData(data)) return undefined;
  return { stdout: formatReport(data, targetRows(data, plans), thresholds) };
}
