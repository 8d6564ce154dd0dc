// When a probe opens a fresh connection. A Service's cluster IP is balanced per connection (kube-proxy DNAT,
// conntrack), so a kept-alive connection samples one backend for ever: on path "service" every probe gets its
// own connection by default. Elsewhere the VU's connection is reused, optionally renewed every `reconnectEvery`.
import { durationToMs } from "../config/duration.ts";
import type { ConnectionPolicy, GrpcTarget, HttpTarget } from "../config/types.ts";

export function connectionPolicyOf(target: HttpTarget | GrpcTarget): ConnectionPolicy {
  return target.connection ?? ((target.path ?? "service") === "service" ? "per-probe" : "reuse");
}

/** Decides, per probe, whether this probe must not reuse the VU's connection. Pure: the caller passes the time. */
export class ConnectionRenewal {
  readonly perProbe: boolean;
  /** False when the VU's connection is kept for ever: due() would never be true, and need not be asked. */
  readonly renews: boolean;
  readonly #everyMs: number | undefined;
  #openedAt = -Infinity;

  constructor(target: HttpTarget | GrpcTarget) {
    this.perProbe = connectionPolicyOf(target) === "per-probe";
    this.#everyMs = target.reconnectEvery === undefined ? undefined : durationToMs(target.reconnectEvery);
    this.renews = this.perProbe || this.#everyMs !== undefined;
  }

  /** True when the connection in use at `now` is to be replaced (always, per probe). */
  due(now: number): boolean {
    if (this.perProbe) return true;
    return this.#everyMs !== undefined && now - this.#openedAt >= this.#everyMs;
  }

  /** A fresh connection was opened at `now`: the next renewal counts from here. */
  opened(now: number): void {
    this.#openedAt = now;
  }
}

/** `headers` plus `Connection: close`, unless they set a Connection header themselves (the target's own wins). */
export function closingHeaders(headers: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (headers !== undefined && Object.keys(headers).some((name) => name.toLowerCase() === "connection")) return headers;
  return { ...headers, Connection: "close" };
}
