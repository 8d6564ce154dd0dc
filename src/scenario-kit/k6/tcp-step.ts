// The TCP step: connect, optionally write a payload and expect a response prefix, judged like the TCP probe and
// bounded by what is left of the scenario's timeout. As in src/protocols/tcp.ts: the connect test (a k6 HTTP
// dial, which has a real timeout) runs first, because a k6/x/tcp dial to a path that drops SYNs cannot be
// bounded and would hold the VU; a connect-only step needs nothing more. Only a step with a payload, a prefix or
// TLS then runs the shared exchange (src/protocols/tcp-exchange.ts) on k6/x/tcp.
import { Socket } from "k6/x/tcp";
import { isConnectOnly } from "../../options/vu-hold.ts";
import { now } from "../../protocols/clock.ts";
import { expectedReply } from "../../protocols/utf8-bytes.ts";
import { createConnectTest } from "../../protocols/tcp-connect-test.ts";
import { tcpExchangeVerdict } from "../../protocols/tcp-exchange.ts";
import type { StepTiming, TcpStepRequest } from "../define.ts";
import type { Iteration } from "../iteration.ts";

export type TcpStep = (step: string, request: TcpStepRequest) => Promise<StepTiming>;

export function createTcpStep(iteration: Iteration, targetName: string): TcpStep {
  return async (step, request) => {
    const timeoutMs = iteration.enter(step, now());
    const started = now();
    const host = request.host ?? iteration.host;
    // Built per call: the port and the time left differ per step and iteration.
    const connectTest = createConnectTest(request.port, `${timeoutMs}ms`, `${targetName}/${step}`);
    let reason = (await connectTest(host)).reason;
    if (reason === undefined && !isConnectOnly(request)) {
      const at = now();
      const left = iteration.remaining(at);
      const exchange = { connect: { host, port: request.port, tls: request.tls === true }, payload: request.payload, ...expectedReply(request.expectPrefix) };
      reason = left <= 0 ? "timeout" : await tcpExchangeVerdict(new Socket(), exchange, at, left);
    }
    const durationMs = now() - started;
    iteration.leave(step, reason, durationMs);
    return { durationMs };
  };
}
