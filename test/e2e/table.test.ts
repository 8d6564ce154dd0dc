// The per-target table: columns, figures and alignment.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TargetStats } from "../../scripts/e2e/k6-json.ts";
import { formatReasons, formatTable, tableRow } from "../../scripts/e2e/table.ts";

const stats = (over: Partial<TargetStats>): TargetStats => ({ target: "t", protocol: "http", probes: 0, ok: 0, failures: {}, durationsMs: [], ...over });

describe("formatReasons", () => {
  it("lists reasons most frequent first, ties by name, and '-' when nothing failed", () => {
    assert.equal(formatReasons({ timeout: 1, status: 3, connect: 1, dns: 0 }), "status:3 connect:1 timeout:1");
    assert.equal(formatReasons({}), "-");
  });
});

describe("tableRow", () => {
  it("gives probes, ok % and p50/p95/p99 of the durations", () => {
    const durations = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(tableRow(stats({ target: "web", probes: 200, ok: 199, failures: { status: 1 }, durationsMs: durations })), [
      "web",
      "http",
      "200",
      "99.5",
      "50.50",
      "95.05",
      "99.01",
      "status:1",
    ]);
  });

  it("shows '-' for the percentiles of a target without duration samples and whole ms from 100 ms up", () => {
    assert.deepEqual(tableRow(stats({ probes: 4, ok: 4 })).slice(4, 7), ["-", "-", "-"]);
    assert.equal(tableRow(stats({ durationsMs: [1234.56] }))[4], "1235");
  });
});

describe("formatTable", () => {
  it("has a header and one row per target, numbers right-aligned in columns", () => {
    const lines = formatTable([stats({ target: "a", probes: 5, ok: 5, durationsMs: [1] }), stats({ target: "longer-name", protocol: "grpc", probes: 12, ok: 6, failures: { connect: 6 } })]).split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^target\s+protocol\s+probes\s+ok %\s+p50 ms\s+p95 ms\s+p99 ms\s+failure reasons$/);
    assert.match(lines[1]!, /^a\s+http\s+5\s+100\.0\s+1\.00\s+1\.00\s+1\.00\s+-$/);
    assert.match(lines[2]!, /^longer-name\s+grpc\s+12\s+50\.0\s+-\s+-\s+-\s+connect:6$/);
    const probesEnd = (line: string) => line.indexOf("probes") + "probes".length;
    assert.equal(lines[1]!.indexOf("5 ") + 1, probesEnd(lines[0]!), "probes right-aligned under the header");
  });
});
