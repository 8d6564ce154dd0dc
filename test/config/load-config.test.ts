// Configuration: defaults, precedence, and a catalogue of bad inputs, each stopped with the exact field named.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../src/config/config-error.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { planTargets } from "../../src/options/target-plan.ts";

const RESOLV = () => "# cluster DNS\nsearch svc.cluster.local\nnameserver 10.96.0.10\nnameserver 10.96.0.11\n";
const tcp = (extra: object = {}) => ({ name: "t", protocol: "tcp", host: "podinfo", port: 9898, ...extra });
const http = (extra: object = {}) => ({ name: "h", protocol: "http", url: "http://podinfo:9898/", ...extra });
const grpc = (extra: object = {}) => ({ name: "g", protocol: "grpc", address: "podinfo:9999", ...extra });
const dns = (extra: object = {}) => ({ name: "d", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "10.96.0.10", ...extra });
const targets = (...list: object[]) => ({ TARGETS: JSON.stringify(list) });

function issuesOf(env: Record<string, string>): Array<{ where: string; message: string; got?: unknown }> {
  try {
    loadConfig(env, RESOLV);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return [...err.issues];
  }
  assert.fail("the configuration was accepted");
}

describe("loadConfig with no environment", () => {
  it("runs the six local podinfo targets for one minute at one probe per second each", () => {
    const config = loadConfig({});
    assert.equal(config.duration, "1m");
    assert.deepEqual(
      config.targets.map((t) => `${t.protocol}:${t.name}`),
      ["http:http-status", "http:http-info", "grpc:grpc-version", "grpc:grpc-health", "tcp:tcp-http-port", "dns:dns-localhost"],
    );
    assert.equal(config.defaults.rate, 1);
  });

  it("needs no file reader, because the local DNS default uses /etc/hosts", () => {
    assert.doesNotThrow(() => loadConfig({}, undefined));
  });
});

describe("loadConfig result as VUs receive it (a SharedArray's frozen JSON copy, from-k6-env.ts)", () => {
  const envs: Array<Record<string, string>> = [
    {},
    { ...targets(tcp({ rate: 40 }), http({ path: "pod" }), grpc(), dns({ nameserver: "system" })), MODE: "continuous", TAGS: "cluster=eu1" },
    { CONFIG: JSON.stringify({ duration: "8760h", defaults: { rate: 2 }, targets: [tcp()] }), RUNNER_REPLICAS: "3" },
  ];
  for (const env of envs) {
    it(`survives the JSON round trip unchanged from ${JSON.stringify(env).slice(0, 60)}`, () => {
      // No undefined values, Maps, NaN or Infinity, which JSON would drop or turn into null.
      const config = loadConfig(env, RESOLV);
      const plans = planTargets(config);
      assert.deepEqual(JSON.parse(JSON.stringify({ config, plans })), { config, plans });
    });
  }
});

describe("loadConfig precedence", () => {
  it("lets single variables override CONFIG, and CONFIG override the defaults", () => {
    const config = loadConfig({
      CONFIG: JSON.stringify({ duration: "10m", defaults: { rate: 2 }, targets: [tcp()], tags: { cluster: "a" } }),
      DURATION: "8760h",
      TIMEOUT: "2s",
      TAGS: "cluster=b, env=prod",
    });
    assert.equal(config.duration, "8760h");
    assert.deepEqual(config.defaults, { rate: 2, timeout: "2s", latencyObjective: "500ms" });
    assert.deepEqual(config.tags, { cluster: "b", env: "prod" });
    assert.equal(config.targets[0]?.name, "t");
  });

  it("points the default targets at PODINFO_HOST", () => {
    const config = loadConfig({ PODINFO_HOST: "podinfo.lab" });
    assert.equal((config.targets[0] as { url: string }).url, "http://podinfo.lab:9898/status/200");
    assert.equal((config.targets[2] as { address: string }).address, "podinfo.lab:9999");
  });

  it("treats an empty variable as unset, as Kubernetes manifests often pass them", () => {
    assert.equal(loadConfig({ DURATION: "", RATE: " " }).duration, "1m");
  });

  it('replaces nameserver "system" with the first nameserver of /etc/resolv.conf', () => {
    const config = loadConfig(targets(dns({ nameserver: "system" })), RESOLV);
    assert.equal((config.targets[0] as { nameserver: string }).nameserver, "10.96.0.10:53");
  });

  it("accepts fractional rates k6 can schedule per minute or hour", () => {
    assert.doesNotThrow(() => loadConfig({ ...targets(tcp({ rate: 0.5 })) }));
    assert.doesNotThrow(() => loadConfig({ RATE: "0.25", ...targets(tcp()) }));
  });

  it("accepts the URLs Go's url.Parse accepts: IPv6 literals, ports, user info, queries and %-escapes", () => {
    for (const url of ["http://[::1]:9898/healthz", "https://[fd00::a]/", "http://probe@podinfo:9898/api/info?x=%20#top", "http://10.0.0.7"]) {
      assert.doesNotThrow(() => loadConfig(targets(http({ url }))), url);
    }
  });
});

describe("loadConfig error messages", () => {
  it("read as `VARIABLE[path]: message (got value)` and promise that no traffic was sent", () => {
    assert.throws(
      () => loadConfig(targets(tcp(), tcp({ name: "u", port: 70000 }))),
      (err: Error) => {
        assert.match(err.message, /^Invalid configuration:\n {2}TARGETS\[1\]\.port: must be <= 65535 \(got 70000\)\nNo traffic was sent/);
        return true;
      },
    );
  });

  it("reports every problem of a run at once", () => {
    const issues = issuesOf({ DURATION: "soon", RATE: "fast", TAGS: "oops" });
    assert.deepEqual(issues.map((i) => i.where).sort(), ["DURATION", "RATE", "TAGS"]);
  });
});

/** [description, environment, the exact field named, a fragment of the message]. */
const BAD_INPUTS: ReadonlyArray<[string, Record<string, string>, string, RegExp]> = [
  ["CONFIG that is not JSON", { CONFIG: "{duration:" }, "CONFIG", /not valid JSON/],
  ["CONFIG that is an array", { CONFIG: "[]" }, "CONFIG", /must be a JSON object/],
  ["an unknown top-level CONFIG field", { CONFIG: '{"durration":"1m"}' }, "CONFIG.durration", /not a known field/],
  ["a CONFIG __proto__ key", { CONFIG: '{"__proto__":{"x":1}}' }, "CONFIG.__proto__", /not a known field/],
  ["a CONFIG duration that is a number", { CONFIG: '{"duration":60}' }, "CONFIG.duration", /must be string/],
  ["an unknown CONFIG defaults field", { CONFIG: '{"defaults":{"rps":3}}' }, "CONFIG.defaults.rps", /not a known field/],
  ["a CONFIG default rate of zero", { CONFIG: '{"defaults":{"rate":0}}' }, "CONFIG.defaults.rate", /must be > 0/],
  ["CONFIG targets that are not an array", { CONFIG: '{"targets":{}}' }, "CONFIG.targets", /must be array/],
  ["an empty CONFIG target list", { CONFIG: '{"targets":[]}' }, "CONFIG.targets", /must NOT have fewer than 1 items/],
  ["a bad port inside CONFIG", { CONFIG: JSON.stringify({ targets: [tcp({ port: 0 })] }) }, "CONFIG.targets[0].port", /must be >= 1/],
  ["TARGETS that is not JSON", { TARGETS: "[{" }, "TARGETS", /not valid JSON/],
  ["TARGETS that is an object", { TARGETS: "{}" }, "TARGETS", /must be array/],
  ["a target without protocol", targets({ name: "x" }), "TARGETS[0].protocol", /is required/],
  ["an unknown protocol", targets({ name: "x", protocol: "udp" }), "TARGETS[0].protocol", /must be one of "http", "grpc", "tcp", "dns"/],
  ["a target without name", targets({ protocol: "tcp", host: "a", port: 1 }), "TARGETS[0].name", /is required/],
  ["an upper-case target name", targets(tcp({ name: "Web" })), "TARGETS[0].name", /lower-case/],
  ["a target name with spaces", targets(tcp({ name: "my target" })), "TARGETS[0].name", /lower-case/],
  ["duplicate target names", targets(tcp(), tcp()), "TARGETS[1].name", /duplicates the name of TARGETS\[0\]/],
  ["a port above 65535", targets(tcp({ port: 70000 })), "TARGETS[0].port", /must be <= 65535/],
  ["a port that is a string", targets(tcp({ port: "80" })), "TARGETS[0].port", /must be integer/],
  ["a fractional port", targets(tcp({ port: 80.5 })), "TARGETS[0].port", /must be integer/],
  ["a TCP target without host", targets({ name: "t", protocol: "tcp", port: 1 }), "TARGETS[0].host", /is required/],
  ["a host with a scheme", targets(tcp({ host: "http://podinfo" })), "TARGETS[0].host", /host name or an IP address/],
  ["a misspelt TCP field", targets(tcp({ expectprefix: "x" })), "TARGETS[0].expectprefix", /not a known field/],
  ["an empty TCP payload", targets(tcp({ payload: "" })), "TARGETS[0].payload", /fewer than 1 characters/],
  ["a target rate of zero", targets(tcp({ rate: 0 })), "TARGETS[0].rate", /must be > 0/],
  ["a negative target rate", targets(tcp({ rate: -1 })), "TARGETS[0].rate", /must be > 0/],
  ["a rate k6 cannot schedule", targets(tcp({ rate: 0.0001 })), "TARGETS[0].rate", /whole number of probes per second, per minute or per hour/],
  ["a target timeout without unit", targets(tcp({ timeout: "5" })), "TARGETS[0].timeout", /k6 duration/],
  ["a latency objective in words", targets(tcp({ latencyObjective: "fast" })), "TARGETS[0].latencyObjective", /k6 duration/],
  ["zero maxVUs", targets(tcp({ maxVUs: 0 })), "TARGETS[0].maxVUs", /must be >= 1/],
  ["preAllocatedVUs above maxVUs", targets(tcp({ preAllocatedVUs: 5, maxVUs: 2 })), "TARGETS[0].preAllocatedVUs", /must be <= maxVUs \(2\)/],
  ["a tag value that is a number", targets(tcp({ tags: { zone: 1 } })), "TARGETS[0].tags.zone", /must be string/],
  ["a tag name with a dash", targets(tcp({ tags: { "my-zone": "a" } })), 'TARGETS[0].tags["my-zone"]', /not an allowed key name/],
  ["a target tag named like the engine's path label", targets(tcp({ tags: { path: "pod" } })), "TARGETS[0].tags.path", /is a label the engine sets itself .*: give the tag another name/],
  ["an HTTP target without url", targets({ name: "h", protocol: "http" }), "TARGETS[0].url", /is required/],
  ["an ftp url", targets(http({ url: "ftp://podinfo/" })), "TARGETS[0].url", /absolute http/],
  ["a url with a space", targets(http({ url: "http://pod info/" })), "TARGETS[0].url", /absolute http/],
  // Go's url.Parse rejects these, and k6 would only record error_code 1020 on every probe.
  ["an IPv6 url without its closing bracket", targets(http({ url: "http://[::1/" })), "TARGETS[0].url", /bracketed IPv6/],
  ["a url with a port that is not a number", targets(http({ url: "http://podinfo:http/" })), "TARGETS[0].url", /:port/],
  ["a url with a broken %-escape", targets(http({ url: "http://podinfo:9898/%zz" })), "TARGETS[0].url", /%-escapes/],
  ["an unknown HTTP method", targets(http({ method: "FETCH" })), "TARGETS[0].method", /must be one of "GET"/],
  ["an expected status below 100", targets(http({ expectedStatus: [99] })), "TARGETS[0].expectedStatus[0]", /must be >= 100/],
  ["an expected status that is not a list", targets(http({ expectedStatus: 200 })), "TARGETS[0].expectedStatus", /must be array/],
  ["a header value that is a number", targets(http({ headers: { "X-Id": 7 } })), 'TARGETS[0].headers["X-Id"]', /must be string/],
  ["a body check on HEAD", targets(http({ method: "HEAD", bodyContains: "ok" })), "TARGETS[0].method", /HEAD responses have no body/],
  ["a gRPC address without port", targets(grpc({ address: "podinfo" })), "TARGETS[0].address", /host:port/],
  ["a gRPC method without package", targets(grpc({ method: "Version" })), "TARGETS[0].method", /package\.Service\/Method/],
  ["a gRPC expected status above 16", targets(grpc({ expectedStatus: 17 })), "TARGETS[0].expectedStatus", /must be <= 16/],
  ["a gRPC request that is a string", targets(grpc({ request: "{}" })), "TARGETS[0].request", /must be object/],
  ["a DNS record type k6/x/dns cannot check", targets(dns({ recordType: "MX" })), "TARGETS[0].recordType", /must be one of "A", "AAAA"/],
  ["a DNS nameserver given as a host name", targets(dns({ nameserver: "kube-dns" })), "TARGETS[0].nameserver", /"system", "hosts", or an IP/],
  ["a short DNS name with a real nameserver", targets(dns({ query: "podinfo" })), "TARGETS[0].query", /fully qualified/],
  ["an expected DNS address that is a name", targets(dns({ expectAddress: "podinfo" })), "TARGETS[0].expectAddress", /IPv4 or IPv6/],
  ["an unknown path", targets(tcp({ path: "node" })), "TARGETS[0].path", /must be one of "service", "pod", "external"/],
  ["a pod path for a DNS probe", targets(dns({ path: "pod" })), "TARGETS[0].path", /must be one of "service", "external"/],
  ["a pod path to an IP address", targets(tcp({ host: "10.0.0.1", path: "pod" })), "TARGETS[0].host", /headless Service name/],
  ["discovery without the pod path", targets(tcp({ discovery: { refresh: "10s" } })), "TARGETS[0].discovery", /only applies to path "pod"/],
  ["a discovery refresh in words", targets(tcp({ path: "pod", discovery: { refresh: "often" } })), "TARGETS[0].discovery.refresh", /k6 duration/],
  ["discovery through /etc/hosts", targets(tcp({ path: "pod", discovery: { nameserver: "hosts" } })), "TARGETS[0].discovery.nameserver", /must be "system" or an IP address/],
  ["an unknown connection policy", targets(http({ connection: "pooled" })), "TARGETS[0].connection", /must be one of "per-probe", "reuse"/],
  ["a connection policy on a TCP target", targets(tcp({ connection: "reuse" })), "TARGETS[0].connection", /is not a known field/],
  ["reconnectEvery without reuse", targets(grpc({ reconnectEvery: "10s" })), "TARGETS[0].reconnectEvery", /only applies to connection "reuse"/],
  ["reconnectEvery in words", targets(http({ connection: "reuse", reconnectEvery: "often" })), "TARGETS[0].reconnectEvery", /k6 duration/],
  ["an unknown expectation", targets(tcp({ expect: "denied" })), "TARGETS[0].expect", /must be one of "allowed", "blocked"/],
  ["a negative probe without sibling", targets(tcp({ expect: "blocked" })), "TARGETS[0].sibling", /is required with expect "blocked"/],
  ["a sibling on an ordinary target", targets(tcp({ sibling: "web" })), "TARGETS[0].sibling", /only applies to expect "blocked"/],
  ["a negative probe that is its own sibling", targets(tcp({ expect: "blocked", sibling: "t" })), "TARGETS[0].sibling", /must name another target/],
  ["DURATION in words", { DURATION: "5 minutes" }, "DURATION", /k6 duration/],
  ["RATE that is not a number", { RATE: "fast" }, "RATE", /must be number/],
  ["RATE of zero", { RATE: "0" }, "RATE", /must be > 0/],
  ["RATE above the maximum", { RATE: "20000" }, "RATE", /must be <= 10000/],
  ["TIMEOUT without unit", { TIMEOUT: "30" }, "TIMEOUT", /k6 duration/],
  ["LATENCY_OBJECTIVE in words", { LATENCY_OBJECTIVE: "low" }, "LATENCY_OBJECTIVE", /k6 duration/],
  ["MAX_VUS that is fractional", { MAX_VUS: "2.5" }, "MAX_VUS", /must be integer/],
  ["RUNNER_REPLICAS of zero", { RUNNER_REPLICAS: "0" }, "RUNNER_REPLICAS", /must be >= 1/],
  ["RUNNER_REPLICAS that is not a count", { RUNNER_REPLICAS: "three" }, "RUNNER_REPLICAS", /must be integer/],
  ["TAGS without =", { TAGS: "prod" }, "TAGS", /key=value/],
  ["a TAGS key with a dot", { TAGS: "k8s.zone=a" }, 'TAGS["k8s.zone"]', /not an allowed key name/],
  ["a TAGS key named like the engine's result label", { TAGS: "result=ok" }, "TAGS.result", /is a label the engine sets itself/],
  ["PODINFO_HOST with a path", { PODINFO_HOST: "podinfo/x" }, "PODINFO_HOST", /host name or an IP address/],
  ["THRESHOLDS that is not JSON", { THRESHOLDS: "rate<0.01" }, "THRESHOLDS", /not valid JSON/],
  ["a threshold list that is a string", { THRESHOLDS: '{"checks":"rate>0.99"}' }, "THRESHOLDS.checks", /must be array/],
  ["a threshold object without threshold", { THRESHOLDS: '{"checks":[{"abortOnFail":true}]}' }, "THRESHOLDS.checks[0]", /threshold expression string/],
  ["a threshold on a metric never emitted", { THRESHOLDS: '{"grpc_streams":["count>0"]}' }, 'THRESHOLDS["grpc_streams"]', /never emits/],
  ["a threshold on a dns_* extension metric", { THRESHOLDS: '{"dns_lookup_failed":["rate<0.1"]}' }, 'THRESHOLDS["dns_lookup_failed"]', /aborts k6/],
  ["a threshold on HTTP without HTTP targets", { ...targets(tcp()), THRESHOLDS: '{"http_req_failed":["rate<0.01"]}' }, 'THRESHOLDS["http_req_failed"]', /no http target/],
  ["a trend aggregation on a counter", { THRESHOLDS: '{"cl_requests":["p(95)<1"]}' }, 'THRESHOLDS["cl_requests"][0]', /only supports count, rate/],
  ["a count aggregation on a rate", { THRESHOLDS: '{"checks":["count>1"]}' }, 'THRESHOLDS["checks"][0]', /only supports rate/],
  ["an unknown operator", { THRESHOLDS: '{"cl_request_duration":["p(95)=>300"]}' }, 'THRESHOLDS["cl_request_duration"][0]', /aggregation operator number/],
  ["a percentile above 100", { THRESHOLDS: '{"cl_request_duration":["p(101)<300"]}' }, 'THRESHOLDS["cl_request_duration"][0]', /above 100/],
  ["a threshold value that is not a number", { THRESHOLDS: '{"checks":["rate>high"]}' }, 'THRESHOLDS["checks"][0]', /aggregation operator number/],
  ["a malformed tag selector", { THRESHOLDS: '{"cl_requests{protocol}":["count>0"]}' }, 'THRESHOLDS["cl_requests{protocol}"]', /tag selector/],
  ["MODE that is not a mode", { MODE: "24/7" }, "MODE", /must be one of "finite", "continuous"/],
  ["a checks threshold in continuous mode", { MODE: "continuous", THRESHOLDS: '{"checks":["rate>0.99"]}' }, 'THRESHOLDS["checks"]', /MODE=continuous does not emit/],
  ["a cl_request_failed threshold in continuous mode", { MODE: "continuous", THRESHOLDS: '{"cl_request_failed{protocol:http}":["rate<0.01"]}' }, 'THRESHOLDS["cl_request_failed{protocol:http}"]', /MODE=continuous does not emit/],
  ["a bad delayAbortEval", { THRESHOLDS: '{"checks":[{"threshold":"rate>0.9","delayAbortEval":"soon"}]}' }, "THRESHOLDS.checks[0]", /threshold expression string/],
];

describe("loadConfig rejects bad input before any traffic, naming the field", () => {
  it(`has a catalogue of at least 40 cases (has ${BAD_INPUTS.length})`, () => {
    assert.ok(BAD_INPUTS.length >= 40);
  });
  for (const [description, env, where, message] of BAD_INPUTS) {
    it(`rejects ${description} at ${where}`, () => {
      const issues = issuesOf(env);
      const issue = issues.find((i) => i.where === where);
      assert.ok(issue !== undefined, `no issue at ${where}; got ${JSON.stringify(issues)}`);
      assert.match(issue.message, message);
    });
  }
});

describe('nameserver "system"', () => {
  it("is also what a pod-path target resolves its headless Service with, by default", () => {
    const config = loadConfig(targets(tcp({ host: "podinfo-headless.lab.svc.cluster.local", path: "pod" })), RESOLV);
    assert.deepEqual((config.targets[0] as { discovery: object }).discovery, { nameserver: "10.96.0.10:53" });
  });

  it("fails, naming the target, when /etc/resolv.conf has no nameserver", () => {
    assert.throws(
      () => loadConfig(targets(dns({ nameserver: "system" })), () => "search local\n"),
      /TARGETS\[0\]\.nameserver: the system nameserver is needed here: \/etc\/resolv\.conf has no nameserver line \(got "system"\)/,
    );
  });
  it("fails, naming the target, when /etc/resolv.conf cannot be read", () => {
    const unreadable = () => {
      throw new Error("open /etc/resolv.conf: no such file or directory");
    };
    assert.throws(() => loadConfig(targets(dns({ nameserver: "system" })), unreadable), /TARGETS\[0\]\.nameserver: the system nameserver is needed here: \/etc\/resolv\.conf is not readable/);
  });
});
