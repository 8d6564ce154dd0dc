// k6 duration strings ("500ms", "1m30s") to milliseconds. The schema checks the shape; this does the arithmetic.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g;
const WHOLE = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Milliseconds in a k6 duration string; throws on anything the schema's pattern would reject. */
export function durationToMs(duration: string): number {
  if (!WHOLE.test(duration)) throw new Error(`not a k6 duration: ${JSON.stringify(duration)}`);
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return total;
}
