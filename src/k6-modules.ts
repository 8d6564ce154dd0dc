// The k6 modules of the probes (k6/http, k6/net/grpc, k6/x/dns, k6/x/tcp), instantiated in a VU only when its
// configuration has a target that uses them.
//
// k6 instantiates every ES `import` in every VU's runtime, used or not: on real k6 the gRPC module alone cost each
// VU 0.014 MB, k6/x/dns 0.005 (200 VUs, against a script without them). In the bundle, the probe code reads these
// modules through k6Import() (scripts/build.mjs rewrites its imports), and src/load.ts require()s in init those
// of the configured protocols: k6 allows require() only in the init context, and only of modules its first init
// (__VU 0, the same configuration) required too. Under Node the probe code imports them as usual.
import type { Protocol } from "./config/types.ts";

/**
 * The modules each protocol's probe code imports ("pod" for the pod path's discovery); test/bundle.test.ts checks
 * them against the bundle. A switch, not a table: a module-level object is built in every VU.
 */
export function k6ModulesOf(part: Protocol | "pod"): readonly string[] {
  switch (part) {
    case "http":
      return ["k6/http"];
    case "grpc":
      return ["k6/net/grpc"];
    case "tcp":
      return ["k6/x/tcp", "k6/http"]; // the connect test is an HTTP request
    case "dns":
    case "pod":
      return ["k6/x/dns"];
    case "scenario":
      return ["k6/http", "k6/net/grpc", "k6/x/tcp", "k6/x/dns"]; // a scenario's steps may use any of them
  }
}

/** The modules a configuration's probes use, each once. Arrays, not a Set: on k6 a Set costs every VU ~15 KB. */
export function k6ModulesFor(protocols: readonly Protocol[], podPath: boolean): string[] {
  const modules: string[] = [];
  const add = (list: readonly string[]) => {
    for (const module of list) if (!modules.includes(module)) modules.push(module);
  };
  for (const protocol of protocols) add(k6ModulesOf(protocol));
  if (podPath) add(k6ModulesOf("pod"));
  return modules.sort();
}

const loaded: Record<string, unknown> = Object.create(null);

/** require()s each module in k6's init context, once. */
export function requireK6Modules(specifiers: readonly string[]): void {
  const require = (globalThis as { require?: (specifier: string) => unknown }).require;
  if (typeof require !== "function") throw new Error("no require function here: k6 provides one in the init context");
  for (const specifier of specifiers) if (!(specifier in loaded)) loaded[specifier] = require(specifier);
}

/**
 * One binding of a module required in init: what the bundle's probe code reads instead of an ES import. k6's
 * require() gives a module's default export itself, or for a module with named exports too an object holding
 * them and `default` (marked `__esModule`).
 */
export function k6Import(specifier: string, name: string): unknown {
  const module = loaded[specifier] as Record<string, unknown> | undefined;
  if (module === undefined) {
    throw new Error(`${specifier} was not required in init (k6ModulesOf() in src/k6-modules.ts misses a module the probe code imports)`);
  }
  if (name !== "default") return module[name];
  return module.__esModule === true ? module.default : module;
}
