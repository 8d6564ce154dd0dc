// Lets a fake spend real wall-clock time synchronously, as a blocking k6 call does (k6/http, k6/net/grpc).
const cell = new Int32Array(new SharedArrayBuffer(4));

export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}

/** k6 duration text ("2s", "150ms") or milliseconds -> milliseconds; enough grammar for the fakes. */
export function toMs(value: string | number | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  if (typeof value === "number") return value;
  const match = /^([0-9.]+)(ms|s|m)$/.exec(value);
  if (match === null) throw new Error(`fake cannot read duration ${value}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as "ms" | "s" | "m"];
}
