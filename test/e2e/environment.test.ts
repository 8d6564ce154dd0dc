// Finding the tools, judging the k6 binary, the bundle's freshness, the k6 environment and podinfo's counter.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { k6Environment } from "../../scripts/e2e/k6-env.ts";
import { counterTotal } from "../../scripts/e2e/podinfo-metrics.ts";
import { bundleIsStale, findOnPath, k6VersionProblems } from "../../scripts/e2e/tools.ts";
import { K6_VERSION_OUTPUT } from "./fixtures.ts";

describe("findOnPath", () => {
  it("returns the first executable match in PATH order, skipping empty entries", () => {
    const executables = new Set(["/b/k6", "/c/k6"]);
    assert.equal(findOnPath("k6", "/a::/b:/c", (p) => executables.has(p)), "/b/k6");
    assert.equal(findOnPath("podinfo", "/a:/b", (p) => executables.has(p)), undefined);
    assert.equal(findOnPath("k6", undefined, () => true), undefined);
  });
});

describe("k6VersionProblems", () => {
  it("accepts k6 v2 with both extensions", () => {
    assert.deepEqual(k6VersionProblems(K6_VERSION_OUTPUT), []);
  });

  it("names a missing extension and a k6 that is not v2", () => {
    assert.deepEqual(k6VersionProblems("k6 v2.2.0 (go1.25)\nExtensions:\n  github.com/grafana/xk6-dns v1.2.0, k6/x/dns [js]\n"), ["the k6/x/tcp extension in k6"]);
    assert.deepEqual(k6VersionProblems("k6 v1.4.2 (go1.24)\n"), ["k6 v2 (found v1.4.2)", "the k6/x/dns extension in k6", "the k6/x/tcp extension in k6"]);
    assert.match(k6VersionProblems("command not found")[0]!, /^k6 v2 \(`k6 version` printed: "command not found"\)$/);
  });
});

describe("bundleIsStale", () => {
  it("is stale when missing or older than any source", () => {
    assert.equal(bundleIsStale(undefined, []), true);
    assert.equal(bundleIsStale(100, [50, 101]), true);
    assert.equal(bundleIsStale(100, [50, 100]), false);
  });
});

describe("k6Environment", () => {
  it("drops the engine's variables, K6_* options and the runner's variables, then adds the run's settings", () => {
    const env = k6Environment(
      { PATH: "/bin", HOME: "/root", RATE: "5", TARGETS: "[]", K6_OUT: "json", POD_NAME: "x", ZONE: "z", LANG: undefined },
      ["RATE", "TARGETS"],
      { DURATION: "20s", POD_NAME: "e2e-runner-0" },
    );
    assert.deepEqual(env, { PATH: "/bin", HOME: "/root", K6_NO_USAGE_REPORT: "true", DURATION: "20s", POD_NAME: "e2e-runner-0" });
  });
});

describe("counterTotal", () => {
  // Lines as podinfo 6.14.1 serves them on its metrics port.
  const exposition = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{status="200"} 61
http_requests_total{status="503"} 2
http_request_duration_seconds_count{method="GET",path="status",status="200"} 61
http_requests_total_other 5
`;

  it("sums the counter over its label sets, ignoring metrics that only share its prefix", () => {
    assert.equal(counterTotal(exposition, "http_requests_total"), 63);
  });

  it("is undefined for an absent counter and throws on an unreadable value", () => {
    assert.equal(counterTotal(exposition, "grpc_requests_total"), undefined);
    assert.throws(() => counterTotal('x{a="b"} NaNx\n', "x"), /x: unreadable sample value/);
  });
});
