// A per-second rate as k6's constant-arrival-rate wants it: a whole `rate` per `timeUnit`.

export interface ArrivalRate {
  rate: number;
  timeUnit: "1s" | "1m" | "1h";
}

const UNITS: ReadonlyArray<[ArrivalRate["timeUnit"], number]> = [
  ["1s", 1],
  ["1m", 60],
  ["1h", 3600],
];

/** 5 -> 5/1s, 0.5 -> 30/1m; undefined when no whole count per second, minute or hour matches. */
export function toArrivalRate(perSecond: number): ArrivalRate | undefined {
  for (const [timeUnit, seconds] of UNITS) {
    const count = perSecond * seconds;
    const whole = Math.round(count);
    if (whole >= 1 && Math.abs(count - whole) < 1e-9 * Math.max(1, count)) return { rate: whole, timeUnit };
  }
  return undefined;
}
