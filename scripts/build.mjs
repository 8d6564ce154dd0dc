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

/**
 * Lazily evaluated chunks: code bundled as an IIFE inside one exported function that evaluates it on its first call.
 * An ES module's top-level functions are created when the module is evaluated, whether called or not (esbuild
 * hoists them even out of its lazy module wrappers): only code inside a function a VU has not called yet costs
 * that VU nothing. Under Node (tests, tools) each `lazy` file is a plain import of its `entry`; in the bundle this
 * plugin replaces it with the wrapped chunk.
 *
 * A chunk's imports of k6 modules, and of `initModules` (modules that must be evaluated in the init context, such
 * as k6 custom metrics), come from the outer ES module: they are external in the chunk (esbuild turns them into
 * `__require()` calls), the outer module imports them statically (k6 resolves extensions from ES `import`s only)
 * and the wrapping function defines the `require` the chunk calls, which hands out those bindings.
 *
 * - firstInit(): what only k6's first init (__VU 0) runs (src/first-init.ts). Minified (names kept for stack
 *   traces): it repeats a few small modules the VUs use too (8 KB) and the rendered ConfigMap must stay under
 *   client-side apply's 262144 bytes (test/k8s/kustomize.test.ts); nobody reads this part but k6's first init,
 *   whose output is the ConfigError messages, built from data, not from names.
 * - vuRuntime(): a VU's probes (src/vu-runtime.ts), evaluated on a VU's first iteration, or in init when its
 *   targets need it there (src/load.ts). Not minified: it is the code that runs 24/7 and whose stack traces matter.
 */
const LAZY_CHUNKS = [
  { lazy: root("src/first-init-lazy.ts"), entry: root("src/first-init.ts"), fn: "firstInit", minify: true, initModules: [] },
  { lazy: root("src/vu-runtime-lazy.ts"), entry: root("src/vu-runtime.ts"), fn: "vuRuntime", minify: false, initModules: [root("src/metrics/metrics.ts")] },
];
const SRC = root("src/");

/** The id a chunk's `__require()` names an init module by: its path under src/, the same on every machine. */
const initModuleId = (path) => `./${path.slice(SRC.length)}`;

/** The names a module exports, read from esbuild's metafile (the outer module imports exactly these). */
async function exportsOf(path) {
  const built = await esbuild.build({ ...COMMON, entryPoints: [path], format: "esm", external: ["*"], metafile: true });
  return Object.values(built.metafile.outputs)[0].exports;
}

async function lazyChunkSource(chunk) {
  const initIds = new Set(chunk.initModules);
  const externalInit = {
    name: "external-init-modules",
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === "resolving") return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
        return initIds.has(resolved.path) ? { path: initModuleId(resolved.path), external: true } : resolved;
      });
    },
  };
  const global = `${chunk.fn}Module`;
  const inner = await esbuild.build({
    ...COMMON,
    entryPoints: [chunk.entry],
    format: "iife",
    globalName: global,
    external: ["k6", "k6/*"],
    metafile: true,
    plugins: [externalInit],
    ...(chunk.minify ? { minify: true, keepNames: true } : {}),
  });
  const [code] = inner.outputFiles;
  const required = [...new Set(Object.values(inner.metafile.outputs)[0].imports.filter((i) => i.external).map((i) => i.path))].sort();
  const imports = [];
  const bindings = [];
  for (const [n, id] of required.entries()) {
    if (id === "k6" || id.startsWith("k6/")) {
      // k6's namespace objects lack `default` (it is a separate object in k6, every module has one): both.
      imports.push(`import required${n}_default, * as required${n} from ${JSON.stringify(id)};`);
      bindings.push(`${JSON.stringify(id)}: { ...required${n}, default: required${n}_default }`);
    } else {
      // Named imports, not `import * as`: an internal namespace object would cost every VU a getter per export.
      const names = await exportsOf(chunk.initModules.find((path) => initModuleId(path) === id));
      imports.push(`import { ${names.map((name) => `${name} as required${n}_${name}`).join(", ")} } from ${JSON.stringify(id)};`);
      bindings.push(`${JSON.stringify(id)}: { ${names.map((name) => `${name}: required${n}_${name}`).join(", ")} }`);
    }
  }
  return [
    `// ${relative(root("."), chunk.entry)}, bundled by scripts/build.mjs and evaluated on the first call of ${chunk.fn}().`,
    ...imports,
    "let evaluated;",
    `export function ${chunk.fn}() {`,
    "  if (evaluated === undefined) {",
    // What esbuild's __toESM wraps (default imports) it copies own property by own property, a getter closure
    // each: the bindings sit on the prototype and the only own property is __esModule (which makes __toESM keep
    // `default` as it is), so a wrapped k6/http costs one closure, not one per export.
    ...(required.length > 0
      ? [`    const outer = { ${bindings.join(", ")} };`, "    const required = {};", "    const require = (id) => (required[id] ??= Object.create({ ...outer[id] }, { __esModule: { value: true } }));"]
      : []),
    code.text,
    `    evaluated = ${global};`,
    "  }",
    "  return evaluated;",
    "}",
  ].join("\n");
}

const lazyChunks = {
  name: "lazy-chunks",
  setup(build) {
    build.onLoad({ filter: /-lazy\.ts$/ }, async (args) => {
      const chunk = LAZY_CHUNKS.find((c) => c.lazy === args.path);
      return chunk === undefined ? undefined : { contents: await lazyChunkSource(chunk), loader: "js", resolveDir: SRC };
    });
  },
};

const result = await esbuild.build({
  ...COMMON,
  entryPoints: [root("src/load.ts")],
  format: "esm", // k6's automatic extension resolution reads ES `import` statements only
  external: ["k6", "k6/*"], // provided by the k6 binary (and its extensions) at run time
  metafile: true, // lists the bundle's remaining imports for the check below
  banner: { js: "// Continuous Load k6 bundle. GENERATED by `npm run build` from src/: do not edit." },
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
