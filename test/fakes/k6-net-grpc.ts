// Fake of "k6/net/grpc": a scripted podinfo gRPC server with the results real k6 v2.2.0 gives
// (../shared/reference/k6-failure-modes.md, section 2), including the one that crashes k6: healthCheck()
// on a client with no live connection. That is recorded in k6State.fatal and thrown, so no test can miss it.
//
// Types as well as values: every `status` is a wrapped Go value (an object whose valueOf() is the code), as on
// real k6, so `res.status === 0` is false here too; `error.code` is a plain number. Connection parameters
// matter: without `plaintext` the TLS handshake to podinfo's plaintext port fails after the timeout, without
// `reflect` the client knows no method, and without a `timeout` a silent server holds the call for k6's 60 s.
import { blockFor, toMs } from "./clock.ts";
import { k6State } from "./state.ts";
import { tcpPeers } from "./k6-x-tcp.ts";

export type GrpcServerMode = "up" | "refused" | "nxdomain" | "silent" | "http1" | "killed";

export interface GrpcReply {
  status: number;
  message: unknown;
  errorMessage?: string;
  /** Block this long; past the call's timeout the reply becomes DEADLINE_EXCEEDED with no sample. */
  delayMs?: number;
}

/** A Go value as k6 v2.2.0 hands it to JS: an object, JSON and valueOf() give the number. */
class GoValue {
  readonly #value: number;
  constructor(value: number) {
    this.#value = value;
  }
  valueOf(): number {
    return this.#value;
  }
  toJSON(): number {
    return this.#value;
  }
  toString(): string {
    return String(this.#value);
  }
}
// One object per code: `res.status === grpc.StatusOK` holds on real k6, so the constants and results are shared.
const goValues = new Map<number, GoValue>();
export function goStatus(code: number): GoValue {
  let value = goValues.get(code);
  if (value === undefined) goValues.set(code, (value = new GoValue(code)));
  return value;
}

const refused = (address: string) => `connection error: desc = "transport: error while dialing: dial tcp ${address}: connect: connection refused"`;
/** k6's default connect timeout when the params name none. */
const DEFAULT_CONNECT_TIMEOUT_MS = 60_000;

export const grpcServer = {
  mode: "up" as GrpcServerMode,
  /** Replies by full method name; absent methods are "not found in file descriptors". `pod`: who accepted the connection. */
  methods: {} as Record<string, (request: unknown, conn: { pod: string | undefined }) => GrpcReply>,
  healthy: new Map<string, number>(),
  /** The server speaks TLS (podinfo does not). */
  tls: false,
  connects: 0,
  /** Every address connect() was called with, in order. */
  dialled: [] as string[],
  closes: 0,
  invokes: [] as Array<{ method: string; request: unknown; params: unknown }>,
  reset(): void {
    this.mode = "up";
    this.methods = {
      "version.VersionService/Version": () => ({ status: 0, message: { version: "6.14.1", commit: "eec06d1" } }),
      "echo.EchoService/Echo": (req) => ({ status: 0, message: { body: (req as { body?: string }).body ?? "" } }),
      "status.StatusService/Status": (req) => {
        const code = { Ok: 0, NotFound: 5, Unavailable: 14 }[(req as { code: string }).code] ?? 2;
        return { status: code, message: { status: "" } };
      },
    };
    this.healthy = new Map([["", 1], ["podinfo", 1]]);
    this.tls = false;
    this.connects = 0;
    this.dialled = [];
    this.closes = 0;
    this.invokes = [];
  },
};
grpcServer.reset();

function goError(message: string, value: unknown = {}): Error {
  const err = new Error(message) as Error & { value: unknown };
  err.name = "GoError";
  err.value = value;
  return err;
}

class Client {
  #conn = false;
  #address = "";
  /**
   * Descriptors come from reflection only (the engine loads no protos). Like k6's `c.mds`, they stay on the
   * client across close() and later connects without `reflect`.
   */
  #reflected = false;
  /** The backend that accepted the connection (the network model, `tcpPeers`). */
  #pod: string | undefined;

  connect(address: string, params: { plaintext?: boolean; reflect?: boolean; timeout?: string | number } = {}): boolean {
    grpcServer.connects++;
    grpcServer.dialled.push(address);
    this.#conn = false; // a failed (re-)connect leaves the client unconnected
    const timeoutMs = toMs(params.timeout, DEFAULT_CONNECT_TIMEOUT_MS);
    // The TCP dial first, through the same network model as the other fakes (one peer per connection).
    const colon = address.lastIndexOf(":");
    const peer = tcpPeers.peer(address.slice(0, colon).replace(/^\[|\]$/g, ""), Number(address.slice(colon + 1)));
    if (peer.kind === "syn-drop") {
      blockFor(Math.min(timeoutMs, peer.dialMs));
      throw goError("context deadline exceeded");
    }
    const mode: GrpcServerMode = peer.kind === "refused" ? "refused" : peer.kind === "nxdomain" ? "nxdomain" : grpcServer.mode;
    this.#pod = "pod" in peer ? peer.pod : undefined;
    switch (mode) {
      case "refused":
      case "killed": {
        const text = refused(address);
        throw goError(text, { desc: text.slice('connection error: desc = "'.length, -1) });
      }
      case "nxdomain":
        throw goError(`connection error: desc = "transport: error while dialing: lookup ${address.split(":")[0]} on 127.0.0.1:53: no such host"`);
      case "silent":
        blockFor(timeoutMs);
        throw goError("context deadline exceeded");
      case "http1":
        blockFor(timeoutMs);
        throw goError(
          'context deadline exceeded: connection error: desc = "error reading server preface: http2: failed reading the frame payload: http2: frame too large, note that the frame header looked like an HTTP/1.1 header"',
        );
      case "up":
        if (params.plaintext !== true && !grpcServer.tls) {
          blockFor(timeoutMs);
          throw goError(
            'context deadline exceeded: connection error: desc = "transport: authentication handshake failed: tls: first record does not look like a TLS handshake"',
          );
        }
        if (params.plaintext === true && grpcServer.tls) {
          // Modelled, not measured: a plaintext HTTP/2 preface to a TLS listener gets no valid server preface.
          blockFor(timeoutMs);
          throw goError('context deadline exceeded: connection error: desc = "error reading server preface: EOF"');
        }
        this.#conn = true;
        this.#address = address;
        this.#reflected ||= params.reflect === true;
        return true;
    }
  }

  invoke(method: string, request: unknown, params: { timeout?: string | number; tags?: Record<string, string>; discardResponseMessage?: boolean } = {}) {
    if (!this.#conn) throw goError("no gRPC connection, you must call connect first");
    grpcServer.invokes.push({ method, request, params });
    const [service, name] = method.split("/") as [string, string];
    const tags = { method: name, name: `/${method}`, service, url: `${this.#address}/${method}`, ...params.tags };
    const handler = grpcServer.methods[method];
    if (handler === undefined || !this.#reflected) throw goError(`method "/${method}" not found in file descriptors`);
    if (grpcServer.mode === "killed") {
      k6State.emit("grpc_req_duration", "trend", 0.5, { ...tags, status: "14" });
      return { status: goStatus(14), message: params.discardResponseMessage === true ? null : {}, error: { code: 14, message: refused(this.#address), details: [] }, headers: {}, trailers: {} };
    }
    const handled = handler(request, { pod: this.#pod });
    // k6 leaves `message` null when told to discard it: it never converts the reply to JSON.
    const reply = params.discardResponseMessage === true ? { ...handled, message: null } : handled;
    const timeoutMs = toMs(params.timeout, 120_000);
    if ((reply.delayMs ?? 0) >= timeoutMs) {
      blockFor(timeoutMs);
      // DEADLINE_EXCEEDED: k6 drops the sample once the context is done.
      return { status: goStatus(4), message: reply.message, error: { code: 4, message: "context deadline exceeded", details: [] }, headers: {}, trailers: {} };
    }
    blockFor(reply.delayMs ?? 0);
    k6State.emit("grpc_req_duration", "trend", reply.delayMs ?? 1, { ...tags, status: String(reply.status) });
    const error = reply.status === 0 ? null : { code: reply.status, message: reply.errorMessage ?? "", details: [] };
    return { status: goStatus(reply.status), message: reply.message, error, headers: {}, trailers: {} };
  }

  healthCheck(service = ""): { status: GoValue } {
    if (!this.#conn) {
      k6State.fatal.push("healthCheck() on a client without a live connection: real k6 panics (nil pointer) and exits 2");
      throw new Error("panic: runtime error: invalid memory address or nil pointer dereference");
    }
    if (grpcServer.mode === "killed") {
      k6State.emit("grpc_req_duration", "trend", 0.5, { status: "14" });
      throw goError(`rpc error: code = Unavailable desc = ${refused(this.#address)}`);
    }
    const status = grpcServer.healthy.get(service);
    if (status === undefined) {
      k6State.emit("grpc_req_duration", "trend", 1, { status: "5" });
      throw goError("rpc error: code = NotFound desc = unknown service");
    }
    k6State.emit("grpc_req_duration", "trend", 1, { status: "0" });
    return { status: goStatus(status) };
  }

  close(): void {
    grpcServer.closes++;
    this.#conn = false;
  }
}

const StatusOK = goStatus(0);
const StatusDeadlineExceeded = goStatus(4);
const StatusUnavailable = goStatus(14);

export { Client, StatusOK, StatusDeadlineExceeded, StatusUnavailable };
export default { Client, StatusOK, StatusDeadlineExceeded, StatusUnavailable };
