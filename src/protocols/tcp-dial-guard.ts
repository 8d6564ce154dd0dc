// When a TCP probe with a payload dials k6/x/tcp directly, and when it first proves with the connect test
// (./tcp-connect-test.ts) that a connection opens at all. Pure: per VU and target, from the probes' outcomes.
//
// A healthy path gets one connection per probe, as a hand-written script would: the connect test first doubles
// the dials (about half of a TCP probe's CPU, docs/cost.md). But a k6/x/tcp dial that meets a dropped SYN holds
// its VU until k6's dialer gives up (30 s): after a probe timed out, this VU proves the path with the connect test
// (which has a real timeout) for GUARD_MS, so each VU waits out at most one such dial per incident.

/** How long a VU keeps the connect test in front after its last timeout. */
export const GUARD_MS = 5 * 60_000;

export class TcpDialGuard {
  #guardedUntil = -Infinity;

  /** Whether the next probe should run the connect test before dialling k6/x/tcp. */
  guarded(nowMs: number): boolean {
    return nowMs < this.#guardedUntil;
  }

  /** A probe's reason, at `nowMs`: a timeout (a dial or a silence) starts or extends the guard. */
  observed(reason: string | undefined, nowMs: number): void {
    if (reason === "timeout") this.#guardedUntil = nowMs + GUARD_MS;
  }
}
