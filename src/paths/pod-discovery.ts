// Pod path: find the pod IPs behind a target's host (a headless Service) with k6/x/dns resolve(), per VU, on a
// bounded schedule. A failed refresh keeps the last list; with no pod known the probe fails as "dns".
import dns from "k6/x/dns";
import type { Target } from "../config/types.ts";
import { durationToMs } from "../config/duration.ts";
import { resolvableName } from "../protocols/dns.ts";
import { withTimeout, TIMED_OUT } from "../protocols/with-timeout.ts";
import { destinationHost } from "./destination-host.ts";
import { PodPool } from "./pod-pool.ts";

export const DEFAULT_DISCOVERY_REFRESH = "30s";
/** k6/x/dns gives up after a fixed 5 s; a refresh never waits longer than this. */
const RESOLVE_TIMEOUT_MS = 2000;

export interface PodPicker {
  /** A pod IP for the next probe (refreshing first when due), round-robin. */
  pick(): Promise<string | undefined>;
}

export function createPodPicker(target: Target): PodPicker {
  const query = resolvableName(destinationHost(target));
  // loadConfig has already replaced "system" by the address from /etc/resolv.conf.
  const nameserver = (target.protocol !== "dns" ? target.discovery?.nameserver : undefined) ?? "system";
  const refresh = (target.protocol !== "dns" ? target.discovery?.refresh : undefined) ?? DEFAULT_DISCOVERY_REFRESH;
  const pool = new PodPool(durationToMs(refresh), Math.floor(Math.random() * 1024));

  const refreshNow = async () => {
    let answer: string[] | undefined;
    try {
      const result = await withTimeout(dns.resolve(query, "A", nameserver), RESOLVE_TIMEOUT_MS);
      if (result !== TIMED_OUT) answer = result;
    } catch {
      // keep the last list: the DNS targets report resolution failures; this only steers traffic
    }
    pool.refreshed(Date.now(), answer);
  };

  return {
    async pick() {
      if (pool.isRefreshDue(Date.now())) await refreshNow();
      return pool.next();
    },
  };
}
