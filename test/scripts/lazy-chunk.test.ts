// scripts/lazy-chunk.mjs: an esbuild ES module turned into code evaluated inside a function, its imports hoisted.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lazyChunk } from "../../scripts/lazy-chunk.mjs";

describe("lazyChunk", () => {
  it("hoists default and named imports as outer bindings, one per module and name, and returns the exports", () => {
    const code = [
      'import { check } from "k6";',
      "var requests2 = requests;",
      'import http2 from "k6/http";',
      "function get() { return http2.get(); }",
      'import http3, { expectedStatuses as statuses } from "k6/http";',
      'import {\n  requests as r\n} from "./metrics/metrics.ts";',
      "export {\n  get,\n  check as verify\n};",
    ].join("\n");
    const { imports, body } = lazyChunk(code, "vu");
    assert.deepEqual(imports, [
      'import { check as vu_1_check } from "k6";',
      'import vu_2_default, { expectedStatuses as vu_2_expectedStatuses } from "k6/http";',
      'import { requests as vu_3_requests } from "./metrics/metrics.ts";',
    ]);
    assert.match(body, /^var check = vu_1_check;$/m);
    assert.match(body, /^var http2 = vu_2_default;$/m);
    assert.match(body, /^var http3 = vu_2_default; var statuses = vu_2_expectedStatuses;$/m);
    assert.match(body, /^var r = vu_3_requests;$/m);
    assert.doesNotMatch(body, /^\s*(import|export)\b/m);
    // The body is an expression yielding the exports, given the outer bindings.
    const evaluate = new Function("vu_1_check", "vu_2_default", "vu_2_expectedStatuses", "vu_3_requests", "requests", `return ${body};`);
    const exports = evaluate(() => "checked", { get: () => "got" }, [200], "r", "requests");
    assert.deepEqual(Object.keys(exports), ["get", "verify"]);
    assert.equal(exports.get(), "got");
    assert.equal(exports.verify(), "checked");
  });

  it("reads deferred modules through the named function when the chunk is evaluated, instead of importing them", () => {
    const code = ['import http from "k6/http";', 'import { Socket } from "k6/x/tcp";', 'import { check } from "k6";', "function probe() {", "  return [http.get(), new Socket(), check()];", "}", "export {", "  probe", "};"].join("\n");
    const { imports, body } = lazyChunk(code, "tcpCode", { deferred: new Set(["k6/http", "k6/x/tcp"]), k6Import: { from: "./k6-modules.ts", name: "k6Import" } });
    assert.deepEqual(imports, ['import { k6Import as tcpCode_1_k6Import } from "./k6-modules.ts";', 'import { check as tcpCode_2_check } from "k6";']);
    const read: string[] = [];
    const modules: Record<string, Record<string, unknown>> = {
      "k6/http": { get: () => "got" },
      "k6/x/tcp": { Socket: class { kind = "socket"; } },
    };
    const k6Import = (module: string, name: string) => {
      read.push(`${module} ${name}`);
      const m = modules[module] as Record<string, unknown>;
      return name === "default" ? m : m[name];
    };
    const exports = new Function("tcpCode_1_k6Import", "tcpCode_2_check", `return ${body};`)(k6Import, () => "checked");
    assert.deepEqual(read, ["k6/http default", "k6/x/tcp Socket"], "read once, when the chunk is evaluated");
    const [got, socket, checked] = exports.probe();
    assert.deepEqual([got, (socket as { kind: string }).kind, checked], ["got", "socket", "checked"]);
    assert.throws(() => lazyChunk(code, "tcpCode", { deferred: new Set(["k6/http"]) }), /k6\/http is deferred, but no k6Import function is named/);
  });

  it("refuses what it cannot turn into bindings, naming the statement", () => {
    assert.throws(() => lazyChunk('import * as http from "k6/http";\nexport { http };', "vu"), /unsupported import .*import \* as http/);
    assert.throws(() => lazyChunk('import "k6/http";\nexport { x };', "vu"), /a statement a function cannot hold: "import \\"k6\/http\\";"/);
    assert.throws(() => lazyChunk("var x = 1;\nexport default x;", "vu"), /a statement a function cannot hold: "export default x;"/);
    assert.throws(() => lazyChunk('import { a-b } from "k6";', "vu"), /cannot read the binding "a-b"/);
  });
});
