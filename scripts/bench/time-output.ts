// What GNU time (`/usr/bin/time -f "%U %S %M"`) reports about one finished process: CPU seconds and peak RSS.
// Read from its output file after the process exited, so the whole run is counted (polling /proc would miss
// the last moments).

export const TIME_FORMAT = "%U %S %M";

export interface ProcessCost {
  /** User plus system CPU time, seconds. */
  cpuSeconds: number;
  /** Peak resident set size, kilobytes. */
  maxRssKb: number;
}

/** Parses the last line of a GNU time output file written with TIME_FORMAT (a "Command exited..." line may precede it). */
export function parseTimeOutput(text: string): ProcessCost {
  const lines = text.trim().split("\n");
  const last = lines[lines.length - 1] ?? "";
  const match = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last.trim());
  if (match === null) throw new Error(`unexpected /usr/bin/time output (want "user sys maxrss"): ${JSON.stringify(text)}`);
  const [, user, sys, rss] = match as unknown as [string, string, string, string];
  return { cpuSeconds: Number(user) + Number(sys), maxRssKb: Number(rss) };
}
