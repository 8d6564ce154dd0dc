// dest_pod on the pod path: the answer's name, else the name learned for the dialled IP, else the IP.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { destPodOf, forgetPodNames, MAX_KNOWN_PODS } from "../../src/paths/pod-names.ts";

describe("destPodOf", () => {
  beforeEach(forgetPodNames);

  it("names a failed probe on the pod path by its IP until an answer from that IP named the pod", () => {
    assert.equal(destPodOf(undefined, "10.0.0.11"), "10.0.0.11");
    assert.equal(destPodOf("podinfo-a", "10.0.0.11"), "podinfo-a");
    assert.equal(destPodOf(undefined, "10.0.0.11"), "podinfo-a");
    assert.equal(destPodOf(undefined, "10.0.0.12"), "10.0.0.12");
  });

  it("follows a new pod that took over an IP", () => {
    destPodOf("podinfo-a", "10.0.0.11");
    destPodOf("podinfo-c", "10.0.0.11");
    assert.equal(destPodOf(undefined, "10.0.0.11"), "podinfo-c");
  });

  it("leaves other paths to the answer alone: no IP, no guess", () => {
    assert.equal(destPodOf(undefined, undefined), undefined);
    assert.equal(destPodOf("podinfo-a", undefined), "podinfo-a");
  });

  it(`starts afresh past ${MAX_KNOWN_PODS} IPs instead of growing`, () => {
    for (let i = 0; i < MAX_KNOWN_PODS; i++) destPodOf(`pod-${i}`, `10.1.${i >> 8}.${i & 255}`);
    assert.equal(destPodOf(undefined, "10.1.0.0"), "pod-0");
    destPodOf("pod-new", "10.2.0.1");
    assert.equal(destPodOf(undefined, "10.1.0.0"), "10.1.0.0");
    assert.equal(destPodOf(undefined, "10.2.0.1"), "pod-new");
  });
});
