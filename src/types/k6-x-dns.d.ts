// k6/x/dns (xk6-dns v1.2.0) as it behaves at runtime (../shared/reference/k6-extensions.md), not as its README says.
declare module "k6/x/dns" {
  /**
   * A rejection: a plain object, never an Error. Named DNS failures carry name/message/kind; wrapped Go
   * errors (timeouts, closed ports, unsupported types) expose only error()/unwrap(), so `message` is undefined.
   * Use String(err) for text.
   */
  export interface DnsRejection {
    name?: "NonExistingDomain" | "Refused" | "LookupFailed" | string;
    message?: string;
    kind?: number;
    error?: () => string;
    unwrap?: () => unknown;
  }

  /** One UDP exchange with `nameserver` (an IP literal, optional port; never a host name), fixed 5 s timeout. */
  export function resolve(query: string, recordType: "A" | "AAAA" | "TXT", nameserver: string): Promise<string[]>;

  /** Answers names from /etc/hosts only; any other name rejects after about 10 s. */
  export function lookup(hostname: string): Promise<string[]>;

  const dns: { resolve: typeof resolve; lookup: typeof lookup };
  export default dns;
}
