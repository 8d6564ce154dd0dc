// Fake of "k6/x/tcp" (xk6-tcp v0.3.1 with the reset fix): scripted peers with the promise/event order, error
// shapes and socket states real k6 showed (../shared/reference/k6-failure-modes.md, section 3). Touching a socket
// while its dial is pending blocks real k6's event loop: recorded in k6State.fatal. Data arrives as UTF-8 bytes
// in one reused Array per socket (at most 4096 a read), so code that keeps a chunk instead of copying it breaks
// here as on real k6; k6's TextDecoder takes it as the Go byte slice it is (./k6-globals.ts). A TLS dial to a
// plaintext peer fails; a SYN-drop rejects with no `error` event.
import { registerGoByteSlice } from "./k6-globals.ts";
import { k6State } from "./state.ts";

/**
 * What answers one TCP connection to host:port. The network model of every fake that dials (k6/x/tcp, k6/http,
 * k6/net/grpc): `tcpPeers.peer` is asked once per new connection, so a Service fake can balance per connection.
 * `pod` names the backend that accepted it.
 */
export type TcpPeer =
  | { kind: "refused" }
  | { kind: "nxdomain" }
  | { kind: "silent"; dialMs?: number; pod?: string } // accepts (after dialMs, default 1), never writes
  | { kind: "syn-drop"; dialMs: number } // dial pending this long (k6's dialer gives up after 30 s), then `i/o timeout`
  | { kind: "reply"; chunks: string[]; tls?: boolean; pod?: string } // after the first write: these chunks, then FIN
  | { kind: "greet"; chunks: string[]; pod?: string } // right after connect: these chunks, then FIN
  // after the first write: these chunks, then a failed read (the `error` event, then `close`); a TLS peer
  // completes the handshake first, as TLS 1.3 does before it refuses a client certificate
  | { kind: "read-error"; message: string; before?: string[]; tls?: boolean; pod?: string }
  | { kind: "close-on-accept" }; // FIN right after connect, before a write started then completes (a proxy with no upstream)

/** k6's dialer timeout (grafana/k6 js/runner.go, BaseDialer): a dial to a dropped SYN gives up after this. */
export const K6_DIAL_TIMEOUT_MS = 30_000;

/** Largest payload of one `data` event (xk6-tcp reads into a 4096-byte buffer). */
const READ_BUFFER_BYTES = 4096;
/** A TLS server's answer to a plaintext request: an alert record (handshake failure). */
const TLS_ALERT = "\x15\x03\x01\x00\x02\x02\x28";

type Handler = (...args: never[]) => void;

function tcpError(method: "connect" | "write" | "read", message: string) {
  const err = { name: "TCPError", method, message, error: () => message };
  Object.defineProperty(err, "toString", { value: () => `TCP error during ${method}: ${message}`, enumerable: false });
  return err;
}

function noActiveConnection() {
  const err = { error: () => "no active connection" };
  Object.defineProperty(err, "toString", { value: () => "no active connection", enumerable: false });
  return err;
}

const utf8 = new TextEncoder();

export const tcpPeers = {
  peer: ((): TcpPeer => ({ kind: "silent" })) as (host: string, port: number) => TcpPeer,
  sockets: [] as Socket[],
  /** Reads of `data` chunks' bytes: on real k6 each one is a call into Go (the chunk wraps xk6-tcp's buffer). */
  byteReads: 0,
  /** Told of every new socket (the arrival-rate model attributes sockets to VUs). */
  onSocket: undefined as ((socket: Socket) => void) | undefined,
  reset(): void {
    this.peer = () => ({ kind: "silent" });
    this.sockets = [];
    this.byteReads = 0;
  },
};

export class Socket {
  readonly tags: Record<string, string>;
  state: "opening" | "dialing" | "open" | "disconnected" | "destroyed" = "opening";
  closeEvents = 0;
  writes: string[] = [];
  /** Every setTimeout(ms) call: each is a call into Go on real k6. */
  idleTimeouts: number[] = [];
  #handlers = new Map<string, Handler>();
  #peer: TcpPeer = { kind: "silent" };
  #target = "";
  /** The dialled host:port, for tests that check where a probe went. */
  get target(): string {
    return this.#target;
  }
  /** The one Array every `data` event hands over, overwritten by each read. */
  readonly #readBuffer: number[] = [];
  /** What handlers see of it: every byte read is counted (tcpPeers.byteReads). */
  readonly #readView: number[] = new Proxy(this.#readBuffer, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^[0-9]+$/.test(key)) tcpPeers.byteReads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  #tls = false;
  /** setTimeout(ms): the read deadline xk6-tcp sets before each read once connected; 0 disables it. */
  #idleMs = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: { tags?: Record<string, string> } = {}) {
    registerGoByteSlice(this.#readView, () => Uint8Array.from(this.#readBuffer));
    this.tags = options.tags ?? {};
    tcpPeers.sockets.push(this);
    tcpPeers.onSocket?.(this);
  }

  #guardDial(what: string): void {
    if (this.state === "dialing") k6State.fatal.push(`${what} while connect() is pending: real k6 blocks the event loop`);
  }

  #fire(event: string, ...args: unknown[]): void {
    (this.#handlers.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  /** Real xk6-tcp: a read that waits past the deadline fires `timeout` and keeps reading (so fires again). */
  #armIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#idleMs <= 0 || this.state !== "open") return;
    this.#idleTimer = setTimeout(() => {
      if (this.state !== "open") return;
      this.#fire("timeout");
      this.#armIdle();
    }, this.#idleMs);
  }

  #closedByPeer(): void {
    if (this.state === "destroyed") return;
    clearTimeout(this.#idleTimer);
    this.state = "destroyed";
    this.closeEvents++;
    this.#fire("close");
  }

  /** The events with a handler, in the order first registered. */
  get events(): string[] {
    return [...this.#handlers.keys()];
  }

  on(event: string, handler: Handler): void {
    this.#handlers.set(event, handler); // one handler per event: a second `on` replaces the first
  }

  connect(options: { port: number; host?: string; tls?: boolean }): Promise<null> {
    const host = options.host ?? "localhost";
    this.#tls = options.tls === true;
    this.#target = `${host}:${options.port}`;
    this.#peer = tcpPeers.peer(host, options.port);
    const peer = this.#peer;
    this.state = "dialing";
    return new Promise((resolve, reject) => {
      const fail = (err: ReturnType<typeof tcpError>) => {
        this.state = "disconnected";
        k6State.emit("tcp_errors", "counter", 1, { proto: "TCP", host, port: String(options.port), ...this.tags });
        reject(err);
        setTimeout(() => this.#fire("error", err), 0);
      };
      switch (peer.kind) {
        case "refused":
          setTimeout(() => fail(tcpError("connect", `dial tcp ${this.#target}: connect: connection refused`)), 1);
          return;
        case "nxdomain":
          setTimeout(() => fail(tcpError("connect", `lookup ${host} on 127.0.0.1:53: no such host`)), 2);
          return;
        case "syn-drop":
          // Real k6: the promise rejects when the dial gives up, and no `error` or `close` event fires.
          setTimeout(() => {
            this.state = "disconnected";
            reject(tcpError("connect", `dial tcp ${this.#target}: i/o timeout`));
          }, peer.dialMs);
          return;
        default:
          if (options.tls === true && !((peer.kind === "reply" || peer.kind === "read-error") && peer.tls === true)) {
            setTimeout(() => fail(tcpError("connect", "tls: first record does not look like a TLS handshake")), 1);
            return;
          }
          setTimeout(() => {
            this.state = "open";
            this.#armIdle(); // the read loop starts with the connection
            k6State.emit("tcp_sockets", "counter", 1, { proto: "TCP", host, port: String(options.port), ...this.tags });
            resolve(null); // the promise callback runs before the `connect` event
            setTimeout(() => {
              this.#fire("connect");
              if (peer.kind === "greet") this.#send(peer.chunks);
              else if (peer.kind === "close-on-accept") this.#closedByPeer();
            }, 0);
          }, peer.kind === "silent" ? (peer.dialMs ?? 1) : 1);
      }
    });
  }

  #readFailed(message: string): void {
    if (this.state !== "open") return;
    this.#fire("error", tcpError("read", message));
    this.#closedByPeer();
  }

  /** Delivers the chunks a read at a time, then `end` (the peer's FIN unless told otherwise). */
  #send(chunks: string[], end = () => this.#closedByPeer()): void {
    const reads: Uint8Array[] = [];
    for (const chunk of chunks) {
      const bytes = utf8.encode(chunk);
      for (let at = 0; at < bytes.length; at += READ_BUFFER_BYTES) reads.push(bytes.subarray(at, at + READ_BUFFER_BYTES));
    }
    // Each read schedules the next and the last one the FIN: independent timers of different lengths may fire
    // out of order in Node under load (each length is its own list), and a FIN before the data is another peer.
    const deliver = (i: number) => {
      if (i === reads.length) {
        setTimeout(end, 2);
        return;
      }
      setTimeout(() => {
        if (this.state !== "open") return;
        this.#readBuffer.length = 0;
        for (const byte of reads[i] as Uint8Array) this.#readBuffer.push(byte);
        this.#fire("data", this.#readView);
        this.#armIdle(); // the next read gets a fresh deadline
        deliver(i + 1);
      }, 1);
    };
    deliver(0);
  }

  write(data: string): Promise<void> {
    this.#guardDial("write()");
    if (this.state !== "open") return Promise.reject(noActiveConnection());
    this.writes.push(data);
    const peer = this.#peer;
    const first = this.writes.length === 1;
    if (peer.kind === "reply" && first) this.#send(peer.tls === true && !this.#tls ? [TLS_ALERT] : peer.chunks);
    if (peer.kind === "read-error" && first) {
      if (peer.tls === true && !this.#tls) this.#send([TLS_ALERT]);
      else this.#send(peer.before ?? [], () => this.#readFailed(peer.message));
    }
    return new Promise((resolve) => setTimeout(() => resolve(), 1));
  }

  setTimeout(ms: number): void {
    this.#guardDial("setTimeout()");
    this.idleTimeouts.push(ms);
    this.#idleMs = ms > 0 ? ms : 0;
    this.#armIdle(); // an open connection's deadline changes at once, for a read already waiting too
  }

  destroy(): void {
    this.#guardDial("destroy()");
    if (this.state === "destroyed") return;
    clearTimeout(this.#idleTimer);
    this.state = "destroyed";
    this.closeEvents++;
    this.#fire("close");
  }
}

export default { Socket };
