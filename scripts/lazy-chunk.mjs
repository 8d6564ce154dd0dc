// Turns an esbuild ES module bundle (a chunk) into code that evaluates it inside a function, on the function's
// first call: an ES module's top-level functions and objects are created when the module is evaluated, whether
// used or not, so only code inside a function a VU has not called yet costs that VU's runtime nothing.
// Pure: text in, text out (scripts/build.mjs does the bundling).
//
// A function cannot hold `import` statements: the chunk's imports move to the generated module's top level, as
// named bindings (imports of the chunk's init modules, such as the k6 custom metrics, bind the outer bundle's
// own instances), and inside the function each former import becomes a `var` aliasing its binding; a deferred
// module is not imported at all, its bindings are read by a named function when the chunk is evaluated.
// No namespace objects and no copies: in k6 an `import * as` namespace
// and esbuild's CommonJS interop (`__toESM`) each cost every VU that evaluates them a few KB per module.

const IMPORT = /^import\s*([^;"]*?)\s*from\s*"([^"]+)";?[ \t]*$/gm;
const EXPORT = /^export\s*\{([^}]*)\};?[ \t]*$/gm;
const IDENT = /^[A-Za-z_$][\w$]*$/;

function identifier(name, statement) {
  if (!IDENT.test(name)) throw new Error(`lazy chunk: cannot read the binding ${JSON.stringify(name)} in ${JSON.stringify(statement)}`);
  return name;
}

/** `a, b as c` -> [["a", "a"], ["b", "c"]]: [exported name, local name]. */
function specifiers(list, statement) {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => {
      const [name, local = name] = item.split(/\s+as\s+/);
      return [identifier(name, statement), identifier(local, statement)];
    });
}

/** The bindings one import statement's clause declares: [imported name ("default" or a named export), local]. */
function importBindings(clause, statement) {
  const match = /^(?:([A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{([^}]*)\})?$/.exec(clause.trim());
  if (match === null || (match[1] === undefined && match[2] === undefined)) {
    throw new Error(`lazy chunk: unsupported import (only default and named imports are): ${JSON.stringify(statement)}`);
  }
  return [...(match[1] === undefined ? [] : [["default", match[1]]]), ...(match[2] === undefined ? [] : specifiers(match[2], statement))];
}

/**
 * @param {string} code an esbuild bundle in ES module format, not minified (one statement per line)
 * @param {string} fn the name of the exported function that evaluates the chunk
 * @param {{ deferred?: ReadonlySet<string>, k6Import?: { from: string, name: string } }} [options] `deferred`:
 *   modules not imported at all but read when the chunk is evaluated, through the function `k6Import.name`
 *   exported by the module `k6Import.from` (called with the module and the imported name): k6 instantiates every
 *   ES import in every VU, used or not (src/k6-modules.ts)
 * @returns {{ imports: string[], body: string }} the generated module's import statements, and an expression
 *   that evaluates the chunk and yields its exports as an object
 */
export function lazyChunk(code, fn, options = {}) {
  const deferred = options.deferred ?? new Set();
  const byModule = new Map(); // module -> Map(imported name -> outer alias)
  const aliasOf = (module, name) => {
    let names = byModule.get(module);
    if (names === undefined) byModule.set(module, (names = new Map()));
    if (!names.has(name)) names.set(name, `${fn}_${byModule.size}_${name}`);
    return names.get(name);
  };
  let body = code.replace(IMPORT, (statement, clause, module) =>
    importBindings(clause, statement)
      .map(([name, local]) => {
        if (!deferred.has(module)) return `var ${local} = ${aliasOf(module, name)};`;
        if (options.k6Import === undefined) throw new Error(`lazy chunk: ${module} is deferred, but no k6Import function is named`);
        return `var ${local} = ${aliasOf(options.k6Import.from, options.k6Import.name)}(${JSON.stringify(module)}, ${JSON.stringify(name)});`;
      })
      .join(" "),
  );
  const exported = [];
  body = body.replace(EXPORT, (statement, list) => {
    exported.push(...specifiers(list, statement).map(([local, name]) => `${name}: ${local}`));
    return "";
  });
  const left = /^[ \t]*(?:import|export)\b.*$/m.exec(body);
  if (left !== null) throw new Error(`lazy chunk: a statement a function cannot hold: ${JSON.stringify(left[0])}`);
  const imports = [...byModule].map(([module, names]) => {
    const all = [...names];
    const def = all.find(([name]) => name === "default");
    const named = all.filter(([name]) => name !== "default").map(([name, alias]) => `${name} as ${alias}`);
    const clause = [def?.[1], named.length > 0 ? `{ ${named.join(", ")} }` : undefined].filter((part) => part !== undefined).join(", ");
    return `import ${clause} from ${JSON.stringify(module)};`;
  });
  return { imports, body: `(() => {\n${body}\nreturn { ${exported.join(", ")} };\n})()` };
}
