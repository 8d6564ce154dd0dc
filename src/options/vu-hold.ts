// How long one probe can hold its VU: its timeout, unless a call it starts has a longer bound of its own that no
// script can shorten (k6 ends an iteration only once every call it started has settled).
import type { Target, TcpTarget } from "../config/types.ts";

/** k6's dialer gives up on a dial after 30 s (grafana/k6 js/runner.go); k6/x/tcp has no connect timeout. */
export const K6_DIAL_GIVES_UP_MS = 30_000;

/**
 * Whether the connect test alone answers a TCP probe (or a scenario's TCP step): nothing to send or expect, or a
 * negative probe.
 */
export function isConnectOnly(target: Pick<TcpTarget, "expect" | "payload" | "expectPrefix" | "tls">): boolean {
  return target.expect === "blocked" || (target.payload === undefined && target.expectPrefix === undefined && target.tls !== true);
}

/**
 * A TCP probe that dials k6/x/tcp can meet a dropped SYN on a dial nothing bounds but k6's dialer (once per VU
 * and incident, src/protocols/tcp-dial-guard.ts).
 */
export function vuHoldMs(target: Target, timeoutMs: number): number {
  if (target.protocol === "tcp" && !isConnectOnly(target)) return Math.max(timeoutMs, K6_DIAL_GIVES_UP_MS);
  return timeoutMs;
}
