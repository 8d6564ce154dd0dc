// The probes' stopwatch. k6 v2.2.0's JS runtime has no `performance` global (measured), so Date.now() and its
// whole milliseconds are all a non-HTTP probe can read; a runtime that offers performance.now() gets fractions.
// Looked up per call, not at load, so the choice follows the runtime the code actually runs in.

interface MonotonicClock {
  now(): number;
}

/** Milliseconds from an arbitrary origin: differences only. */
export function now(): number {
  const perf = (globalThis as { performance?: Partial<MonotonicClock> }).performance;
  return typeof perf?.now === "function" ? perf.now() : Date.now();
}

