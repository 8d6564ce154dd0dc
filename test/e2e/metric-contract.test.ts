// The series contract read from docs/metrics.md: the real document, and what a broken one does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseMetricContract } from "../../scripts/e2e/metric-contract.ts";
import { enumeratedValues, markdownTables } from "../../scripts/e2e/markdown-tables.ts";
import { ENGINE_LABELS, METRIC, REASONS } from "../../src/metrics/names.ts";

const DOC = readFileSync(new URL("../../docs/metrics.md", import.meta.url), "utf8");

describe("the contract of docs/metrics.md", () => {
  const contract = parseMetricContract(DOC);
  const byMetric = new Map(contract.map((c) => [c.metric, c]));
  const names = (metric: string) => byMetric.get(metric)?.labels.map((l) => l.name);
  const UNIVERSAL = ["scenario", "node", "zone", "pod", "namespace", "bundle", "k6_feature_native_histograms"];

  it("lists the five project metrics the engine declares, with their Prometheus series", () => {
    assert.deepEqual(
      contract.map((c) => [c.metric, c.series]),
      [
        [METRIC.requests, "k6_cl_requests_total"],
        [METRIC.probes, "k6_cl_probes_total"],
        [METRIC.duration, "k6_cl_request_duration_seconds"],
        [METRIC.failed, "k6_cl_request_failed_rate"],
        [METRIC.targetRate, "k6_cl_target_rps"],
      ],
    );
  });

  it("gives each series its labels column plus the labels on every series", () => {
    assert.deepEqual(names(METRIC.targetRate), ["protocol", "target", "path", "expect", "sibling", ...UNIVERSAL], "the scenario's tags only");
    assert.deepEqual(names(METRIC.failed), ["protocol", "target", "path", "expect", "sibling", ...UNIVERSAL]);
    assert.deepEqual(names(METRIC.probes), ["protocol", "target", "path", "expect", "sibling", ...UNIVERSAL], "the per-probe counter has no outcome labels");
    assert.deepEqual(names(METRIC.requests), ["protocol", "target", "result", "reason", "latency", "path", "dest_pod", "expect", "sibling", ...UNIVERSAL]);
  });

  it("reserves every label the engine writes on a probe, so no user tag can take its name (config checks)", () => {
    const engineWrites = names(METRIC.requests)?.filter((name) => !UNIVERSAL.includes(name)) ?? [];
    assert.deepEqual([...engineWrites, "step", "scenario", "group"].sort(), [...ENGINE_LABELS].sort());
  });

  it("knows which series the 24/7 runner (MODE=continuous) does not write", () => {
    assert.deepEqual(contract.filter((c) => !c.continuous).map((c) => c.metric), [METRIC.failed]);
  });

  it("documents exactly the engine's failure reasons as the values of reason", () => {
    const reason = byMetric.get(METRIC.requests)?.labels.find((l) => l.name === "reason");
    assert.deepEqual(reason?.values, [...REASONS]);
  });

  it("reads when a label must appear: always, per result, never on negative probes, only on negative probes", () => {
    const rule = (name: string) => byMetric.get(METRIC.requests)?.labels.find((l) => l.name === name)?.when;
    assert.deepEqual(rule("protocol"), { kind: "always" });
    assert.deepEqual(rule("reason"), { kind: "result", result: "fail", ordinaryOnly: false });
    assert.deepEqual(rule("latency"), { kind: "result", result: "ok", ordinaryOnly: true });
    assert.deepEqual(rule("expect"), { kind: "negative-probe" });
    assert.deepEqual(rule("pod"), { kind: "always" });
  });

  it("keeps a list of values only where the docs give one", () => {
    const labels = byMetric.get(METRIC.requests)!.labels;
    assert.deepEqual(labels.find((l) => l.name === "k6_feature_native_histograms")?.values, ["true"]);
    assert.equal(labels.find((l) => l.name === "dest_pod")?.values, undefined, "dest_pod is described in prose");
    assert.equal(labels.find((l) => l.name === "target")?.values, undefined);
  });
});

describe("a broken contract", () => {
  const table = (labelsCell: string) => `| k6 metric | type | Prometheus series | labels | meaning |
|---|---|---|---|---|
| \`m\` | Counter | \`k6_m_total\` | ${labelsCell} | x |

Tags:
| tag | values | notes |
|---|---|---|
| \`a\` | \`1\`, \`2\` | |

Labels on every series:
| label | values | notes |
|---|---|---|
| \`pod\` | the pod | |
`;

  it("parses a minimal document", () => {
    assert.deepEqual(parseMetricContract(table("`a`")), [
      { metric: "m", type: "Counter", series: "k6_m_total", labels: [{ name: "a", values: ["1", "2"], when: { kind: "always" } }, { name: "pod", when: { kind: "always" } }], continuous: true },
    ]);
  });

  it("names a label of the labels column that no table describes", () => {
    assert.throws(() => parseMetricContract(table("`a`, `b`")), /label b of m is described in no tag table/);
  });

  it("names a missing labels column or metrics table", () => {
    assert.throws(() => parseMetricContract(table("`a`").replace("| labels |", "| tags |")), /no column matching/);
    assert.throws(() => parseMetricContract("# nothing here\n"), /no table whose first column is "k6 metric"/);
  });
});

describe("markdown helpers", () => {
  it("take a table's caption from the whole paragraph above it", () => {
    const [t] = markdownTables("Intro.\n\nFirst line\nsecond line:\n| a | b |\n|---|---|\n| 1 | 2 |\nafter\n");
    assert.deepEqual(t, { caption: "First line second line:", header: ["a", "b"], rows: [["1", "2"]] });
  });

  it("enumerate values only when a cell is nothing but code spans", () => {
    assert.deepEqual(enumeratedValues("`a`, `b`, or `c`"), ["a", "b", "c"]);
    assert.equal(enumeratedValues("the pod's name, `unknown`"), undefined);
    assert.equal(enumeratedValues(""), undefined);
  });
});
