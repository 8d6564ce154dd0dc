// TCP probe: connect to host:port, optionally write a payload and expect a response prefix; a timeout bounds
// every step, and the socket is destroyed on every path.
//
// k6/x/tcp has no connect timeout, and touching a socket while its dial is pending blocks the JS event loop
// (../shared/reference/k6-extensions.md). So the timer only records the timeout; the socket is destroyed once
// connect() has settled, which is the earliest moment that does not block.
import { Socket, type TcpError } from "k6/x/tcp";
import type { TcpTarget } from "../config/types.ts";
import { reasonFromErrorText } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { PrefixMatcher, utf8Bytes } from "./prefix-matcher.ts";

function reasonFromTcpError(err: unknown): Reason {
  const method = (err as Partial<TcpError> | null)?.method;
  const reason = reasonFromErrorText(String(err));
  // A read or write that fails without a recognisable cause still broke an established connection.
  return reason === "error" && (method === "read" || method === "write") ? "reset" : reason;
}

/** Runs one exchange on a fresh socket; resolves with undefined on success or the failure reason. Never rejects. */
function exchange(socket: Socket, plan: TargetPlan<TcpTarget>, host: string, expectedPrefix: readonly number[] | undefined): Promise<Reason | undefined> {
  const { target } = plan;
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
    const timer = setTimeout(() => finish("timeout"), plan.timeoutMs);
    const matcher = expectedPrefix === undefined ? undefined : new PrefixMatcher(expectedPrefix);

    socket.on("error", (err) => finish(reasonFromTcpError(err)));
    let written = false;
    socket.on("close", () => {
      destroyed = true; // the peer closed it (or we did): nothing left to release
      if (matcher !== undefined) finish(matcher.seen === 0 ? "reset" : "body"); // closed before the whole prefix came
      else finish(target.payload !== undefined && !written ? "reset" : undefined);
    });
    socket.on("data", (chunk) => {
      if (matcher === undefined) return;
      const state = matcher.feed(chunk);
      if (state === "matched") finish(undefined);
      else if (state === "mismatch") finish("body");
    });

    socket.connect({ host, port: target.port, tls: target.tls === true }).then(
      () => {
        dialing = false;
        if (settled) return release(); // timed out while dialing
        if (target.payload !== undefined) {
          socket.write(target.payload).then(
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

/** The probe takes an optional host: a pod IP on the pod path, instead of the target's host. */
export function createTcpProbe(plan: TargetPlan<TcpTarget>, recorder: Recorder): (host?: string) => Promise<void> {
  const expectedPrefix = plan.target.expectPrefix === undefined ? undefined : utf8Bytes(plan.target.expectPrefix);
  const socketOptions = { tags: { target: plan.target.name } };

  return async function probeTcp(host?: string): Promise<void> {
    const started = Date.now();
    const reason = await exchange(new Socket(socketOptions), plan, host ?? plan.target.host, expectedPrefix);
    recorder.record(reason, Date.now() - started);
  };
}
