// The TCP step: connect, optionally write a payload and expect a response prefix, judged like the TCP probe and
// bounded by what is left of the scenario's timeout. As in src/protocols/tcp.ts (keep the two in step): the
// connect test (a k6 HTTP dial, which has a real timeout) runs first, because a k6/x/tcp dial to a path that
// drops SYNs cannot be bounded and would hold the VU; a connect-only step needs nothing more. Only a step with a
// payload, a prefix or TLS then dials k6/x/tcp, whose timer only decides the outcome: the socket is never
// touched while its dial is pending (that blocks k6's event loop) and is destroyed once connect() has settled.
import { Socket, type TcpError } from "k6/x/tcp";
import { reasonFromErrorText } from "../../metrics/classify.ts";
import type { Reason } from "../../metrics/names.ts";
import { now } from "../../protocols/clock.ts";
import { PrefixMatcher, utf8Bytes } from "../../protocols/prefix-matcher.ts";
import { createConnectTest } from "../../protocols/tcp-connect-test.ts";
import type { StepTiming, TcpStepRequest } from "../define.ts";
import type { Iteration } from "../iteration.ts";

export type TcpStep = (step: string, request: TcpStepRequest) => Promise<StepTiming>;

function reasonFromTcpError(err: unknown): Reason {
  const method = (err as Partial<TcpError> | null)?.method;
  const reason = reasonFromErrorText(String(err));
  // A read or write that fails without a recognisable cause still broke an established connection.
  return reason === "error" && (method === "read" || method === "write") ? "reset" : reason;
}

/** One exchange on a fresh socket: resolves with undefined on success or the failure reason; never rejects. */
function exchange(socket: Socket, host: string, request: TcpStepRequest, timeoutMs: number): Promise<Reason | undefined> {
  return new Promise((resolve) => {
    let dialing = true;
    let settled = false;
    let destroyed = false;
    const release = () => {
      if (!dialing && settled && !destroyed) {
        destroyed = true;
        socket.destroy();
      }
    };
    const finish = (reason: Reason | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reason);
      release();
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    const matcher = request.expectPrefix === undefined ? undefined : new PrefixMatcher(utf8Bytes(request.expectPrefix));
    let written = false;

    socket.on("error", (err) => finish(reasonFromTcpError(err)));
    socket.on("close", () => {
      destroyed = true; // the peer closed it (or we did): nothing left to release
      if (matcher !== undefined) finish(matcher.seen === 0 ? "reset" : "body"); // closed before the whole prefix came
      else finish(request.payload !== undefined && !written ? "reset" : undefined);
    });
    socket.on("data", (chunk) => {
      if (matcher === undefined) return;
      const state = matcher.feed(chunk);
      if (state === "matched") finish(undefined);
      else if (state === "mismatch") finish("body");
    });

    socket.connect({ host, port: request.port, tls: request.tls === true }).then(
      () => {
        dialing = false;
        if (settled) return release(); // timed out while dialing
        if (request.payload !== undefined) {
          socket.write(request.payload).then(
            () => {
              written = true;
              if (matcher === undefined) finish(undefined);
            },
            (err: unknown) => finish(reasonFromTcpError(err)),
          );
        } else if (matcher === undefined) finish(undefined);
      },
      (err: unknown) => {
        dialing = false;
        finish(reasonFromTcpError(err));
        release();
      },
    );
  });
}

export function createTcpStep(iteration: Iteration, targetName: string): TcpStep {
  const socketOptions = { tags: { target: targetName } };
  return async (step, request) => {
    const timeoutMs = iteration.enter(step, now());
    const started = now();
    const host = request.host ?? iteration.host;
    // Built per call: the port and the time left differ per step and iteration.
    const connectTest = createConnectTest(request.port, `${timeoutMs}ms`, `${targetName}/${step}`);
    let reason = (await connectTest(host)).reason;
    const connectOnly = request.payload === undefined && request.expectPrefix === undefined && request.tls !== true;
    if (reason === undefined && !connectOnly) {
      const left = iteration.remaining(now());
      reason = left <= 0 ? "timeout" : await exchange(new Socket(socketOptions), host, request, left);
    }
    const durationMs = now() - started;
    iteration.leave(step, reason, durationMs);
    return { durationMs };
  };
}
