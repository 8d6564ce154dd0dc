// Resolve hook (see register.mjs). Any k6 module without a fake fails loudly instead of loading something else.
const FAKES = {
  k6: "k6.ts",
  "k6/data": "k6-data.ts",
  "k6/http": "k6-http.ts",
  "k6/metrics": "k6-metrics.ts",
  "k6/net/grpc": "k6-net-grpc.ts",
  "k6/x/dns": "k6-x-dns.ts",
  "k6/x/tcp": "k6-x-tcp.ts",
};

export async function resolve(specifier, context, nextResolve) {
  // Hand the fake's path on down the chain, so the TypeScript loader (tsx) resolves and compiles it.
  if (Object.hasOwn(FAKES, specifier)) return nextResolve(new URL(FAKES[specifier], import.meta.url).href, context);
  if (specifier === "k6" || specifier.startsWith("k6/")) throw new Error(`no fake for k6 module ${specifier}`);
  return nextResolve(specifier, context);
}
