// The dense per-probe counter (cl_probes): one sample per probe whatever the outcome, carrying only the target's
// constant tags, so remote write sends its series in every flush and the SLI denominator cannot go sparse.
import assert from "node:assert/strict";
import { beforeEach, describe, it, mock } from "node:test";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { k6State } from "../fakes/state.ts";
import { planFor, resetFakes } from "../helpers.ts";

describe("cl_probes", () => {
  beforeEach(resetFakes);

  it("counts every probe once, successes, slow probes and failures alike, on a single tag set", () => {
    const recorder = createRecorder(planFor({ name: "web", protocol: "tcp", host: "h", port: 1, latencyObjective: "100ms" }));
    recorder.record(undefined, 5, "podinfo-0");
    recorder.record(undefined, 500, "podinfo-1");
    recorder.record("timeout", 1000);
    recorder.record("status", 3, "podinfo-0");
    const probes = k6State.samplesOf("cl_probes");
    assert.equal(probes.length, 4);
    assert.equal(k6State.samplesOf("cl_requests").length, 4, "the same count as the outcome counter");
    assert.deepEqual(new Set(probes.map((s) => JSON.stringify(s.tags))).size, 1, "one series per target and runner");
    const tags = probes[0]!.tags;
    assert.equal(tags.protocol, "tcp");
    assert.equal(tags.target, "web");
    for (const outcomeTag of ["result", "reason", "latency", "dest_pod"]) assert.equal(tags[outcomeTag], undefined, `no ${outcomeTag} tag`);
    assert.ok(probes.every((s) => s.type === "counter" && s.value === 1));
  });

  it("keeps a negative probe's expect tag, so SLO rules can leave it out", () => {
    const recorder = createRecorder(planFor({ name: "deny", protocol: "tcp", host: "h", port: 1, expect: "blocked", sibling: "web" }));
    recorder.record("connect", 5);
    recorder.record(undefined, 5);
    const probes = k6State.samplesOf("cl_probes");
    assert.equal(probes.length, 2);
    assert.ok(probes.every((s) => s.tags.expect === "blocked" && s.tags.sibling === "web" && s.tags.result === undefined));
  });
});

describe("counters in continuous mode", () => {
  beforeEach(resetFakes);

  it("sums a VU's probes and adds them once a second, outcome counts and probe count in the same step", () => {
    let now = 10_000;
    const clock = mock.method(Date, "now", () => now);
    try {
      const recorder = createRecorder(planFor({ name: "web", protocol: "tcp", host: "h", port: 1, latencyObjective: "100ms" }, { MODE: "continuous" }));
      recorder.record(undefined, 5, "podinfo-0"); // the first probe adds at once: the series exist from the start
      for (let i = 0; i < 9; i++) {
        now += 100;
        recorder.record(i === 4 ? "reset" : undefined, 5, "podinfo-0");
      }
      const counted = () => k6State.samplesOf("cl_requests").map((s) => [s.tags.result, s.value]);
      assert.deepEqual(counted(), [["ok", 1]]);
      assert.deepEqual(k6State.samplesOf("cl_probes").map((s) => s.value), [1]);
      now += 100; // a second after the last add
      recorder.record(undefined, 5, "podinfo-0");
      assert.deepEqual(counted(), [["ok", 1], ["ok", 9], ["fail", 1]]);
      assert.deepEqual(k6State.samplesOf("cl_probes").map((s) => s.value), [1, 10]);
      assert.equal(k6State.samplesOf("cl_request_duration").length, 11, "every probe's duration, as before");
    } finally {
      clock.mock.restore();
    }
  });
});
