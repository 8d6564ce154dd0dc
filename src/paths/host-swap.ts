// Point a target's URL or address at another host (a pod IP) without a URL parser (k6 has no URL global).

/** `[fd00::1]` for IPv6 literals, the host itself otherwise. */
export function bracketed(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function authorityBounds(url: string): [number, number] {
  const start = url.indexOf("://") + 3;
  let end = url.length;
  for (const stop of ["/", "?", "#"]) {
    const at = url.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  return [start, end];
}

/** Split `host:port` / `[v6]:port` / `host` into host and the `:port` suffix ("" when absent). */
function splitHostPort(authority: string): [string, string] {
  if (authority.startsWith("[")) {
    const close = authority.indexOf("]");
    return [authority.slice(1, close), authority.slice(close + 1)];
  }
  const colon = authority.lastIndexOf(":");
  return colon < 0 ? [authority, ""] : [authority.slice(0, colon), authority.slice(colon)];
}

/** The host of an absolute URL or of a `host:port` address. */
export function hostOf(urlOrAddress: string): string {
  if (!urlOrAddress.includes("://")) return splitHostPort(urlOrAddress)[0];
  const [start, end] = authorityBounds(urlOrAddress);
  return splitHostPort(urlOrAddress.slice(start, end))[0];
}

/** The same URL or `host:port` address with its host replaced, port and path kept. */
export function withHost(urlOrAddress: string, host: string): string {
  if (!urlOrAddress.includes("://")) return bracketed(host) + splitHostPort(urlOrAddress)[1];
  const [start, end] = authorityBounds(urlOrAddress);
  const port = splitHostPort(urlOrAddress.slice(start, end))[1];
  return urlOrAddress.slice(0, start) + bracketed(host) + port + urlOrAddress.slice(end);
}

/** Pod IPs seen by one target; past this many the cache starts afresh (pod IPs churn over months). */
const MAX_CACHED_HOSTS = 256;

/** withHost() for one URL or address, remembered per host: the pod path swaps the host on every probe. */
export function hostSwapper(urlOrAddress: string): (host: string) => string {
  const byHost = new Map<string, string>();
  return (host) => {
    let swapped = byHost.get(host);
    if (swapped === undefined) {
      if (byHost.size >= MAX_CACHED_HOSTS) byHost.clear();
      swapped = withHost(urlOrAddress, host);
      byHost.set(host, swapped);
    }
    return swapped;
  };
}
