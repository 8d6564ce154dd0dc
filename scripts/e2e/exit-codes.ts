// What a k6 process's end means (k6 v2 exit codes, ../shared/reference/k6.md) and whether a check accepts it. Pure.

export const K6_EXIT_MEANING: Readonly<Record<number, string>> = {
  0: "ok",
  99: "thresholds crossed",
  104: "invalid options",
  105: "external abort",
  107: "script exception",
  108: "test.abort()",
  255: "unknown flag or crash",
};

export interface ProcessEnd {
  code: number | null;
  signal: string | null;
  /** the e2e killed it after its time bound */
  timedOut: boolean;
}

export function describeEnd(end: ProcessEnd): string {
  if (end.timedOut) return `killed after its time bound${end.signal ? ` (${end.signal})` : ""}`;
  if (end.code === null) return `killed by ${end.signal ?? "an unknown signal"}`;
  const meaning = K6_EXIT_MEANING[end.code];
  return meaning === undefined ? `exit ${end.code}` : `exit ${end.code} (${meaning})`;
}

/** True when k6 ended by itself with one of the allowed codes. */
export function exitAccepted(end: ProcessEnd, allowed: readonly number[]): boolean {
  return !end.timedOut && end.code !== null && allowed.includes(end.code);
}
