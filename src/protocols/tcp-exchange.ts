// One exchange on a fresh k6/x/tcp socket: connect, optionally write a payload and expect a reply prefix, judged
// against a timeout. Shared by the TCP probe and the scenario kit's TCP step.
//
// No JavaScript timer bounds it: a timer per probe costs k6 about a fifth of a TCP probe's CPU (docs/cost.md),
// and it cannot free the VU anyway, since k6 ends an iteration only once the dial it started has settled. The
// socket's own idle timeout (a read deadline in Go, armed as the connection opens) ends a silent exchange; k6's
// dialer ends a dial that meets a dropped SYN (after 30 s); an exchange that ends after `timeoutMs`, however it
// ends, is a timeout. The socket is never touched while its dial is pending (that blocks k6's event loop) and is
// destroyed once connect() has settled, on every path.
//
// A reply is read only as far as the expected prefix: each `data` event hands over xk6-tcp's Go buffer, and every
// byte read from it is a call into Go (scanning replies for podinfo's "hostname" cost a fifth of a TCP probe's CPU
// on real k6). On the pod path the connect test names the pods instead. A first chunk that holds the whole prefix,
// as nearly every reply's does, is decoded in one call (k6's TextDecoder, v2.2+) and its text compared; otherwise
// the bytes still expected are taken in one native slice and compared as text (15k instructions of a TCP probe
// more than the decoder, and a JavaScript loop over them was over a quarter of a TCP probe's JavaScript
// instructions: callgrind on real k6 v2.2.0, docs/cost.md).
import type { ConnectOptions, Socket, TcpError } from "k6/x/tcp";
import { reasonFromErrorText } from "../metrics/classify.ts";
import type { Reason } from "../metrics/names.ts";
import { now } from "./clock.ts";

export interface TcpExchange {
  /** Prepared once per target where it can be: k6/x/tcp converts the object on every connect() anyway. */
  connect: ConnectOptions;
  payload?: string | undefined;
  /** The UTF-8 bytes the reply must start with, one character per byte (./utf8-bytes.ts); undefined: no reply is awaited. */
  expectedPrefix?: string | undefined;
  /** The same prefix as text, where a decoded chunk starting with it proves the bytes (./utf8-bytes.ts). */
  expectedText?: string | undefined;
}

// One per VU's runtime: the BOM is kept, so a reply that starts with one does not pass for the prefix after it.
const decoder = typeof TextDecoder === "function" ? new TextDecoder("utf-8", { ignoreBOM: true }) : undefined;

function reasonFromTcpError(err: unknown): Reason {
  const method = (err as Partial<TcpError> | null)?.method;
  const reason = reasonFromErrorText(String(err));
  // A read or write that fails without a recognisable cause still broke an established connection.
  return reason === "error" && (method === "read" || method === "write") ? "reset" : reason;
}

/**
 * Runs one exchange, judged against `timeoutMs` from `started` (the caller's clock reading: a probe's own start, so
 * that a connect test before the exchange counts), and calls `settle` once: with undefined on success, else the
 * failure reason, and the clock reading that judged it (the caller need not read the clock again). Never throws
 * once the socket is set up. A callback, not a promise: the caller's promise is then the only one of a probe (a
 * promise and an `await` fewer were 10k instructions of a TCP probe on real k6 v2.2.0).
 */
export function tcpExchange(
  socket: Socket,
  exchange: TcpExchange,
  started: number,
  timeoutMs: number,
  settle: (reason: Reason | undefined, endedAt: number) => void,
): void {
  const { payload, expectedPrefix: expected } = exchange;
  // Plain variables and one closure per event: every call and object is interpreted by k6's JavaScript runtime on
  // every probe, and a matcher object, a release closure and handlers nobody needs cost TCP measurably (docs/cost.md).
  let dialing = true;
  let settled = false;
  let open = true; // until the close event: afterwards there is nothing to destroy
  let seen = 0; // bytes of the expected prefix matched so far
  let written = false;
  const finish = (reason: Reason | undefined) => {
    if (settled) return;
    settled = true;
    const ended = now();
    const judged = ended - started >= timeoutMs ? "timeout" : reason;
    if (!dialing && open) socket.destroy(); // before the caller's code runs: whatever it does, the socket goes
    settle(judged, ended);
  };
  // A failed dial, write or (where listened to) read, each after the dial has settled, or the idle timeout (the
  // one event without an argument). It is also the dial's rejection handler and the `timeout` handler, so that
  // neither needs a closure of its own per probe (a closure is up to 3.6k instructions on real k6, docs/cost.md).
  const fail = (err?: unknown) => {
    dialing = false;
    if (!settled) finish(err === undefined ? "timeout" : reasonFromTcpError(err)); // finish() destroys the socket
    else if (open) socket.destroy(); // decided before: still destroyed (destroy() is idempotent)
  };
  // The `error` event is listened to only where its text says more than the `close` after it: each handler is a
  // call into Go that logs and stores (8k instructions of a TCP probe on real k6). A failed dial or write rejects
  // with the same text, and a failed read with nothing of the prefix yet is a reset. A TLS connection's read
  // error can be an alert (TLS 1.3 refuses a client certificate after the handshake); after part of the prefix,
  // a reset is told from a short reply only by its error.
  const tls = exchange.connect.tls === true;
  if (tls) socket.on("error", fail);

  socket.on("close", () => {
    open = false;
    if (settled) return; // nearly always: decided (and the socket destroyed) before its close, no call to finish()
    if (expected !== undefined) finish(seen === 0 ? "reset" : "body"); // closed before the whole prefix came
    else finish(payload !== undefined && !written ? "reset" : undefined);
  });
  if (expected !== undefined) {
    // The idle timeout fires again and again while nothing arrives: the first one decides (and it follows the
    // dial, so `fail` clearing `dialing` changes nothing).
    socket.on("timeout", fail);
    const text = exchange.expectedText;
    socket.on("data", (chunk) => {
      // The whole prefix in the first chunk: one call into Go (k6's decoder takes the Go byte slice as it is). A
      // mismatch, or a prefix split across reads, is decided by the bytes below.
      if (seen === 0 && text !== undefined && decoder !== undefined && decoder.decode(chunk as unknown as Uint8Array).startsWith(text)) return finish(undefined);
      // xk6-tcp's Go buffer, reused by the next read: only the bytes still expected are read, in one slice.
      const count = Math.min(chunk.length, expected.length - seen);
      const got = String.fromCharCode.apply(null, chunk.slice(0, count));
      if (got !== (count === expected.length ? expected : expected.slice(seen, seen + count))) return finish("body");
      seen += count;
      if (seen === expected.length) finish(undefined);
      else if (seen === count && !tls) socket.on("error", fail); // the first part of the prefix: listen from here
    });
  }

  // Set before the dial, the idle timeout costs no call into Go once connected: xk6-tcp arms the read deadline as
  // the connection opens. It counts from there: time already spent (the dial, a connect test before it) shortens
  // it afterwards only past a twentieth of the timeout, so a silent server holds a probe at most 5% longer (a
  // millisecond as the bar made the call whenever a dial crossed a tick of the millisecond clock).
  if (expected !== undefined) socket.setTimeout(timeoutMs);
  socket.connect(exchange.connect).then(
    () => {
      dialing = false;
      if (settled) {
        if (open) socket.destroy();
        return;
      }
      if (expected !== undefined) {
        const spentMs = now() - started;
        // The new deadline applies to a read already waiting.
        if (spentMs * 20 > timeoutMs) socket.setTimeout(Math.max(1, timeoutMs - spentMs));
      }
      if (payload === undefined) {
        if (expected === undefined) finish(undefined);
        return;
      }
      // With a reply expected, only a failed write matters (the reply decides): no closure for a written one.
      const onWritten =
        expected === undefined
          ? () => {
              written = true;
              finish(undefined);
            }
          : undefined;
      socket.write(payload).then(onWritten, fail);
    },
    fail,
  );
}

/** The exchange as a promise of its verdict, for callers that await it (the probe's slower paths, the scenario kit). */
export function tcpExchangeVerdict(socket: Socket, exchange: TcpExchange, started: number, timeoutMs: number): Promise<Reason | undefined> {
  return new Promise((settle) => tcpExchange(socket, exchange, started, timeoutMs, settle));
}
