// Fake of "k6/net/grpc": a scripted podinfo gRPC server with the results real k6 v2.2.0 gives
// (../shared/reference/k6-failure-modes.md, section 2), including the one that crashes k6: healthCheck()
// on a client with no live connection. That is recorded in k6State.fatal and thrown, so no test can miss it.
import { blockFor, toMs } from "./clock.ts";
import { k6State } from "./state.ts";

export type GrpcServerMode = "up" | "refused" | "nxdomain" | "silent" | "http1" | "killed";

export interface GrpcReply {
  status: number;
  message: unknown;
  errorMessage?: string;
  /** Block this long; past the call's timeout the reply becomes DEADLINE_EXCEEDED with no sample. */
  delayMs?: number;
}

const REFUSED = 'connection error: desc = "transport: error while dialing: dial tcp 127.0.0.1:9999: connect: connection refused"';

export const grpcServer = {
  mode: "up" as GrpcServerMode,
  /** Replies by full method name; absent methods are "not found in file descriptors". */
  methods: {} as Record<string, (request: unknown) => GrpcReply>,
  healthy: new Map<string, number>(),
  connects: 0,
  closes: 0,
  invokes: [] as Array<{ method: string; request: unknown; params: unknown }>,
  reset(): void {
    this.mode = "up";
    this.methods = {
      "version.VersionService/Version": () => ({ status: 0, message: { version: "6.14.1", commit: "eec06d1" } }),
      "status.StatusService/Status": (req) => {
        const code = { Ok: 0, NotFound: 5, Unavailable: 14 }[(req as { code: string }).code] ?? 2;
        return { status: code, message: { status: "" } };
      },
    };
    this.healthy = new Map([["", 1], ["podinfo", 1]]);
    this.connects = 0;
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

  connect(address: string, params: { plaintext?: boolean; reflect?: boolean; timeout?: string | number } = {}): boolean {
    grpcServer.connects++;
    this.#conn = false; // a failed (re-)connect leaves the client unconnected
    const timeoutMs = toMs(params.timeout, 60_000);
    switch (grpcServer.mode) {
      case "refused":
      case "killed":
        throw goError(REFUSED, { desc: REFUSED.slice('connection error: desc = "'.length, -1) });
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
        this.#conn = true;
        this.#address = address;
        return true;
    }
  }

  invoke(method: string, request: unknown, params: { timeout?: string | number; tags?: Record<string, string> } = {}) {
    if (!this.#conn) throw goError("no gRPC connection, you must call connect first");
    grpcServer.invokes.push({ method, request, params });
    const [service, name] = method.split("/") as [string, string];
    const tags = { method: name, name: `/${method}`, service, url: `${this.#address}/${method}`, ...params.tags };
    if (grpcServer.mode === "killed") {
      k6State.emit("grpc_req_duration", "trend", 0.5, { ...tags, status: "14" });
      return { status: 14, message: {}, error: { code: 14, message: REFUSED, details: [] }, headers: {}, trailers: {} };
    }
    const handler = grpcServer.methods[method];
    if (handler === undefined) throw goError(`method "/${method}" not found in file descriptors`);
    const reply = handler(request);
    const timeoutMs = toMs(params.timeout, 120_000);
    if ((reply.delayMs ?? 0) >= timeoutMs) {
      blockFor(timeoutMs);
      // DEADLINE_EXCEEDED: k6 drops the sample once the context is done.
      return { status: 4, message: reply.message, error: { code: 4, message: "context deadline exceeded", details: [] }, headers: {}, trailers: {} };
    }
    blockFor(reply.delayMs ?? 0);
    k6State.emit("grpc_req_duration", "trend", reply.delayMs ?? 1, { ...tags, status: String(reply.status) });
    const error = reply.status === 0 ? null : { code: reply.status, message: reply.errorMessage ?? "", details: [] };
    return { status: reply.status, message: reply.message, error, headers: {}, trailers: {} };
  }

  healthCheck(service = ""): { status: number } {
    if (!this.#conn) {
      k6State.fatal.push("healthCheck() on a client without a live connection: real k6 panics (nil pointer) and exits 2");
      throw new Error("panic: runtime error: invalid memory address or nil pointer dereference");
    }
    if (grpcServer.mode === "killed") {
      k6State.emit("grpc_req_duration", "trend", 0.5, { status: "14" });
      throw goError(`rpc error: code = Unavailable desc = ${REFUSED}`);
    }
    const status = grpcServer.healthy.get(service);
    if (status === undefined) {
      k6State.emit("grpc_req_duration", "trend", 1, { status: "5" });
      throw goError("rpc error: code = NotFound desc = unknown service");
    }
    k6State.emit("grpc_req_duration", "trend", 1, { status: "0" });
    return { status };
  }

  close(): void {
    grpcServer.closes++;
    this.#conn = false;
  }
}

const StatusOK = 0;
const StatusDeadlineExceeded = 4;
const StatusUnavailable = 14;

export { Client, StatusOK, StatusDeadlineExceeded, StatusUnavailable };
export default { Client, StatusOK, StatusDeadlineExceeded, StatusUnavailable };
