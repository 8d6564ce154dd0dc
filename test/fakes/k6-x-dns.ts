// Fake of "k6/x/dns" (xk6-dns v1.2.0): scripted answers and the rejection shapes real k6 showed
// (../shared/reference/k6-failure-modes.md, section 4): plain objects, `message` undefined for wrapped Go errors.
import { k6State } from "./state.ts";

export type DnsAnswer =
  | { kind: "addresses"; addresses: string[]; afterMs?: number }
  | { kind: "cname"; target: string; addresses: string[] } // an alias: xk6-dns rejects the whole answer
  | { kind: "nxdomain" }
  | { kind: "refused" }
  | { kind: "no-reply"; afterMs: number } // the extension's fixed 5 s timeout (tests shorten it)
  | { kind: "closed-port" };

export const dnsServer = {
  answer: ((): DnsAnswer => ({ kind: "addresses", addresses: ["127.0.0.1"] })) as (query: string, type: string, nameserver: string) => DnsAnswer,
  /** /etc/hosts as lookup() sees it. */
  hosts: new Map<string, string[]>([["localhost", ["127.0.0.1"]]]),
  calls: [] as Array<{ fn: "resolve" | "lookup"; args: unknown[] }>,
  /** Real k6 takes ~10 s to fail lookup() of a name outside /etc/hosts; tests may shorten it. */
  lookupFailureMs: 10_000,
  reset(): void {
    this.lookupFailureMs = 10_000;
    this.answer = () => ({ kind: "addresses", addresses: ["127.0.0.1"] });
    this.hosts = new Map([["localhost", ["127.0.0.1"]]]);
    this.calls = [];
  },
};

function wrappedGoError(text: string) {
  const err = { error: () => text, unwrap: () => undefined };
  Object.defineProperty(err, "toString", { value: () => text, enumerable: false });
  return err;
}

function named(name: string, kind: number, message = "DNS query failed") {
  const err = { name, message, kind };
  Object.defineProperty(err, "toString", { value: () => `${name}: ${message}`, enumerable: false });
  return err;
}

export function resolve(query: string, recordType: string, nameserver: string): Promise<string[]> {
  dnsServer.calls.push({ fn: "resolve", args: [query, recordType, nameserver] });
  if (typeof nameserver !== "string") return Promise.reject(wrappedGoError("nameserver must be a string"));
  if (recordType !== "A" && recordType !== "AAAA" && recordType !== "TXT") {
    return Promise.reject(wrappedGoError(`resolve operation failed with unsupported record type, ${recordType} is an invalid DNS record type`));
  }
  // xk6-dns appends the root dot itself: a name that has one fails to serialize, before any packet is sent.
  if (query.endsWith(".")) return Promise.reject(wrappedGoError("querying the DNS nameserver failed: unable to serialize DNS packet; reason: dns: bad rdata"));
  const answer = dnsServer.answer(query, recordType, nameserver);
  const tags = { query, recordType, nameserver };
  return new Promise((ok, fail) => {
    const settle = (failed: boolean, act: () => void, ms = 1) =>
      setTimeout(() => {
        k6State.emit("dns_resolutions", "counter", 1, tags);
        k6State.emit("dns_resolution_failed", "rate", failed ? 1 : 0, tags);
        act();
      }, ms);
    switch (answer.kind) {
      case "addresses":
        return settle(false, () => ok(answer.addresses), answer.afterMs);
      case "cname":
        return settle(true, () => fail(wrappedGoError("resolve operation failed with unsupported record type: unhandled DNS answer type *dns.CNAME")));
      case "nxdomain":
        return settle(true, () => fail(named("NonExistingDomain", 3)));
      case "refused":
        return settle(true, () => fail(named("Refused", 5)), 4);
      case "closed-port":
        return settle(true, () => fail(wrappedGoError(`querying the DNS nameserver failed: unable to receive response DNS packet; reason: read udp 127.0.0.1:42548->${nameserver}: read: connection refused`)), 0);
      case "no-reply":
        return settle(
          true,
          () => fail(wrappedGoError(`querying the DNS nameserver failed: unable to receive response DNS packet; reason: read udp 127.0.0.1:54338->${nameserver}: i/o timeout`)),
          answer.afterMs,
        );
    }
  });
}

export function lookup(hostname: string): Promise<string[]> {
  dnsServer.calls.push({ fn: "lookup", args: [hostname] });
  const known = dnsServer.hosts.get(hostname);
  return new Promise((ok, fail) =>
    setTimeout(() => {
      k6State.emit("dns_lookups", "counter", 1, { host: hostname });
      if (known !== undefined) ok(known);
      else {
        const message = `lookup of ${hostname} failed: lookup ${hostname} on 127.0.0.1:53: read udp 127.0.0.1:50502->127.0.0.1:53: i/o timeout`;
        const err = { name: "LookupFailed", kind: 5, message };
        Object.defineProperty(err, "toString", { value: () => `Refused: ${message}`, enumerable: false });
        fail(err);
      }
    }, known !== undefined ? 1 : dnsServer.lookupFailureMs),
  );
}

export default { resolve, lookup };
