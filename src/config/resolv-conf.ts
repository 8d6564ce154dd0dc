// The cluster DNS server as a pod sees it: the first `nameserver` line of /etc/resolv.conf.

/** `nameserver 10.96.0.10` -> "10.96.0.10:53", IPv6 -> "[fd00::a]:53"; undefined when the file names none. */
export function firstNameserver(resolvConf: string): string | undefined {
  for (const line of resolvConf.split("\n")) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (match === null) continue;
    const address = (match[1] as string).replace(/%.*$/, ""); // drop an IPv6 zone: k6/x/dns wants a plain literal
    return address.includes(":") ? `[${address}]:53` : `${address}:53`;
  }
  return undefined;
}
