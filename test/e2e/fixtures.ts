// k6 `--out json` lines shaped as real k6 v2.2.0 writes them (copied from a run against podinfo 6.14.1, values
// changed to make the arithmetic visible).

export function point(metric: string, value: number, tags: Record<string, string>): string {
  return JSON.stringify({ metric, type: "Point", data: { time: "2026-12-02T13:02:09.944707036Z", value, tags: { group: "", scenario: tags.target ?? "", ...tags } } });
}

export function metricLine(name: string, type: string): string {
  return JSON.stringify({ type: "Metric", data: { name, type, contains: "default", thresholds: [], submetrics: null }, metric: name });
}

export const okTags = (target: string, protocol: string) => ({ dest_pod: "unknown", latency: "fast", path: "service", protocol, result: "ok", target });
export const failTags = (target: string, protocol: string, reason: string) => ({ dest_pod: "unknown", path: "service", protocol, reason, result: "fail", target });

/** Real stderr lines of k6 v2.2.0 (the first two from a script that throws, then ordinary warnings). */
export const EXCEPTION_LINE =
  'time="2026-12-02T12:57:31Z" level=error msg="TypeError: Cannot read property \'x\' of undefined\\n\\tat default (file:///tmp/e2eprobe/ex.js:2:55(6))\\n" executor=per-vu-iterations hint="script exception" scenario=a source=stacktrace';
export const REJECTION_LINE =
  'time="2026-12-02T12:57:31Z" level=error msg="Uncaught (in promise) Error: boom\\n\\tat default (file:///tmp/e2eprobe/ex.js:2:82(13))\\n" executor=per-vu-iterations scenario=a';
export const ORDINARY_LINES = [
  'time="2026-12-02T12:56:58Z" level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:9898/api/info\\": dial tcp 127.0.0.1:9898: connect: connection refused"',
  'time="2026-12-02T12:56:58Z" level=error msg="Handling TCP error" error="dial tcp 127.0.0.1:9898: connect: connection refused" method=connect module=tcp',
  "time=\"2026-12-02T12:57:01Z\" level=error msg=\"thresholds on metrics 'cl_request_failed{protocol:grpc}' have been crossed\"",
].join("\n");

export const K6_VERSION_OUTPUT = `k6 v2.2.0 (commit/devel, go1.25.12, linux/amd64)
Extensions:
  github.com/grafana/xk6-dns v1.2.0, k6/x/dns [js]
  github.com/grafana/xk6-tcp v0.3.1, k6/x/tcp [js]
`;
