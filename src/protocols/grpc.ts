// gRPC probe: one unary call per iteration on a connection kept per VU, or the standard health check when the
// target's method is grpc.health.v1.Health/Check. Reflection supplies the descriptors, so no .proto files ship.
//
// Crash guard: k6's healthCheck() on a client without a live connection (never connected, closed, failed
// connect) takes the whole k6 process down. `connected` is true only between a successful connect() and close().
import grpc from "k6/net/grpc";
import type { GrpcTarget } from "../config/types.ts";
import { isTransportReason, reasonFromErrorText, reasonFromGrpcStatus } from "../metrics/classify.ts";
import { hostnameFromMessage } from "../metrics/dest-pod.ts";
import { GRPC_OK, grpcCode, HEALTH_SERVING, type GrpcStatusValue } from "../metrics/grpc-status.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { withHost } from "../paths/host-swap.ts";

export const DEFAULT_GRPC_METHOD = "version.VersionService/Version";
export const HEALTH_CHECK_METHOD = "grpc.health.v1.Health/Check";

/** Reason for an exception thrown by connect/invoke/healthCheck (Error instances with name "GoError"). */
export function reasonFromThrown(err: unknown): Reason {
  const text = String(err);
  if (/code = NotFound|code = FailedPrecondition|unknown service/.test(text)) return "status";
  return reasonFromErrorText(text);
}

/**
 * The probe takes an optional host: a pod IP on the pod path. The connection follows it: a new host means a new
 * connection (the pod path hands gRPC a new pod only at each refresh, not per call).
 */
export function createGrpcProbe(plan: TargetPlan<GrpcTarget>, recorder: Recorder): (host?: string) => void {
  const { target } = plan;
  const client = new grpc.Client(); // k6 allows Client construction in the init context only
  const method = target.method ?? DEFAULT_GRPC_METHOD;
  const isHealthCheck = method === HEALTH_CHECK_METHOD;
  const healthService = typeof target.request?.service === "string" ? target.request.service : "";
  const request = target.request ?? {};
  const expected = target.expectedStatus ?? GRPC_OK;
  const connectParams = { plaintext: target.tls !== true, reflect: true, timeout: plan.timeout };
  const invokeParams = { timeout: plan.timeout, tags: { target: target.name } };
  let connected = false;
  let connectedTo = "";
  let lastHost: string | undefined;
  let address = target.address;
  let destPod: string | undefined;

  /** Drop the connection so the next probe dials afresh instead of waiting out grpc-go's reconnect backoff. */
  const disconnect = () => {
    if (connected) client.close();
    connected = false;
  };

  /** One call on a connected client: undefined on success, else the reason. */
  const call = (): Reason | undefined => {
    if (isHealthCheck) {
      // @types/k6 says { Status: "SERVING" }; k6 v2.2.0 returns { status: <wrapped Go value 1> }.
      const res = client.healthCheck(healthService) as unknown as { status: GrpcStatusValue };
      return grpcCode(res.status) === HEALTH_SERVING ? undefined : "status";
    }
    const res = client.invoke(method, request, invokeParams);
    const status = res.status as GrpcStatusValue; // typed number by @types/k6, a wrapped Go value at runtime
    destPod = grpcCode(status) === GRPC_OK ? hostnameFromMessage(res.message) : undefined;
    return reasonFromGrpcStatus(status, expected, (res.error as { message?: string } | null)?.message);
  };

  return function probeGrpc(host?: string): void {
    const started = Date.now();
    // The pod path changes the host only at a refresh: build its address once, not per call.
    if (host !== lastHost) {
      lastHost = host;
      address = host === undefined ? target.address : withHost(target.address, host);
    }
    let reason: Reason | undefined;
    destPod = undefined;
    try {
      if (connected && connectedTo !== address) disconnect();
      if (!connected) {
        client.connect(address, connectParams);
        connected = true;
        connectedTo = address;
      }
      reason = call();
    } catch (err) {
      reason = reasonFromThrown(err);
      // An unexpected throw (unknown method, bad request) leaves the client's state unknown: reconnect before
      // any healthCheck() on it.
      if (reason === "error") disconnect();
    }
    if (isTransportReason(reason)) disconnect();
    recorder.record(reason, Date.now() - started, destPod);
  };
}
