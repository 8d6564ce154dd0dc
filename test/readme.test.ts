// The README's configuration tables stay in step with the code and config/schema.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ENV_VARIABLES } from "../src/config/env-variables.ts";
import { PROTOCOLS } from "../src/metrics/names.ts";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const SCHEMA = JSON.parse(readFileSync(new URL("../config/schema.json", import.meta.url), "utf8"));

/** Rows of the first Markdown table after `heading`, as arrays of trimmed cells, header and rule dropped. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading);
  assert.ok(start >= 0, `README has no "${heading}" section`);
  const lines = README.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(" | ").map((c) => c.trim()));
  }
  return rows;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");

describe("README configuration table", () => {
  const rows = tableAfter("## Configuration");

  it("lists every environment variable the engine reads, in order of precedence", () => {
    assert.deepEqual(rows.map((r) => unquote(r[0] as string)), ENV_VARIABLES.map((v) => v.name));
  });

  it("gives each variable's type, default and meaning as the code defines them", () => {
    for (const variable of ENV_VARIABLES) {
      const row = rows.find((r) => unquote(r[0] as string) === variable.name);
      assert.deepEqual(row?.slice(1), [variable.type, variable.default, variable.meaning], variable.name);
    }
  });

  it("maps every variable onto a field that exists in the schema", () => {
    for (const variable of ENV_VARIABLES) {
      let node = SCHEMA;
      for (const token of variable.path) node = node.properties?.[token];
      assert.ok(node !== undefined, `${variable.name} -> ${variable.path.join(".")} is not in config/schema.json`);
    }
  });
});

describe("README targets table", () => {
  const rows = tableAfter("### Targets");

  it("documents every field of every target kind in the schema, with the protocols that accept it", () => {
    const documented = new Map<string, Set<string>>();
    for (const row of rows) {
      const field = unquote(row[0] as string);
      const protocols = (row[1] as string) === "all" ? PROTOCOLS : (row[1] as string).split(", ");
      for (const p of protocols) documented.set(`${p}.${field}`, new Set());
    }
    const inSchema = new Set<string>();
    for (const protocol of PROTOCOLS) {
      for (const field of Object.keys(SCHEMA.definitions[`${protocol}Target`].properties)) inSchema.add(`${protocol}.${field}`);
    }
    assert.deepEqual([...documented.keys()].sort(), [...inSchema].sort());
  });
});
