// The probes' stopwatch. k6 v2.2.0's JS runtime has no `performance` global (measured), so Date.now() and its
// whole milliseconds are all a non-HTTP probe can read; a runtime that offers performance.now() gets fractions.
// Chosen once, when the probe code is evaluated (in k6, in the VU that runs it): a lookup of `performance` on
// every read was, with the call around it, a measurable part of the engine's JavaScript per probe on real k6.

interface MonotonicClock {
  now(): number;
}

/** The clock a runtime offers: its performance.now() when it has one, else Date.now(). */
export function clockOf(runtime: { performance?: Partial<MonotonicClock> | undefined }): () => number {
  const perf = runtime.performance;
  if (perf !== undefined && typeof perf.now === "function") return perf.now.bind(perf);
  return Date.now;
}

/** Milliseconds from an arbitrary origin: differences only. */
export const now: () => number = clockOf(globalThis as { performance?: Partial<MonotonicClock> });
