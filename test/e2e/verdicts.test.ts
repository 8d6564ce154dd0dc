// Each check's verdict on measured data: what passes and what each kind of breakage reports.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseK6Json } from "../../scripts/e2e/k6-json.ts";
import { absentSeriesVerdict, badInputVerdict, defaultsVerdict, faultInjectionVerdict, rulesVerdict, runnerVerdict, scenarioVerdict, type K6Outcome } from "../../scripts/e2e/verdicts.ts";
import { EXCEPTION_LINE, failTags, okTags, ORDINARY_LINES, point } from "./fixtures.ts";

function outcome(lines: string[], code: number | null = 0, stderr = ORDINARY_LINES): K6Outcome {
  return { code, signal: null, timedOut: false, stderr, results: parseK6Json(lines) };
}

function probes(target: string, protocol: string, ok: number, failures: Record<string, number> = {}): string[] {
  const lines = Array.from({ length: ok }, () => point("cl_requests", 1, okTags(target, protocol)));
  for (const [reason, n] of Object.entries(failures)) for (let i = 0; i < n; i++) lines.push(point("cl_requests", 1, failTags(target, protocol, reason)));
  return lines;
}

describe("scenarioVerdict", () => {
  const steps = (n: number) => Array.from({ length: n }, () => point("cl_step_duration", 1.5, { ...okTags("token", "scenario"), step: "issue" }));

  it("passes a scenario target that reached the bar with its steps timed", () => {
    const result = scenarioVerdict(outcome([...probes("token", "scenario", 20), ...steps(20)]), "token", 99, 15);
    assert.deepEqual(result.problems, []);
    assert.equal(result.name, "scenario token: >= 99% ok, exit 0, steps timed");
  });

  it("fails when no step was timed, and like a default target below the bar", () => {
    const result = scenarioVerdict(outcome(probes("token", "scenario", 18, { body: 2 }), 99), "token", 99, 15);
    assert.deepEqual(result.problems, [
      "k6 ended with exit 99 (thresholds crossed), expected exit 0",
      "target token: 90.0% ok (< 99%): body:2",
      "no cl_step_duration samples: the steps were not timed",
    ]);
  });
});

describe("defaultsVerdict", () => {
  const healthy = [...probes("web", "http", 100), ...probes("rpc", "grpc", 99, { connect: 1 })];

  it("passes when every target reached the bar and k6 exited 0, and shows the weakest target", () => {
    const result = defaultsVerdict(outcome(healthy), ["web", "rpc"], 99, 15);
    assert.deepEqual(result.problems, []);
    assert.equal(result.figures, "exit 0 (ok), 2/2 targets, 200 probes, lowest ok 99.0% (rpc)");
  });

  it("fails below the bar, on too few probes, on a missing or unexpected target, on exit 99 and on an exception", () => {
    const lines = [...probes("web", "http", 97, { status: 3 }), ...probes("rpc", "grpc", 10), ...probes("extra", "dns", 20)];
    const result = defaultsVerdict(outcome(lines, 99, EXCEPTION_LINE), ["web", "rpc", "tcp"], 99, 15);
    assert.equal(result.passed, false);
    assert.deepEqual(result.problems.slice(0, 1), ["k6 ended with exit 99 (thresholds crossed), expected exit 0"]);
    assert.match(result.problems[1]!, /^exception in k6's stderr: .*TypeError/);
    assert.deepEqual(result.problems.slice(2), [
      "target web: 97.0% ok (< 99%): status:3",
      "target rpc: 10 probes (< 15)",
      "target tcp: no cl_requests samples",
      "unexpected target extra in the output",
    ]);
  });
});

describe("badInputVerdict", () => {
  const stderr = 'level=error msg="Invalid configuration (1 problem):\\n  RATE: must be > 0 (got -1)" hint="script exception" source=stacktrace';

  it("passes on exit 107 naming the variable with podinfo's counter unmoved and no probe", () => {
    const result = badInputVerdict(outcome([], 107, stderr), "RATE", 63, 63);
    assert.deepEqual(result.problems, []);
    assert.equal(result.figures, "exit 107 (script exception), podinfo requests 63 -> 63, 0 probes");
  });

  it("fails when k6 ran anyway, podinfo saw requests, or the message does not name the variable", () => {
    const result = badInputVerdict(outcome(probes("web", "http", 2), 0, ""), "RATE", 63, 65);
    assert.deepEqual(result.problems, [
      "k6 ended with exit 0 (ok), expected exit 107",
      "stderr has no `Invalid configuration` message",
      "stderr does not name RATE",
      "podinfo's request counter moved: 63 -> 65",
      "2 probe(s) recorded",
    ]);
  });
});

describe("faultInjectionVerdict", () => {
  const reasons = ["connect", "status", "body"];

  it("passes when the HTTP targets fail with status only and k6 ends with 99", () => {
    const result = faultInjectionVerdict(outcome([...probes("web", "http", 0, { status: 10 }), ...probes("rpc", "grpc", 10)], 99), ["web"], reasons);
    assert.deepEqual(result.problems, []);
    assert.equal(result.figures, "exit 99 (thresholds crossed), 10 of 20 probes failed: web status:10");
  });

  it("fails on a failure without reason, an undocumented reason, HTTP failures of another kind, or a crash", () => {
    const lines = [
      ...probes("web", "http", 1, { status: 8, body: 1 }),
      point("cl_requests", 1, { protocol: "grpc", result: "fail", target: "rpc" }),
      ...probes("tcp", "tcp", 0, { weird: 2 }),
    ];
    const result = faultInjectionVerdict(outcome(lines, 2), ["web"], reasons);
    assert.deepEqual(result.problems, [
      "k6 ended with exit 2, expected exit 0 or 99",
      "target rpc: 1 failure(s) without a reason tag",
      "target tcp: undocumented reason weird",
      "target web: 8 of 10 probes failed with status (every one answered 500)",
    ]);
  });
});

describe("runnerVerdict", () => {
  it("requires exit 0, the runner's banner and every target", () => {
    const banner = /run-k6\.sh: pod p-0/;
    assert.deepEqual(runnerVerdict(outcome(probes("web", "http", 3), 0, "run-k6.sh: pod p-0 (index 0 of 1)"), ["web"], banner).problems, []);
    assert.deepEqual(runnerVerdict(outcome([], 255, "unknown flag"), ["web"], banner).problems, [
      "k6 ended with exit 255 (unknown flag or crash), expected exit 0",
      "stderr lacks the runner's banner (/run-k6\\.sh: pod p-0/)",
      "target web: no cl_requests samples",
    ]);
  });
});

describe("absentSeriesVerdict", () => {
  it("passes when the 24/7 runner wrote none of a series nothing reads, and fails when it wrote any", () => {
    assert.equal(absentSeriesVerdict("k6_cl_request_failed_rate", 0).passed, true);
    assert.deepEqual(absentSeriesVerdict("k6_cl_request_failed_rate", 7).problems, ["7 series arrived, though MODE=continuous writes none"]);
  });
});

describe("rulesVerdict", () => {
  it("passes healthy rules and counts those with data", () => {
    const result = rulesVerdict([{ name: "g/a", health: "ok", lastError: "", query: { samples: 2 } }, { name: "g/b", health: "ok", lastError: "", query: { samples: 0 } }], 2);
    assert.deepEqual(result.problems, []);
    assert.equal(result.figures, "2 rules, 1 with samples now");
  });

  it("reports a rule Prometheus could not evaluate, a query error and a count mismatch", () => {
    const result = rulesVerdict([{ name: "g/a", health: "err", lastError: "vector cannot contain metrics with the same labelset", query: { error: "bad_data: parse error" } }], 0);
    assert.deepEqual(result.problems, [
      "Prometheus loaded 0 rules, the file has 1",
      "g/a: health err: vector cannot contain metrics with the same labelset",
      "g/a: query error: bad_data: parse error",
    ]);
  });
});
