// Purpose: bundle the engine (src/load.ts) into one ES module, build/load.js, that k6 v2 runs as is, and place
//          the committed copy the Kustomize base reads (k8s/base/files/load.js) so GitOps needs no Node.
// Prerequisites: npm ci.
// Usage: node scripts/build.mjs [--check]
//   --check  also fail when a committed generated file (validator, Kustomize copy) differs from a fresh build.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { generateValidatorSource } from "./generate-validator.mjs";
import { lazyChunk } from "./lazy-chunk.mjs";

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const VALIDATOR = root("src/config/validate-config.generated.js");
const BUNDLE = root("build/load.js");
const KUSTOMIZE_COPY = root("k8s/base/files/load.js");
/** A ConfigMap holds at most 1 MiB; fail loudly long before the bundle gets near it. */
export const SIZE_BUDGET_BYTES = 256 * 1024;

const check = process.argv.includes("--check");
const stale = [];

function writeGenerated(path, content) {
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (current === content) return;
  if (check) stale.push(path);
  else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

writeGenerated(VALIDATOR, generateValidatorSource());
if (stale.length > 0) {
  // The bundle below would be built from the stale validator: stop here.
  console.error(`stale generated file: ${stale.join(", ")}\nRun \`npm run build\` and commit the result.`);
  process.exit(1);
}

/** What both bundles share: k6's Sobek as the target, k6 modules provided at run time. */
const COMMON = {
  bundle: true, // k6 gets one file: no module resolution at run time, one ConfigMap key
  target: "es2022", // k6's Sobek runs ES2022...
  supported: { "async-generator": false, "for-await": false }, // ...except these, which fail to load
  platform: "browser", // never "node": it would silently leave fs/net imports in
  mainFields: ["module", "main"],
  write: false,
  legalComments: "inline",
  logLevel: "warning",
};
/** The same language level for code esbuild only transforms (a minified lazy chunk). */
const TRANSFORM = { target: COMMON.target, supported: COMMON.supported, legalComments: COMMON.legalComments, logLevel: COMMON.logLevel };

/**
 * Lazily evaluated chunks: code bundled inside one exported function that evaluates it on its first call
 * (scripts/lazy-chunk.mjs says why and how). Under Node (tests, tools) each `lazy` file is a plain import of its
 * `entry`; in the bundle this plugin replaces it with the wrapped chunk. `initModules` are modules that must be
 * evaluated in the init context (k6 custom metrics can only be created there): the chunk imports them from the
 * outer bundle instead of holding its own copy.
 *
 * - firstInit(): what only k6's first init (__VU 0) runs (src/first-init.ts). Minified (names kept for stack
 *   traces): it repeats a few small modules the VUs use too (8 KB) and the rendered ConfigMap must stay under
 *   client-side apply's 262144 bytes (test/k8s/kustomize.test.ts); nobody reads this part but k6's first init,
 *   whose output is the ConfigError messages, built from data, not from names. `fromSource`: the chunk is a
 *   string that firstInit() compiles with `new Function`. k6 keeps a module's syntax tree and compiled code
 *   for the whole run, in the process every VU shares, whether any VU calls it or not (0.84 MB of tree and 0.46 MB
 *   of code for the rest of the bundle in a heap profile); a string is one flat value, compiled only by the runtime
 *   that calls firstInit(). (Never-called code, once measured at +2.7% CPU per probe, cost nothing measurable
 *   side by side since: docs/cost.md.) It can reach only globals: no imports.
 * - vuRuntime(): a VU's probes (src/vu-runtime.ts), evaluated on a VU's first iteration, or in init when its
 *   targets need it there (src/load.ts). Not minified: it is the code that runs 24/7, whose stack traces matter.
 */
const METRICS = root("src/metrics/metrics.ts");
/** The probes' k6 modules: read through k6Import() of src/k6-modules.ts, which says why, instead of imported. */
const K6_MODULES = root("src/k6-modules.ts");
const DEFERRED_K6_MODULES = new Set(["k6/http", "k6/net/grpc", "k6/x/dns", "k6/x/tcp"]);
const EXTENSIONS = [...DEFERRED_K6_MODULES].filter((module) => module.startsWith("k6/x/"));
const LAZY_CHUNKS = [
  { lazy: root("src/first-init-lazy.ts"), entry: root("src/first-init.ts"), fn: "firstInit", minify: true, fromSource: true, initModules: [] },
  // `shares`: modules with state that its chunks must share, held by vuRuntime() even where it does not use them:
  // the pod names one protocol's answers taught (pod-names.ts) are the ones the others' dest_pod tags read.
  { lazy: root("src/vu-runtime-lazy.ts"), entry: root("src/vu-runtime.ts"), fn: "vuRuntime", minify: false, initModules: [METRICS, K6_MODULES], deferK6: true, shares: [root("src/paths/pod-names.ts")] },
  // Inside vuRuntime(), one chunk per protocol: a VU evaluates the code of the protocols it probes, not all five.
  // Each imports what vuRuntime() holds (its own modules and `shares`) from there, one instance, and bundles the
  // rest itself (stateless helpers two protocols use are repeated), and exports functions that evaluate it on
  // their first call.
  ...[
    ["http-probe", "src/protocols/http.ts", "createHttpProbe"],
    ["grpc-probe", "src/protocols/grpc.ts", "createGrpcProbe"],
    ["tcp-probe", "src/protocols/tcp.ts", "createTcpProbe"],
    ["dns-probe", "src/protocols/dns.ts", "createDnsProbe"],
    ["scenario-probe", "src/scenario-kit/k6/scenario-probe.ts", "createScenarioProbe"],
    ["pod-path", "src/paths/pod-discovery.ts", "createPodPicker"], // only targets on the pod path need it
  ].map(([name, entry, create]) => ({
    lazy: root(`src/vu-chunks/${name}-lazy.ts`),
    entry: root(entry),
    fn: `${name.replace(/-(\w)/g, (_, c) => c.toUpperCase())}Code`,
    minify: false,
    initModules: [METRICS, K6_MODULES],
    deferK6: true,
    parent: root("src/vu-runtime.ts"),
    delegates: [create],
  })),
];
const SRC = root("src/");

/** The modules a chunk bundles itself, not through the lazy chunks inside it (absolute paths), bundled once per entry. */
const ownModulesOf = new Map();
function ownModules(entry) {
  if (!ownModulesOf.has(entry)) ownModulesOf.set(entry, bundledInputs(entry));
  return ownModulesOf.get(entry);
}

async function bundledInputs(entry) {
  const lazyExternal = { name: "lazy-external", setup: (build) => build.onResolve({ filter: /-lazy\.ts$/ }, (args) => ({ path: args.path, external: true })) };
  const built = await esbuild.build({ ...COMMON, entryPoints: [entry], format: "esm", external: ["k6", "k6/*"], metafile: true, absWorkingDir: root("."), plugins: [lazyExternal] });
  return new Set(Object.keys(built.metafile.inputs).map((path) => root(path)));
}

async function lazyChunkSource(chunk) {
  // Imported from the outer module instead of bundled again: init modules, and what the parent chunk holds.
  const parent = LAZY_CHUNKS.find((c) => c.entry === chunk.parent);
  const imported = new Set([...chunk.initModules, ...(parent === undefined ? [] : [...(await ownModules(parent.entry)), ...(parent.shares ?? [])])]);
  const importFromOuter = {
    name: "import-from-outer",
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === "resolving") return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
        // Named by its path under src/ (the same on every machine), which the outer bundle resolves from there.
        return imported.has(resolved.path) ? { path: `./${relative(SRC, resolved.path)}`, external: true } : resolved;
      });
    },
  };
  const inner = await esbuild.build({ ...COMMON, entryPoints: [chunk.entry], format: "esm", external: ["k6", "k6/*"], plugins: [importFromOuter, lazyChunks] });
  const deferral = chunk.deferK6 === true ? { deferred: DEFERRED_K6_MODULES, k6Import: { from: `./${relative(SRC, K6_MODULES)}`, name: "k6Import" } } : {};
  const { imports, body } = lazyChunk(inner.outputFiles[0].text, chunk.fn, deferral);
  const evaluate = `var ${chunk.fn}Module = ${body};`;
  const built = chunk.minify ? (await esbuild.transform(evaluate, { ...TRANSFORM, minify: true, keepNames: true })).code : evaluate;
  if (chunk.fromSource === true && imports.length > 0) throw new Error(`${chunk.fn}(): compiled from source, it sees only globals, yet it imports: ${imports.join(" ")}`);
  const code = chunk.fromSource === true ? `var ${chunk.fn}Module = new Function(${JSON.stringify(`${built}return ${chunk.fn}Module;`)})();` : built;
  return [
    `// ${relative(root("."), chunk.entry)}, bundled by scripts/build.mjs and evaluated on the first call of ${chunk.fn}().`,
    ...imports,
    `let ${chunk.fn}Evaluated;`,
    `${chunk.delegates === undefined ? "export " : ""}function ${chunk.fn}() {`,
    `  if (${chunk.fn}Evaluated === undefined) {`,
    code,
    `    ${chunk.fn}Evaluated = ${chunk.fn}Module;`,
    "  }",
    `  return ${chunk.fn}Evaluated;`,
    "}",
    // The lazy file's Node version re-exports these functions from the entry: same names, same signatures.
    ...(chunk.delegates ?? []).map((name) => `export function ${name}(...args) {\n  return ${chunk.fn}().${name}(...args);\n}`),
  ].join("\n");
}

const lazyChunks = {
  name: "lazy-chunks",
  setup(build) {
    build.onLoad({ filter: /-lazy\.ts$/ }, async (args) => {
      const chunk = LAZY_CHUNKS.find((c) => c.lazy === args.path);
      // Bundled as a plain import, a lazy file would silently cost every VU its whole chunk again.
      if (chunk === undefined) return { errors: [{ text: `${relative(root("."), args.path)} is not a declared lazy chunk (LAZY_CHUNKS in scripts/build.mjs)` }] };
      return { contents: await lazyChunkSource(chunk), loader: "js", resolveDir: SRC };
    });
  },
};

const result = await esbuild.build({
  ...COMMON,
  entryPoints: [root("src/load.ts")],
  format: "esm", // k6's automatic extension resolution reads ES `import`s and "use k6" directives
  external: ["k6", "k6/*"], // provided by the k6 binary (and its extensions) at run time
  metafile: true, // lists the bundle's remaining imports for the check below
  // The extensions the probes require() (src/k6-modules.ts) are no ES imports, which k6's automatic extension
  // resolution reads; k6 reads these "use k6" directives too (they must open the file).
  banner: { js: ['// Continuous Load k6 bundle. GENERATED by `npm run build` from src/: do not edit.', ...EXTENSIONS.map((module) => `"use k6 with ${module}";`)].join("\n") },
  plugins: [lazyChunks],
});

const [output] = result.outputFiles;
const imports = Object.values(result.metafile.outputs)[0].imports.map((i) => i.path);
const foreign = imports.filter((path) => path !== "k6" && !path.startsWith("k6/"));
if (foreign.length > 0) {
  console.error(`the bundle imports modules k6 does not provide: ${foreign.join(", ")}`);
  process.exit(1);
}
if (output.contents.byteLength > SIZE_BUDGET_BYTES) {
  console.error(`build/load.js is ${output.contents.byteLength} bytes, over the ${SIZE_BUDGET_BYTES}-byte budget`);
  process.exit(1);
}

mkdirSync(root("build"), { recursive: true });
writeFileSync(BUNDLE, output.text);
writeGenerated(KUSTOMIZE_COPY, output.text);
if (stale.length > 0) {
  console.error(`stale generated file: ${stale.join(", ")}\nRun \`npm run build\` and commit the result.`);
  process.exit(1);
}
console.log(`build/load.js: ${output.contents.byteLength} bytes (budget ${SIZE_BUDGET_BYTES}); imports: ${[...new Set(imports)].sort().join(", ")}`);
