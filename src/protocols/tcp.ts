// TCP probe: connect to host:port, optionally write a payload and expect a response prefix; a timeout bounds
// every step, and the socket is destroyed on every path (./tcp-exchange.ts).
//
// Every probe starts with the connect test (./tcp-connect-test.ts: a k6 HTTP dial, which has a real timeout),
// because a k6/x/tcp dial to a path that drops SYNs cannot be bounded or cancelled. A connect-only target and a
// negative probe need nothing more; only a target with a payload, an expected prefix or TLS then dials k6/x/tcp,
// to a port that accepted a connection a moment ago. That second dial can still meet a dropped SYN (a Service
// that balances it onto a vanished backend): its timer records the timeout, never touching the socket while
// the dial is pending (that blocks the event loop), and the socket is destroyed once connect() has settled.
import { Socket } from "k6/x/tcp";
import type { TcpTarget } from "../config/types.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { destPodOf, knowsPod } from "../paths/pod-names.ts";
import { now } from "./clock.ts";
import { utf8Bytes } from "./prefix-matcher.ts";
import { createConnectTest } from "./tcp-connect-test.ts";
import { tcpExchange } from "./tcp-exchange.ts";

/** The probe takes an optional host: a pod IP on the pod path, instead of the target's host. */
export function createTcpProbe(plan: TargetPlan<TcpTarget>, recorder: Recorder): (host?: string) => Promise<void> {
  const { target } = plan;
  const expectedPrefix = target.expectPrefix === undefined ? undefined : utf8Bytes(target.expectPrefix);
  const socketOptions = { tags: { target: target.name } };
  const connectTest = createConnectTest(target.port, plan.timeout, target.name);
  // Whether the connect test alone answers the probe: a negative probe only asks whether a connection opens.
  const connectOnly = target.expect === "blocked" || (target.payload === undefined && expectedPrefix === undefined && target.tls !== true);

  return async function probeTcp(host?: string): Promise<void> {
    const started = now();
    const dialled = host ?? target.host;
    // On the pod path, a pod whose name is not known yet is asked for it (podinfo's HTTP port names itself).
    const test = await connectTest(dialled, host !== undefined && !knowsPod(host));
    if (test.reason !== undefined || connectOnly) {
      recorder.record(test.reason, test.durationMs, destPodOf(test.answered, host));
      return;
    }
    const exchangeStarted = now();
    const remainingMs = Math.max(1, plan.timeoutMs - (exchangeStarted - started));
    const exchange = { host: dialled, port: target.port, tls: target.tls === true, payload: target.payload, expectedPrefix };
    const result = await tcpExchange(new Socket(socketOptions), exchange, remainingMs);
    recorder.record(result.reason, now() - exchangeStarted, destPodOf(result.answered ?? test.answered, host));
  };
}
