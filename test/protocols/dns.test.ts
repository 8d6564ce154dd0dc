// DNS probe against the fake k6/x/dns: resolve() against a nameserver IP, lookup() for /etc/hosts names, answers
// checked, rejections (plain objects, often without .message) classified, and the probe's own timeout honoured.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import type { DnsTarget } from "../../src/config/types.ts";
import { createRecorder } from "../../src/metrics/recorder.ts";
import { createDnsProbe } from "../../src/protocols/dns.ts";
import dnsModule, { dnsServer, type DnsAnswer } from "../fakes/k6-x-dns.ts";
import { lastDurationMs, lastReason, outcomes, planFor, resetFakes } from "../helpers.ts";

const PODINFO: DnsTarget = { name: "podinfo-a", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "system", timeout: "50ms" };

async function probeOnce(target: DnsTarget, answer: DnsAnswer = { kind: "addresses", addresses: ["10.0.0.7"] }): Promise<void> {
  const plan = planFor(target);
  dnsServer.answer = () => answer;
  await createDnsProbe(plan, createRecorder(plan))();
}

describe("DNS probe", () => {
  beforeEach(resetFakes);

  it('asks the first nameserver of /etc/resolv.conf for an A record when the target says "system"', async () => {
    await probeOnce(PODINFO);
    assert.deepEqual(dnsServer.calls, [{ fn: "resolve", args: ["podinfo.lab.svc.cluster.local", "A", "10.96.0.10:53"] }]);
    assert.deepEqual(outcomes(), [{ protocol: "dns", target: "podinfo-a", result: "ok", latency: "fast", value: 1 }]);
  });

  it("drops a fully qualified name's final dot, which k6/x/dns rejects (it adds one itself)", async () => {
    await probeOnce({ ...PODINFO, query: "podinfo.lab.svc.cluster.local." });
    assert.deepEqual(dnsServer.calls[0]?.args, ["podinfo.lab.svc.cluster.local", "A", "10.96.0.10:53"]);
    assert.equal(lastReason(), undefined);
  });

  it("asks for AAAA at an explicit nameserver", async () => {
    await probeOnce({ ...PODINFO, recordType: "AAAA", nameserver: "[fd00::a]:53" }, { kind: "addresses", addresses: ["fd00::7"] });
    assert.deepEqual(dnsServer.calls[0]?.args, ["podinfo.lab.svc.cluster.local", "AAAA", "[fd00::a]:53"]);
    assert.equal(lastReason(), undefined);
  });

  it('uses lookup() for nameserver "hosts", which answers localhost from /etc/hosts', async () => {
    await probeOnce({ name: "local", protocol: "dns", query: "localhost", nameserver: "hosts" });
    assert.deepEqual(dnsServer.calls, [{ fn: "lookup", args: ["localhost"] }]);
    assert.equal(lastReason(), undefined);
  });

  it("passes when the expected address is in the answer and fails with body when it is not", async () => {
    await probeOnce({ ...PODINFO, expectAddress: "10.0.0.8" }, { kind: "addresses", addresses: ["10.0.0.7", "10.0.0.8"] });
    assert.equal(lastReason(), undefined);
    await probeOnce({ ...PODINFO, expectAddress: "10.0.0.9" }, { kind: "addresses", addresses: ["10.0.0.7"] });
    assert.equal(lastReason(), "body");
  });

  const FAILURES: ReadonlyArray<[string, DnsAnswer, string]> = [
    ["an empty answer (NOERROR, no records)", { kind: "addresses", addresses: [] }, "body"],
    ["NXDOMAIN", { kind: "nxdomain" }, "status"],
    ["REFUSED", { kind: "refused" }, "status"],
    ["a closed UDP port", { kind: "closed-port" }, "connect"],
    ["no reply within the extension's own timeout", { kind: "no-reply", afterMs: 30 }, "timeout"],
  ];
  for (const [what, answer, reason] of FAILURES) {
    it(`counts ${what} as ${reason}`, async () => {
      await probeOnce(PODINFO, answer);
      assert.equal(lastReason(), reason);
      assert.deepEqual(outcomes().map((o) => [o.protocol, o.result, o.reason]), [["dns", "fail", reason]]);
    });
  }

  it("judges an answer later than the target's timeout a timeout, when it comes", async () => {
    await probeOnce(PODINFO, { kind: "addresses", addresses: ["10.0.0.7"], afterMs: 80 });
    assert.equal(lastReason(), "timeout", "a good answer after 80 ms is still late for a 50 ms timeout");
    assert.ok(lastDurationMs() >= 78, `recorded ${lastDurationMs()} ms, the time the answer took`);
    await probeOnce(PODINFO, { kind: "addresses", addresses: ["10.0.0.7"], afterMs: 10 });
    assert.equal(lastReason(), undefined);
  });

  it("sets no timer: k6 keeps the VU until the extension gives up anyway", async () => {
    const realSetTimeout = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      timers++;
      return realSetTimeout(fn, ms);
    }) as typeof setTimeout;
    try {
      await probeOnce({ ...PODINFO, timeout: "10ms" }, { kind: "no-reply", afterMs: 20 });
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.equal(lastReason(), "timeout");
    assert.equal(timers, 1, "only the fake extension's own timer");
  });

  it("counts a name outside /etc/hosts looked up with lookup() as a timeout, as real k6 fails it", async () => {
    dnsServer.lookupFailureMs = 10;
    await probeOnce({ name: "hosts", protocol: "dns", query: "podinfo.lab.svc.cluster.local", nameserver: "hosts" });
    assert.equal(lastReason(), "timeout");
  });

  it("counts a rejection or an answer it cannot read as error; the probe neither throws nor rejects", async (t) => {
    t.mock.method(console, "error", () => undefined);
    // Neither is what k6/x/dns gives today; a probe that runs 24/7 outlives the extension versions it was tested on.
    const unreadable: ReadonlyArray<[string, () => Promise<unknown>]> = [
      ["a rejection String() cannot print", () => Promise.reject(Object.create(null))],
      ["an answer that is not a list", () => Promise.resolve(undefined)],
    ];
    for (const [what, reply] of unreadable) {
      t.mock.method(dnsModule, "resolve", reply);
      await probeOnce(PODINFO);
      assert.equal(lastReason(), "error", what);
    }
  });
});
