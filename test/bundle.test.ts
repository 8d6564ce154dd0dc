// The artifact itself: build/load.js is one ES module that imports only k6 modules, stays far below the
// ConfigMap limit, uses nothing k6 lacks, and loads in an isolated context that offers only fake k6 modules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { before, beforeEach, describe, it } from "node:test";
import vm from "node:vm";
import { transformSync } from "esbuild";
import * as k6 from "./fakes/k6.ts";
import * as k6Data from "./fakes/k6-data.ts";
import * as k6Http from "./fakes/k6-http.ts";
import * as k6Metrics from "./fakes/k6-metrics.ts";
import * as k6Grpc from "./fakes/k6-net-grpc.ts";
import * as k6Dns from "./fakes/k6-x-dns.ts";
import * as k6Tcp from "./fakes/k6-x-tcp.ts";
import { legacySummaryData } from "./fakes/k6-summary.ts";
import { podinfoHttp } from "./fakes/podinfo-http.ts";
import { k6State } from "./fakes/state.ts";
import { resetFakes } from "./helpers.ts";
import { k6ModulesOf } from "../src/k6-modules.ts";

const BUNDLE = new URL("../build/load.js", import.meta.url);
const FAKES: Record<string, object> = {
  k6,
  "k6/data": k6Data,
  "k6/http": k6Http,
  "k6/metrics": k6Metrics,
  "k6/net/grpc": k6Grpc,
  "k6/x/dns": k6Dns,
  "k6/x/tcp": k6Tcp,
};

/**
 * The bundle as a classic script: esbuild rewrites its `import`s into require() calls and its exports onto
 * `module.exports`, nothing else. Evaluating it as an ES module (vm.SourceTextModule) crashed Node 20 with a
 * segmentation fault in about one run in ten once a test file loaded it a few dozen times.
 */
const scripts = new Map<string, vm.Script>();
function asScript(source: string): vm.Script {
  let script = scripts.get(source);
  if (script === undefined) {
    const { code } = transformSync(source, { format: "cjs", loader: "js", target: "es2022" });
    script = new vm.Script(`(function (require, module, exports) {\n${code}\n})`, { filename: "load.js" });
    scripts.set(source, script);
  }
  return script;
}

async function loadBundle(
  env: Record<string, string>,
  files: Record<string, string> = {},
  vu = 0,
  source = readFileSync(BUNDLE, "utf8"),
  onRequire: (specifier: string) => void = () => {},
): Promise<Record<string, unknown>> {
  return evaluateBundle(env, files, vu, source, onRequire);
}

type Scenarios = Record<string, { env?: Record<string, string>; tags?: Record<string, string> }>;

/** Runs the next iterations as k6 runs the bundle's scenario `name`: with the tags its options give it. */
function enterScenario(options: unknown, name: string): void {
  k6State.scenario = { name, tags: (options as { scenarios: Scenarios }).scenarios[name]?.tags ?? {} };
}

function evaluateBundle(env: Record<string, string>, files: Record<string, string>, vu: number, source: string, onRequire: (specifier: string) => void): Record<string, unknown> {
  // k6's __ENV: in init the run's environment; in an iteration, merged with the `env` of the scenario the VU runs
  // (k6State.scenario), as the bundle's own options (its first init's) declare it.
  let scenarios: Scenarios | undefined;
  const scenarioEnv = () => {
    scenarios ??= ((vu === 0 ? module.exports : evaluateBundle(env, files, 0, source, () => {})).options as { scenarios?: Scenarios }).scenarios ?? {};
    return scenarios[k6State.scenario.name]?.env ?? {};
  };
  const context = vm.createContext({
    __VU: vu,
    open: (path: string) => {
      if (!(path in files)) throw new Error(`open ${path}: no such file or directory`);
      return files[path];
    },
    console,
    setTimeout,
    clearTimeout,
  });
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: string) => {
    const fake = FAKES[specifier];
    if (fake === undefined) throw new Error(`the bundle imports ${specifier}, which k6 does not provide`);
    return { __esModule: true, ...fake }; // an ES module's namespace: its `default` is the default import
  };
  // k6's global require(): the init context only (a VU's iterations get an error), a Go module's exports as is.
  let inInit = true;
  context.require = (specifier: string) => {
    if (!inInit) throw new Error(`the "require" function is only available in the init code (aka the global scope)`);
    onRequire(specifier);
    const fake = FAKES[specifier] as { default?: unknown } | undefined;
    if (fake === undefined) throw new Error(`unknown modules ["${specifier}"] were tried to be loaded`);
    return fake.default ?? fake;
  };
  Object.defineProperty(context, "__ENV", { get: () => (inInit ? env : { ...env, ...scenarioEnv() }) });
  const evaluate = asScript(source).runInContext(context) as (r: typeof require, m: typeof module, e: object) => void;
  evaluate(require, module, module.exports);
  inInit = false;
  return module.exports;
}

/** The bundle's text inside the lazily evaluated function `fn` (scripts/build.mjs), and everything else. */
function lazyPart(source: string, fn: string): { inside: string; outside: string } {
  const start = source.indexOf(`function ${fn}() {`);
  const end = source.indexOf(`\n  return ${fn}Evaluated;\n}`, start);
  assert.ok(start >= 0 && end > start, `the bundle has ${fn}()`);
  return { inside: source.slice(start, end), outside: source.slice(0, start) + source.slice(end) };
}

describe("build/load.js", () => {
  let source = "";
  before(() => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: new URL("..", import.meta.url), stdio: "pipe" });
    source = readFileSync(BUNDLE, "utf8");
  });
  beforeEach(resetFakes);

  it("stays under the 256 KiB budget, a quarter of a ConfigMap", () => {
    assert.ok(statSync(BUNDLE).size < 256 * 1024);
  });

  it("imports only what every VU needs as ES imports; the probes' modules are require()d, the extensions declared for k6's resolution", () => {
    const specifiers = [...source.matchAll(/^import\s[^;]*?from\s+"([^"]+)";/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(specifiers)].sort(), ["k6", "k6/data", "k6/metrics"]);
    // k6 reads "use k6" directives only at the very start of the file, after comments.
    assert.match(source, /^\/\/[^\n]*\n"use k6 with k6\/x\/dns";\n"use k6 with k6\/x\/tcp";\n/);
    assert.match(source, /^export \{/m);
  });

  it("reads in each protocol's part only k6 modules k6ModulesOf() lists for that protocol (the ones require()d in init)", () => {
    const parts = { http: "httpProbeCode", grpc: "grpcProbeCode", tcp: "tcpProbeCode", dns: "dnsProbeCode", scenario: "scenarioProbeCode", pod: "podPathCode" } as const;
    for (const [protocol, fn] of Object.entries(parts) as [keyof typeof parts, string][]) {
      // A part nested in vuRuntime(): from its function to where it keeps what it evaluated.
      const start = source.indexOf(`function ${fn}() {`);
      const inside = source.slice(start, source.indexOf(`${fn}Evaluated = ${fn}Module;`, start));
      assert.ok(start >= 0 && inside.length > 0, `the bundle has ${fn}()`);
      const read = new Set([...inside.matchAll(/k6Import\("([^"]+)"/g)].map((m) => m[1]));
      assert.ok(read.size > 0, `${fn} reads its k6 modules through k6Import()`);
      for (const module of read) assert.ok(k6ModulesOf(protocol).includes(module as string), `${protocol} part reads ${module}, which k6ModulesOf("${protocol}") does not list`);
    }
  });

  it("require()s in init only the k6 modules of the configured protocols, and probes with them", async () => {
    const required: string[] = [];
    k6Http.httpServer.behaviour = () => ({ kind: "answer", status: 200, body: "" });
    const vu = await loadBundle({ MODE: "continuous", TARGETS: JSON.stringify([{ name: "h", protocol: "http", url: "http://x/", rate: 1 }]) }, {}, 2, source, (s) => required.push(s));
    assert.deepEqual(required, ["k6/http"]);
    k6State.scenario = { name: "h", tags: {} };
    await (vu.http as () => unknown)();
    await (vu.http as () => unknown)();
    assert.deepEqual(k6State.samplesOf("cl_request_duration").map((s) => s.tags.result), ["ok", "ok"]);
    required.length = 0;
    resetFakes(); // a new k6 process: a new SharedArray of the configuration
    await loadBundle({ TARGETS: JSON.stringify([{ name: "p", protocol: "http", url: "http://podinfo.ns.svc:9898/", path: "pod" }]) }, { "/etc/resolv.conf": "nameserver 10.96.0.10\n" }, 2, source, (s) => required.push(s));
    assert.deepEqual(required, ["k6/http", "k6/x/dns"], "the pod path discovers pods with k6/x/dns");
  });

  it("uses no Node built-ins or globals k6 lacks, and no syntax Sobek cannot load", () => {
    for (const [what, pattern] of [
      ["require()", /(?<![\w$.])require\(/],
      ["process", /(?<![\w$.])process\./],
      ["Buffer", /(?<![\w$.])Buffer\./],
      ["URL", /new URL\(/],
      ["performance", /(?<![\w$.])performance\./],
      ["structuredClone", /structuredClone\(/],
      ["async generators", /async\s+function\s*\*/],
      ["for await", /for\s+await\s*\(/],
    ] as const) {
      assert.doesNotMatch(source, pattern, `the bundle uses ${what}`);
    }
  });

  it("loads with no environment and exports options plus every scenario's exec function", async () => {
    const exports = await loadBundle({});
    const scenarios = (exports.options as { scenarios: Record<string, { exec: string }> }).scenarios;
    assert.equal(Object.keys(scenarios).length, 6);
    for (const [name, scenario] of Object.entries(scenarios)) {
      assert.equal(typeof exports[scenario.exec], "function", `${name} runs ${scenario.exec}, which must be exported`);
    }
  });

  it("builds options only in k6's first init (__VU 0), where k6 reads them; a VU still probes its target", async () => {
    const env = { TARGETS: JSON.stringify([{ name: "a", protocol: "tcp", host: "x", port: 80, rate: 400 }]), MODE: "continuous" };
    const first = await loadBundle(env, {}, 0);
    assert.equal((first.options as { scenarios: Record<string, { preAllocatedVUs: number }> }).scenarios.a?.preAllocatedVUs, 42);
    const vu = await loadBundle(env, {}, 7);
    assert.equal(JSON.stringify(vu.options), "{}");
    k6Tcp.tcpPeers.peer = () => ({ kind: "reply", chunks: ["x"] });
    enterScenario(first.options, "a");
    await (vu.tcp as () => Promise<void>)();
    assert.deepEqual(k6State.samplesOf("cl_requests").map((s) => [s.tags.target, s.tags.result]), [["a", "ok"]]);
  });

  it("keeps the first-init code (config, validator, options, summary) inside firstInit(), as a string it compiles", () => {
    // A module-level function or RegExp costs every VU's runtime an object; inside firstInit() only __VU 0 pays.
    // And as module code k6 would keep its syntax tree and compiled code for the whole run (scripts/build.mjs).
    const { inside, outside } = lazyPart(source, "firstInit");
    const compiled = /new Function\(('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\)\(\)/.exec(inside);
    const literal = compiled?.[1];
    assert.ok(literal !== undefined, "firstInit() compiles its chunk from a string");
    const chunk = new Function(`return ${literal};`)() as string;
    const code = inside.replace(literal, "''");
    // Minified (scripts/build.mjs), but esbuild's keepNames records each function's name as a string.
    for (const name of ["loadConfig", "createValidator", "semanticIssues", "buildOptions", "formatReport"]) {
      assert.ok(chunk.includes(`"${name}")`), `${name} is in the compiled chunk`);
      assert.ok(!code.includes(`"${name}")`) && !outside.includes(`function ${name}(`), `${name} is not module code`);
    }
    assert.ok(chunk.includes("new RegExp("), "the validator's RegExps are built inside it");
    assert.ok(!outside.includes("new RegExp(") && !code.includes("new RegExp("), "no validator RegExp in module code");
  });

  it("keeps a VU's probe code (protocols, recorder, paths, scenario kit) inside vuRuntime(), never at module level", () => {
    // Not minified: the functions keep their names. At module level every VU's init would create them.
    const { inside, outside } = lazyPart(source, "vuRuntime");
    for (const name of ["createProbe", "createRecorder", "createHttpProbe", "createGrpcProbe", "createTcpProbe", "createDnsProbe", "createScenarioProbe", "createPodPicker"]) {
      assert.ok(inside.includes(`function ${name}(`), `${name} is inside vuRuntime()`);
      assert.ok(!outside.includes(`function ${name}(`), `${name} is not at module level`);
    }
    // Its k6 imports are the outer module's, as named bindings: no namespace objects, no CommonJS interop.
    assert.doesNotMatch(source, /import \* as|__toESM|__require/);
  });

  it("evaluates the probe code on an HTTP, TCP or DNS VU's first iteration, in init for gRPC and scenario targets, and only its own protocol's (no pod path on a Service)", async () => {
    // Instrumented copy: counts the calls of each lazy chunk's function in the VU's context.
    const counted = source.replace(/^(\s*)function (vuRuntime|\w+Code)\(\) \{$/gm, "$1function $2() {\n$1  (globalThis.chunkCalls ??= {}).$2 = true;");
    assert.equal([...counted.matchAll(/chunkCalls \?\?=/g)].length, 7, "vuRuntime(), one chunk per protocol, one for the pod path");
    const withCounter = counted.replace(/^export \{/m, "const evaluated = () => Object.keys(globalThis.chunkCalls ?? {}).sort();\nexport {\n  evaluated,");
    const targets = [
      { target: { name: "h", protocol: "http", url: "http://x/" }, exec: "http", inInit: [], iterated: ["httpProbeCode", "vuRuntime"] },
      { target: { name: "t", protocol: "tcp", host: "x", port: 80 }, exec: "tcp", inInit: [], iterated: ["tcpProbeCode", "vuRuntime"] },
      { target: { name: "d", protocol: "dns", query: "x.example", nameserver: "10.0.0.1" }, exec: "dns", inInit: [], iterated: ["dnsProbeCode", "vuRuntime"] },
      { target: { name: "g", protocol: "grpc", address: "x:9999" }, exec: "grpc", inInit: ["grpcProbeCode", "vuRuntime"], iterated: ["grpcProbeCode", "vuRuntime"] },
      { target: { name: "s", protocol: "scenario", scenario: "token-roundtrip", host: "x" }, exec: "scenario", inInit: ["scenarioProbeCode", "vuRuntime"], iterated: ["scenarioProbeCode", "vuRuntime"] },
    ];
    for (const { target, exec, inInit, iterated } of targets) {
      resetFakes();
      const vu = await loadBundle({ TARGETS: JSON.stringify([target]) }, {}, 3, withCounter);
      const evaluated = () => Array.from((vu.evaluated as () => string[])()); // an array of the VU's realm
      assert.deepEqual(evaluated(), inInit, `${target.protocol}: evaluated in init`);
      k6State.scenario = { name: target.name, tags: {} };
      await (vu[exec] as () => unknown)();
      await (vu[exec] as () => unknown)();
      assert.deepEqual(evaluated(), iterated, `${target.protocol}: evaluated by two iterations`);
      assert.equal(k6State.samplesOf("cl_probes").length, 2, `${target.protocol}: both iterations probed`); // a sample per probe outside MODE=continuous
    }
  });

  it("declares cl_request_failed and cl_step_duration in a VU only when its run can emit them; the first init declares all", async () => {
    const http = { name: "h", protocol: "http", url: "http://x/" };
    const scenario = { name: "s", protocol: "scenario", scenario: "token-roundtrip", host: "x" };
    const cases = [
      { vu: 3, mode: "continuous", targets: [http], declared: [] },
      { vu: 3, mode: "finite", targets: [http], declared: ["cl_request_failed"] },
      { vu: 3, mode: "continuous", targets: [http, scenario], declared: ["cl_step_duration"] },
      { vu: 0, mode: "continuous", targets: [http], declared: ["cl_request_failed", "cl_step_duration"] },
    ];
    for (const { vu, mode, targets, declared } of cases) {
      resetFakes();
      await loadBundle({ MODE: mode, TARGETS: JSON.stringify(targets) }, {}, vu);
      const optional = k6State.declared.filter((name) => name === "cl_request_failed" || name === "cl_step_duration");
      assert.deepEqual(optional, declared, `VU ${vu}, ${mode}, ${targets.map((t) => t.protocol).join("+")}`);
      assert.ok(k6State.declared.includes("cl_request_duration"), "the metrics every run emits are always declared");
    }
    // A finite run's VU probes and feeds the declared cl_request_failed.
    resetFakes();
    k6Http.httpServer.behaviour = () => ({ kind: "answer", status: 200, body: "" });
    const finite = await loadBundle({ TARGETS: JSON.stringify([http]) }, {}, 3);
    k6State.scenario = { name: "h", tags: {} };
    await (finite.http as () => unknown)();
    assert.equal(k6State.samplesOf("cl_request_failed").length, 1);
  });

  it("holds one cache of pod names for every protocol's chunk (pod-names.ts is shared, not repeated)", () => {
    assert.equal([...source.matchAll(/\bvar namesByIp = /g)].length, 1);
  });

  it("probes the target its scenario names, tagging every sample with protocol and target", async () => {
    k6Tcp.tcpPeers.peer = () => ({ kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n\r\n"] });
    k6Http.httpServer.behaviour = () => ({ kind: "answer", status: 200, body: '{"hostname":"podinfo-0"}' });
    const exports = await loadBundle({});
    const scenarios = (exports.options as { scenarios: Record<string, { exec: string }> }).scenarios;
    for (const [name, scenario] of Object.entries(scenarios)) {
      enterScenario(exports.options, name);
      const vu = await loadBundle({}, {}, 1); // k6 gives each scenario its own VUs
      await (vu[scenario.exec] as () => unknown)();
      const sample = k6State.samplesOf("cl_requests").at(-1);
      assert.deepEqual([sample?.tags.target, sample?.tags.result], [name, "ok"], `${name}: ${JSON.stringify(sample?.tags)}`);
    }
  });

  it("ends a run with one row per target, from the submetrics its own options make k6 keep", async () => {
    k6Tcp.tcpPeers.peer = () => ({ kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n\r\n"] });
    k6Http.httpServer.behaviour = () => ({ kind: "answer", status: 200, body: '{"hostname":"podinfo-0"}' });
    const exports = await loadBundle({});
    const options = exports.options as { scenarios: Record<string, { exec: string }>; thresholds: Record<string, string[]>; summaryTrendStats: string[] };
    for (const [name, scenario] of Object.entries(options.scenarios)) {
      enterScenario(exports.options, name);
      const vu = await loadBundle({}, {}, 1);
      for (let i = 0; i < 3; i++) await (vu[scenario.exec] as () => unknown)();
    }
    const data = legacySummaryData(k6State.samples, options, { thresholdsEnabled: true, durationMs: 60_000 });
    const { stdout } = (exports.handleSummary as (d: unknown) => { stdout: string })(data);
    for (const name of Object.keys(options.scenarios)) {
      assert.match(stdout, new RegExp(`^  ${name} .* 3 +100\\.00 .* -$`, "m"), `${name}'s row:\n${stdout}`);
    }
  });

  it("keeps project samples within the documented label set (docs/metrics.md), whatever the outcome", async () => {
    const exports = await loadBundle({});
    const scenarios = (exports.options as { scenarios: Record<string, { exec: string }> }).scenarios;
    for (const outcome of ["ok", "fail"]) {
      k6Http.httpServer.behaviour = () => (outcome === "ok" ? { kind: "answer", status: 200, body: '{"hostname":"podinfo-0"}' } : k6Http.transport.refused());
      k6Grpc.grpcServer.mode = outcome === "ok" ? "up" : "refused";
      k6Tcp.tcpPeers.peer = () => (outcome === "ok" ? { kind: "reply", chunks: ["HTTP/1.1 200 OK\r\n"] } : { kind: "refused" });
      for (const [name, scenario] of Object.entries(scenarios)) {
        enterScenario(exports.options, name);
        const vu = await loadBundle({}, {}, 1);
        await (vu[scenario.exec] as () => unknown)();
      }
    }
    const documented = readFileSync(new URL("../docs/metrics.md", import.meta.url), "utf8");
    const keys = new Set(k6State.samples.filter((s) => s.metric.startsWith("cl_")).flatMap((s) => Object.keys(s.tags)));
    for (const key of keys) {
      if (key === "scenario" || key === "group") continue; // added by k6 itself
      assert.ok(documented.includes(`| \`${key}\` |`), `tag ${key} is not in docs/metrics.md`);
    }
    assert.ok(keys.has("dest_pod") && keys.has("reason") && keys.has("latency"));
  });

  it("stops in the init context with a named error, before any request, when the configuration is bad", async () => {
    await assert.rejects(loadBundle({ TARGETS: '[{"name":"a","protocol":"tcp","host":"x","port":70000}]' }), (err: Error) => {
      assert.match(err.message, /TARGETS\[0\]\.port: must be <= 65535 \(got 70000\)/);
      return true;
    });
    assert.equal(k6Http.httpServer.calls.length + k6Grpc.grpcServer.connects + k6Tcp.tcpPeers.sockets.length + k6Dns.dnsServer.calls.length, 0);
  });

  it("runs a scenario target through its `scenario` export, one probe per iteration, tags within docs/metrics.md", async () => {
    const target = { name: "token", protocol: "scenario", scenario: "token-roundtrip", host: "127.0.0.1" };
    const exports = await loadBundle({ TARGETS: JSON.stringify([target]) });
    const scenarios = (exports.options as { scenarios: Record<string, { exec: string }> }).scenarios;
    assert.equal(scenarios.token?.exec, "scenario");
    enterScenario(exports.options, "token");
    k6Http.httpServer.behaviour = podinfoHttp();
    await (exports.scenario as () => Promise<void>)();
    k6Grpc.grpcServer.mode = "killed"; // podinfo's gRPC server dies under the open connection
    await (exports.scenario as () => Promise<void>)();
    assert.deepEqual(
      k6State.samplesOf("cl_requests").map((s) => [s.tags.protocol, s.tags.result, s.tags.reason, s.tags.step]),
      [["scenario", "ok", undefined, undefined], ["scenario", "fail", "connect", "echo"]],
    );
    const documented = readFileSync(new URL("../docs/metrics.md", import.meta.url), "utf8");
    assert.match(documented, /^\| `cl_step_duration` \|/m);
    for (const key of new Set(k6State.samples.filter((s) => s.metric.startsWith("cl_")).flatMap((s) => Object.keys(s.tags)))) {
      if (key === "scenario" || key === "group") continue; // added by k6 itself
      assert.ok(documented.includes(`| \`${key}\` |`), `tag ${key} is not in docs/metrics.md`);
    }
  });

  it("reads the cluster DNS server from /etc/resolv.conf with open() in the init context", async () => {
    const target = { name: "cluster-dns", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "system" };
    const exports = await loadBundle({ TARGETS: JSON.stringify([target]) }, { "/etc/resolv.conf": "nameserver 10.96.0.10\n" });
    k6State.scenario = { name: "cluster-dns", tags: {} };
    await (exports.dns as () => Promise<void>)();
    assert.deepEqual(k6Dns.dnsServer.calls[0]?.args, ["podinfo.lab.svc.cluster.local", "A", "10.96.0.10:53"]);
  });
});
