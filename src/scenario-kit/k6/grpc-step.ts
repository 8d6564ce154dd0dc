// The gRPC step: one unary call on a client kept per VU and step (k6 creates clients in the init context only),
// judged like the gRPC probe. The connection follows the address (a new pod on the pod path), is dropped after a
// transport failure or an unexpected throw, and on path "service" at the end of every iteration (closeAll), so
// each iteration dials afresh and a Service's per-connection balancing spreads iterations over its backends,
// as the gRPC probe's "per-probe" policy does. Reflection runs on the first successful connect only: k6 keeps
// the descriptors on the client across close() and connect(). No healthCheck() here: it crashes k6 on a client
// without a live connection (the probe's crash guard).
import grpc from "k6/net/grpc";
import { isTransportReason, reasonFromGrpcStatus } from "../../metrics/classify.ts";
import { hostnameFromMessage } from "../../metrics/dest-pod.ts";
import { GRPC_OK, grpcCode, type GrpcStatusValue } from "../../metrics/grpc-status.ts";
import type { Reason } from "../../metrics/names.ts";
import { now } from "../../protocols/clock.ts";
import { reasonFromThrown } from "../../protocols/grpc.ts";
import type { GrpcStepRequest, GrpcStepResult } from "../define.ts";
import type { Iteration } from "../iteration.ts";

export interface GrpcSteps {
  call(step: string, request: GrpcStepRequest): GrpcStepResult;
  /** Close every step's connection (the end of an iteration on path "service"). */
  closeAll(): void;
}

class Connection {
  readonly client = new grpc.Client();
  #to: string | undefined;
  #described = false;

  /** Connected to `address` (with TLS or not) after this returns; throws what connect() throws. */
  ensure(address: string, tls: boolean, timeoutMs: number): void {
    const key = `${tls ? "tls" : "plain"}:${address}`;
    if (this.#to === key) return;
    this.drop();
    this.client.connect(address, { plaintext: !tls, reflect: !this.#described, timeout: `${timeoutMs}ms` });
    this.#described = true;
    this.#to = key;
  }

  drop(): void {
    if (this.#to !== undefined) this.client.close();
    this.#to = undefined;
  }
}

/** `steps`: the scenario's gRPC step names, each given its client now, in the init context. */
export function createGrpcSteps(iteration: Iteration, steps: readonly string[]): GrpcSteps {
  const connections = new Map(steps.map((step) => [step, new Connection()]));

  const call = (step: string, request: GrpcStepRequest): GrpcStepResult => {
    const timeoutMs = iteration.enter(step, now());
    const connection = connections.get(step) as Connection; // the context only runs declared steps
    const started = now();
    let reason: Reason | undefined;
    let message: unknown;
    let checked = false;
    try {
      connection.ensure(request.address, request.tls === true, timeoutMs);
      const left = iteration.remaining(now());
      if (left <= 0) reason = "timeout";
      else {
        const res = connection.client.invoke(request.method, request.request ?? {}, { timeout: `${left}ms` });
        const status = res.status as GrpcStatusValue; // typed number by @types/k6, a wrapped Go value at runtime
        message = res.message;
        reason = reasonFromGrpcStatus(status, request.expectedStatus ?? GRPC_OK, (res.error as { message?: string } | null)?.message);
        if (grpcCode(status) === GRPC_OK) iteration.servedBy(hostnameFromMessage(res.message));
        checked = reason === undefined && request.check !== undefined;
      }
    } catch (err) {
      reason = reasonFromThrown(err);
      if (reason === "error") connection.drop(); // state unknown after an unexpected throw: dial afresh
    }
    if (isTransportReason(reason)) connection.drop();
    // Outside the try: an exception in the scenario's own check is the scenario's, not a transport failure.
    if (checked && request.check !== undefined && !request.check(message)) reason = "body";
    const durationMs = now() - started;
    iteration.leave(step, reason, durationMs);
    return { message, durationMs };
  };

  return {
    call,
    closeAll() {
      for (const connection of connections.values()) connection.drop();
    },
  };
}
