// Bounded waiting: every wait of the e2e names what it waits for and gives up after its time.

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns true; throws after `timeoutMs` naming `what` and the last error. */
export async function waitUntil(what: string, timeoutMs: number, probe: () => Promise<boolean>, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000}s${last ? ` (${last})` : ""}`);
    await sleep(everyMs);
  }
}

/** fetch with a time bound. */
export function fetchBounded(url: string, init: RequestInit = {}, timeoutMs = 5_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
