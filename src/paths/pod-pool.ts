// The current pod IPs behind a headless Service, refreshed on a bounded schedule (never per request), and
// handed out round-robin, a pod per probe for every protocol: each pod is probed within one refresh interval.

/** When a refresh found no pod at all, try again after this long, or sooner if the refresh interval is shorter. */
export const EMPTY_RETRY_MS = 5000;

export class PodPool {
  readonly #refreshMs: number;
  #ips: readonly string[] = [];
  #cursor: number;
  #nextRefreshAt = -Infinity;

  /** `start` spreads VUs over the pods: each VU begins at a different place in the list. */
  constructor(refreshMs: number, start = 0) {
    this.#refreshMs = refreshMs;
    this.#cursor = start;
  }

  get ips(): readonly string[] {
    return this.#ips;
  }

  isRefreshDue(now: number): boolean {
    return now >= this.#nextRefreshAt;
  }

  /** Record a refresh at `now`: the answer, or undefined when resolving failed (the old list is kept). */
  refreshed(now: number, answer: readonly string[] | undefined): void {
    if (answer !== undefined && answer.length > 0) this.#ips = [...answer].sort();
    const empty = this.#ips.length === 0;
    this.#nextRefreshAt = now + (empty ? Math.min(this.#refreshMs, EMPTY_RETRY_MS) : this.#refreshMs);
  }

  /** The next pod IP, round-robin; undefined while none is known. */
  next(): string | undefined {
    if (this.#ips.length === 0) return undefined;
    const ip = this.#ips[this.#cursor % this.#ips.length];
    this.#cursor = (this.#cursor + 1) % this.#ips.length;
    return ip;
  }
}
