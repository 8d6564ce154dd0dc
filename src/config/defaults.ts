// DEFAULT_CONFIG: what `k6 run build/load.js` does with no environment at all: a short run against a podinfo
// on this machine (HTTP 9898, gRPC 9999), every protocol at once.
import type { Config, Target } from "./types.ts";

export const DEFAULT_PODINFO_HOST = "127.0.0.1";

/** The default targets, pointed at podinfo on `host`. */
export function defaultTargets(host: string): Target[] {
  const hostPart = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return [
    { name: "http-status", protocol: "http", url: `http://${hostPart}:9898/status/200`, expectedStatus: [200] },
    // podinfo answers handler errors as HTTP 200 with {"code":...}: the body check catches what the status misses.
    { name: "http-info", protocol: "http", url: `http://${hostPart}:9898/api/info`, bodyContains: '"hostname"' },
    { name: "grpc-version", protocol: "grpc", address: `${hostPart}:9999`, method: "version.VersionService/Version" },
    {
      name: "grpc-health",
      protocol: "grpc",
      address: `${hostPart}:9999`,
      method: "grpc.health.v1.Health/Check",
      request: { service: "podinfo" },
    },
    {
      name: "tcp-http-port",
      protocol: "tcp",
      host,
      port: 9898,
      payload: "GET /healthz HTTP/1.1\r\nHost: podinfo\r\nConnection: close\r\n\r\n",
      expectPrefix: "HTTP/1.1 200",
    },
    // k6/x/dns lookup() answers only /etc/hosts names: the one DNS probe that works with no DNS server around.
    { name: "dns-localhost", protocol: "dns", query: "localhost", nameserver: "hosts" },
  ];
}

export function defaultConfig(host: string = DEFAULT_PODINFO_HOST): Config {
  return {
    duration: "1m",
    defaults: { rate: 1, timeout: "5s", latencyObjective: "500ms" },
    targets: defaultTargets(host),
  };
}
