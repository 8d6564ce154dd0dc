// One exchange on a fresh k6/x/tcp socket: connect, optionally write a payload and expect a reply prefix, judged
// against a timeout. Shared by the TCP probe and the scenario kit's TCP step.
//
// No JavaScript timer bounds it: a timer per probe costs k6 about a fifth of a TCP probe's CPU (README "Cost"),
// and it cannot free the VU anyway, since k6 ends an iteration only once the dial it started has settled. The
// socket's own idle timeout (a read deadline in Go, set once connected) ends a silent exchange; k6's dialer ends a
// dial that meets a dropped SYN (after 30 s); an exchange that ends after `timeoutMs`, however it ends, is a
// timeout. The socket is never touched while its dial is pending (that blocks k6's event loop) and is destroyed
// once connect() has settled, on every path.
import type { Socket, TcpError } from "k6/x/tcp";
import { reasonFromErrorText } from "../metrics/classify.ts";
import { hostnameFromJson } from "../metrics/dest-pod.ts";
import type { Reason } from "../metrics/names.ts";
import { now } from "./clock.ts";
import { PrefixMatcher } from "./prefix-matcher.ts";

/** How much of a reply is searched for podinfo's "hostname" (one read of xk6-tcp's buffer). */
const MAX_REPLY_SCAN = 4096;

export interface TcpExchange {
  host: string;
  port: number;
  tls: boolean;
  payload?: string | undefined;
  /** UTF-8 bytes the reply must start with; undefined: no reply is awaited. */
  expectedPrefix?: readonly number[] | undefined;
}

export interface ExchangeResult {
  /** undefined on success, else the failure reason. */
  reason: Reason | undefined;
  /** The pod the reply names (podinfo's "hostname"), when the bytes read so far carry it. */
  answered: string | undefined;
}

export function reasonFromTcpError(err: unknown): Reason {
  const method = (err as Partial<TcpError> | null)?.method;
  const reason = reasonFromErrorText(String(err));
  // A read or write that fails without a recognisable cause still broke an established connection.
  return reason === "error" && (method === "read" || method === "write") ? "reset" : reason;
}

/** Runs one exchange, judged against `timeoutMs`. Never rejects. */
export function tcpExchange(socket: Socket, exchange: TcpExchange, timeoutMs: number): Promise<ExchangeResult> {
  const started = now();
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
      const late = now() - started >= timeoutMs;
      resolve({ reason: late ? "timeout" : reason, answered: reply === "" ? undefined : hostnameFromJson(reply) });
      release();
    };
    const matcher = exchange.expectedPrefix === undefined ? undefined : new PrefixMatcher(exchange.expectedPrefix);

    socket.on("error", (err) => finish(reasonFromTcpError(err)));
    // The idle timeout fires again and again while nothing arrives: the first one decides.
    socket.on("timeout", () => finish("timeout"));
    let written = false;
    socket.on("close", () => {
      destroyed = true; // the peer closed it (or we did): nothing left to release
      if (matcher !== undefined) finish(matcher.seen === 0 ? "reset" : "body"); // closed before the whole prefix came
      else finish(exchange.payload !== undefined && !written ? "reset" : undefined);
    });
    socket.on("data", (chunk) => {
      if (matcher === undefined) return;
      // The chunk is xk6-tcp's reused buffer: copy what is kept. Latin-1 is enough to find an ASCII pod name.
      if (reply.length < MAX_REPLY_SCAN) reply += String.fromCharCode(...chunk.slice(0, MAX_REPLY_SCAN - reply.length));
      const state = matcher.feed(chunk);
      if (state === "matched") finish(undefined);
      else if (state === "mismatch") finish("body");
    });

    socket.connect({ host: exchange.host, port: exchange.port, tls: exchange.tls }).then(
      () => {
        dialing = false;
        if (settled) return release();
        // What is left of the timeout, as the read deadline of the connection (it applies to a read already waiting).
        if (matcher !== undefined) socket.setTimeout(Math.max(1, timeoutMs - (now() - started)));
        if (exchange.payload !== undefined) {
          socket.write(exchange.payload).then(
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
