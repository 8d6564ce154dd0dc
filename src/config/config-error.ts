// One error for every configuration problem found before the run starts, each line naming the variable,
// the path inside it and the offending value: `TARGETS[1].port: must be <= 65535 (got 70000)`.

export interface ConfigIssue {
  /** Where the value came from, rendered: `TARGETS[1].port`, `CONFIG.defaults.rate`, `DURATION`. */
  where: string;
  message: string;
  /** The offending value; omitted when there is none (a missing field). */
  got?: unknown;
}

const MAX_VALUE_CHARS = 80;

function describeValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}...` : text;
}

export function formatIssue(issue: ConfigIssue): string {
  const got = "got" in issue ? ` (got ${describeValue(issue.got)})` : "";
  return `${issue.where}: ${issue.message}${got}`;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(formatIssue);
    const heading = issues.length === 1 ? "Invalid configuration:" : `Invalid configuration (${issues.length} problems):`;
    super(`${heading}\n  ${lines.join("\n  ")}\nNo traffic was sent. See the README's Configuration table.`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}
