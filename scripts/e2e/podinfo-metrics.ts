// Reads a counter's total out of a Prometheus text exposition (podinfo's /metrics), summed over its label sets.
// Pure.

/** Sum of every sample of `name` (exact metric name, any labels); undefined when the metric is absent. */
export function counterTotal(exposition: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of exposition.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match === null || match[1] !== name) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) throw new Error(`${name}: unreadable sample value in "${line}"`);
    total = (total ?? 0) + value;
  }
  return total;
}
