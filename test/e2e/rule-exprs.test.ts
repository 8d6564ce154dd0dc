// The generated PrometheusRule as Prometheus loads it (a plain rule file) and as expressions to query.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ruleExprs, ruleFile } from "../../scripts/e2e/rule-exprs.ts";
import { PATHS } from "../../src/observability/render.ts";

const committed = readFileSync(new URL(`../../${PATHS.rules}`, import.meta.url), "utf8");

describe("ruleExprs", () => {
  it("lists every rule of the committed PrometheusRule with its group, name and expression", () => {
    const exprs = ruleExprs(committed);
    assert.equal(exprs.length, committed.match(/^\s+expr: /gm)?.length);
    assert.deepEqual(exprs[0], { group: "continuous-load-sli", name: "target:cl_requests:rate5m", expr: "sum by (protocol, target) (rate(k6_cl_requests_total[5m]))" });
    assert.ok(exprs.every((r) => r.expr.length > 0 && r.name !== "(unnamed)"));
    assert.ok(exprs.some((r) => /^[A-Z]/.test(r.name)), "alerts are included, not only recording rules");
  });

  it("refuses a document that is not a PrometheusRule", () => {
    assert.throws(() => ruleExprs("kind: ConfigMap\n"), /not a PrometheusRule with spec.groups \(kind: ConfigMap\)/);
  });
});

describe("ruleFile", () => {
  it("is the PrometheusRule's spec.groups as a plain rule file", () => {
    const file = parse(ruleFile(committed)) as { groups: unknown[] };
    const doc = parse(committed) as { spec: { groups: unknown[] } };
    assert.deepEqual(file, { groups: doc.spec.groups });
  });
});
