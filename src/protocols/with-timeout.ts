// Race a promise against a timer, for the async k6 calls that have no timeout of their own (or too long a one).

export const TIMED_OUT = Symbol("timed out");

/** Settles with the promise's value, or TIMED_OUT after `ms`; the timer is cleared either way. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
