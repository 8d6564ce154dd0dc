// Label derivation: which pod answered, how a negative probe is judged, and the bound on dest_pod values.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hostnameFromJson, hostnameFromMessage } from "../../src/metrics/dest-pod.ts";
import { REASONS } from "../../src/metrics/names.ts";
import { judge } from "../../src/metrics/negative-probe.ts";
import { MAX_DEST_PODS, OutcomeTagCache } from "../../src/metrics/outcome-tags.ts";
import { scenarioTags } from "../../src/options/scenario-tags.ts";

const PODINFO_INFO = `{
  "hostname": "podinfo-7d9c8b6f4-x2kqz",
  "version": "6.14.1",
  "revision": "eec06d1",
  "color": "#34577c"
}`;

describe("destination pod", () => {
  it("is read from podinfo's /api/info document", () => assert.equal(hostnameFromJson(PODINFO_INFO), "podinfo-7d9c8b6f4-x2kqz"));
  it("is read from a compact document too", () => assert.equal(hostnameFromJson('{"hostname":"podinfo-0"}'), "podinfo-0"));
  it("is unknown when the body does not name it", () => assert.equal(hostnameFromJson('{"status":200}'), undefined));
  it("is never something that is not a pod name", () => {
    assert.equal(hostnameFromJson('{"hostname":"Evil Label\\"}"}'), undefined);
    assert.equal(hostnameFromJson(`{"hostname":"${"a".repeat(300)}"}`), undefined);
  });
  it("is read from a gRPC info.InfoService/Info reply", () => {
    assert.equal(hostnameFromMessage({ hostname: "podinfo-1", version: "6.14.1" }), "podinfo-1");
    assert.equal(hostnameFromMessage({ version: "6.14.1" }), undefined);
    assert.equal(hostnameFromMessage(null), undefined);
  });
});

describe("negative probe verdicts", () => {
  it("counts an ordinary target's completed exchange as ok and any failure as that failure", () => {
    assert.deepEqual(judge(undefined, "allowed"), { ok: true, blocked: false });
    assert.deepEqual(judge("timeout", "allowed"), { ok: false, reason: "timeout" });
  });
  for (const reason of ["connect", "reset", "timeout"] as const) {
    it(`counts a blocked probe that failed with ${reason} as blocked, as the policy demands`, () => {
      assert.deepEqual(judge(reason, "blocked"), { ok: true, blocked: true });
    });
  }
  for (const raw of [undefined, "status", "body"] as const) {
    it(`counts a blocked probe whose exchange completed (${raw ?? "ok"}) as a not_blocked violation`, () => {
      assert.deepEqual(judge(raw, "blocked"), { ok: false, reason: "not_blocked" });
    });
  }
  for (const reason of ["dns", "tls", "error"] as const) {
    it(`counts a blocked probe that failed with ${reason} as inconclusive: a failure, not a verified deny`, () => {
      assert.deepEqual(judge(reason, "blocked"), { ok: false, reason });
    });
  }
});

describe("outcome tags", () => {
  it("come with the target's scenario: protocol, target and path, plus expect and sibling on negative probes only", () => {
    assert.deepEqual(scenarioTags({ name: "a", protocol: "tcp", host: "h", port: 1 }), { protocol: "tcp", target: "a", path: "service" });
    assert.deepEqual(scenarioTags({ name: "d", protocol: "tcp", host: "h", port: 1, path: "pod", expect: "blocked", sibling: "a" }), {
      protocol: "tcp",
      target: "d",
      path: "pod",
      expect: "blocked",
      sibling: "a",
    });
  });

  it("tag each destination pod, unknown when not revealed, and at most MAX_DEST_PODS before 'other'", () => {
    const cache = new OutcomeTagCache();
    assert.equal(cache.for(undefined).fast.dest_pod, "unknown");
    for (let i = 0; i < MAX_DEST_PODS * 2; i++) cache.for(`podinfo-${i}`);
    const values = new Set<string>();
    for (let i = 0; i < MAX_DEST_PODS * 2; i++) values.add(cache.for(`podinfo-${i}`).fast.dest_pod as string);
    assert.ok(values.size <= MAX_DEST_PODS);
    assert.ok(values.has("other"));
    assert.equal(cache.for("podinfo-1"), cache.for("podinfo-1"), "built once, reused");
  });

  it("give every failure reason its own tag set", () => {
    const tags = new OutcomeTagCache().for("p");
    assert.deepEqual(Object.keys(tags.failure), [...REASONS]);
    assert.deepEqual(tags.failure.not_blocked, { dest_pod: "p", result: "fail", reason: "not_blocked" });
    assert.deepEqual(tags.blocked, { dest_pod: "p", result: "ok" });
  });
});
