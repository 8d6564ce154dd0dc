// TCP probe: connect to host:port, optionally write a payload and expect a response prefix; a timeout bounds
// every step, and the socket is destroyed on every path.
//
// Every probe starts with the connect test (./tcp-connect-test.ts: a k6 HTTP dial, which has a real timeout),
// because a k6/x/tcp dial to a path that drops SYNs cannot be bounded or cancelled. A connect-only target and a
// negative probe need nothing more; only a target with a payload, an expected prefix or TLS then dials k6/x/tcp,
// to a port that accepted a connection a moment ago. That second dial can still meet a dropped SYN (a Service
// that balances it onto a vanished backend): its timer records the timeout, never touching the socket while
// the dial is pending (that blocks the event loop), and the socket is destroyed once connect() has settled.
import { Socket, type TcpError } from "k6/x/tcp";
import type { TcpTarget } from "../config/types.ts";
import { reasonFromErrorText } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import { hostnameFromJson } from "../metrics/dest-pod.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { destPodOf } from "../paths/pod-names.ts";
import { now } from "./clock.ts";
import { PrefixMatcher, utf8Bytes } from "./prefix-matcher.ts";
import { createConnectTest } from "./tcp-connect-test.ts";

/** How much of a reply is searched for podinfo's "hostname" (one read of xk6-tcp's buffer). */
const MAX_REPLY_SCAN = 4096;

interface ExchangeResult {
  /** undefined on success, else the failure reason. */
  reason: Reason | undefined;
  /** The pod the reply names (podinfo's "hostname"), when the bytes read so far carry it. */
  answered: string | undefined;
}

function reasonFromTcpError(err: unknown): Reason {
  const method = (err as Partial<TcpError> | null)?.method;
  const reason = reasonFromErrorText(String(err));
  // A read or write that fails without a recognisable cause still broke an established connection.
  return reason === "error" && (method === "read" || method === "write") ? "reset" : reason;
}

/** Runs one exchange on a fresh socket within `timeoutMs`. Never rejects. */
function exchange(socket: Socket, plan: TargetPlan<TcpTarget>, host: string, expectedPrefix: readonly number[] | undefined, timeoutMs: number): Promise<ExchangeResult> {
  const { target } = plan;
  let reply = "";
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
      resolve({ reason, answered: reply === "" ? undefined : hostnameFromJson(reply) });
      release();
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
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
      // The chunk is xk6-tcp's reused buffer: copy what is kept. Latin-1 is enough to find an ASCII pod name.
      if (reply.length < MAX_REPLY_SCAN) reply += String.fromCharCode(...chunk.slice(0, MAX_REPLY_SCAN - reply.length));
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
  const { target } = plan;
  const expectedPrefix = target.expectPrefix === undefined ? undefined : utf8Bytes(target.expectPrefix);
  const socketOptions = { tags: { target: target.name } };
  const connectTest = createConnectTest(target.port, plan.timeout, target.name);
  // Whether the connect test alone answers the probe: a negative probe only asks whether a connection opens.
  const connectOnly = target.expect === "blocked" || (target.payload === undefined && expectedPrefix === undefined && target.tls !== true);

  return async function probeTcp(host?: string): Promise<void> {
    const started = now();
    const dialled = host ?? target.host;
    const test = await connectTest(dialled);
    if (test.reason !== undefined || connectOnly) {
      recorder.record(test.reason, test.durationMs, destPodOf(undefined, host));
      return;
    }
    const exchangeStarted = now();
    const remainingMs = Math.max(1, plan.timeoutMs - (exchangeStarted - started));
    const result = await exchange(new Socket(socketOptions), plan, dialled, expectedPrefix, remainingMs);
    recorder.record(result.reason, now() - exchangeStarted, destPodOf(result.answered, host));
  };
}
