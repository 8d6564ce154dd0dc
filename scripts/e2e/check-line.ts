// One line per check: `PASS name: figures` or `FAIL name: figures; problems`. Pure.

export interface CheckResult {
  name: string;
  passed: boolean;
  /** the measured figures, always shown */
  figures: string;
  /** what went wrong, shown on failure */
  problems: string[];
}

export function checkResult(name: string, figures: string, problems: readonly string[]): CheckResult {
  return { name, passed: problems.length === 0, figures, problems: [...problems] };
}

export function formatCheck(result: CheckResult): string {
  const head = `${result.passed ? "PASS" : "FAIL"} ${result.name}: ${result.figures}`;
  return result.passed ? head : `${head}\n${result.problems.map((p) => `       - ${p}`).join("\n")}`;
}
