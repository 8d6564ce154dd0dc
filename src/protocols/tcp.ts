// TCP probe: connect to host:port, optionally write a payload and expect a response prefix, and destroy the
// socket on every path (./tcp-exchange.ts).
//
// A connect-only target and a negative probe need only the connect test (./tcp-connect-test.ts: a k6 HTTP dial,
// which has a real timeout and reports refused, reset and timed-out dials distinctly). A target with a payload,
// an expected prefix or TLS dials k6/x/tcp: directly while its path is healthy, after the connect test while
// ./tcp-dial-guard.ts says a dial may hang, and on the pod path while the pod's name is unknown (the connect test
// asks podinfo's HTTP port for it).
import { Socket } from "k6/x/tcp";
import type { TcpTarget } from "../config/types.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { Reason } from "../metrics/names.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { isConnectOnly } from "../options/vu-hold.ts";
import { destPodOf, knowsPod } from "../paths/pod-names.ts";
import { now } from "./clock.ts";
import { recordUnexpected } from "./unexpected.ts";
import { expectedReply } from "./utf8-bytes.ts";
import { createConnectTest } from "./tcp-connect-test.ts";
import { TcpDialGuard } from "./tcp-dial-guard.ts";
import { tcpExchange, tcpExchangeVerdict } from "./tcp-exchange.ts";

/** The probe takes an optional host: a pod IP on the pod path, instead of the target's host. */
export function createTcpProbe(plan: TargetPlan<TcpTarget>, recorder: Recorder): (host?: string) => Promise<void> {
  const { target } = plan;
  const connectTest = createConnectTest(target.port, plan.timeout, target.name);
  const connectOnly = isConnectOnly(target);
  const guard = new TcpDialGuard();
  // The exchange to the target's own host, made once; the pod path swaps the host per probe.
  const toTarget = { connect: { host: target.host, port: target.port, tls: target.tls === true }, payload: target.payload, ...expectedReply(target.expectPrefix) };

  /** Records an exchange's verdict at `ended`: the whole probe, connect test included when it ran (see below). */
  const recordExchange = (reason: Reason | undefined, started: number, ended: number, answered?: string, host?: string) => {
    if (reason !== undefined) guard.observed(reason, ended); // a success never starts the guard
    // The Service path learns a pod's name only from a connect test: no call for it on a healthy probe.
    recorder.record(reason, ended - started, host === undefined ? answered : destPodOf(answered, host));
  };

  /** With a connect test first (connect-only, an unnamed pod, or guarded after a timeout), or to a pod's IP. */
  async function probeFully(host: string | undefined, started: number): Promise<void> {
    try {
      const dialled = host ?? target.host;
      const unnamedPod = host !== undefined && !knowsPod(host);
      let answered: string | undefined;
      // The guard and the exchange read the probe's own clock readings: each read is a call into k6's Go side.
      if (connectOnly || unnamedPod || guard.guarded(started)) {
        const test = await connectTest(dialled, unnamedPod);
        guard.observed(test.reason, now());
        if (test.reason !== undefined || connectOnly) {
          recorder.record(test.reason, test.durationMs, destPodOf(test.answered, host));
          return;
        }
        answered = test.answered;
      }
      const exchange = host === undefined ? toTarget : { ...toTarget, connect: { ...toTarget.connect, host } };
      // The whole probe, connect test included: a connect test that waited out a silent server leaves the exchange
      // a millisecond, and that millisecond is not how long the probe took.
      const reason = await tcpExchangeVerdict(new Socket(), exchange, started, plan.timeoutMs);
      recordExchange(reason, started, now(), answered, host);
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  }

  return function probeTcp(host?: string): Promise<void> {
    const started = now();
    if (host !== undefined || connectOnly || guard.guarded(started)) return probeFully(host, started);
    // A healthy Service-path probe: its one promise, settled from the exchange's callback (no async frame, no await).
    // No socket tags: the target's scenario tags k6/x/tcp's samples already, and converting the constructor's
    // options was 4% of the engine's TCP CPU in a Go profile of real k6 v2.2.0.
    return new Promise((done) => {
      try {
        tcpExchange(new Socket(), toTarget, started, plan.timeoutMs, (reason, ended) => {
          try {
            recordExchange(reason, started, ended);
          } catch (err) {
            recordUnexpected(recorder, started, err);
          }
          done();
        });
      } catch (err) {
        recordUnexpected(recorder, started, err);
        done();
      }
    });
  };
}
