// gRPC probe: one unary call per iteration on a connection kept per VU, or the standard health check when the
// target's method is grpc.health.v1.Health/Check. Reflection supplies the descriptors, so no .proto files ship.
//
// Crash guard: k6's healthCheck() on a client without a live connection (never connected, closed, failed
// connect) takes the whole k6 process down. `connected` is true only between a successful connect() and close().
//
// Connections: a channel balances nothing by itself, so on path "service" each probe dials afresh by default
// (a new DNAT choice of backend) and closes afterwards; on the pod path the connection follows the pod picked
// per probe. Reflection runs on the first successful connect only: k6 keeps the descriptors on the client across
// close() and connect() (grafana/k6 internal/js/modules/k6/grpc/client.go, `c.mds`), so a redial costs a TCP
// and HTTP/2 handshake, not a reflection exchange.
import grpc from "k6/net/grpc";
import type { GrpcTarget } from "../config/types.ts";
import { isTransportReason, reasonFromErrorText, reasonFromGrpcStatus } from "../metrics/classify.ts";
import { hostnameFromMessage } from "../metrics/dest-pod.ts";
import { GRPC_OK, grpcCode, HEALTH_SERVING, type GrpcStatusValue } from "../metrics/grpc-status.ts";
import type { Reason } from "../metrics/names.ts";
import type { Recorder } from "../metrics/recorder.ts";
import type { TargetPlan } from "../options/target-plan.ts";
import { hostSwapper } from "../paths/host-swap.ts";
import { destPodOf } from "../paths/pod-names.ts";
import { now } from "./clock.ts";
import { recordUnexpected } from "./unexpected.ts";
import { ConnectionRenewal } from "./connection-policy.ts";

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
 * connection.
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
  const redialParams = { ...connectParams, reflect: false };
  const renewal = new ConnectionRenewal(target);
  let described = false; // the client holds the method descriptors from an earlier reflection
  // No tags: the target's scenario tags every sample of its iterations already, and k6 converts a tags object
  // on every call (1.5% of a gRPC probe's CPU in an A/B of bundles on real k6 v2.2.0).
  const invokeParams = { timeout: plan.timeout };
  // The reply is read only for the pod's name (dest_pod). A method's reply type is fixed, so one that came back
  // without a hostname (podinfo's Version, unlike its Info) never has one: from then on k6 is told not to convert
  // replies to JSON at all (3% of a gRPC probe's CPU, real k6 v2.2.0, 6 pinned repeats).
  const discardingParams = { ...invokeParams, discardResponseMessage: true };
  let readsReply = true;
  let connected = false;
  let connectedTo = "";
  const addressFor = hostSwapper(target.address);
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
    const res = client.invoke(method, request, readsReply ? invokeParams : discardingParams);
    // Typed number by @types/k6, a wrapped Go value at runtime: converted once, and the error read only on a failure.
    const code = grpcCode(res.status as GrpcStatusValue);
    if (code === GRPC_OK && readsReply) {
      destPod = hostnameFromMessage(res.message);
      readsReply = destPod !== undefined;
    }
    if (code === expected) return undefined;
    return reasonFromGrpcStatus(code, expected, (res.error as { message?: string } | null)?.message);
  };

  return function probeGrpc(host?: string): void {
    const started = now();
    try {
      const address = host === undefined ? target.address : addressFor(host);
      let reason: Reason | undefined;
      destPod = undefined;
      try {
        if (connected && (connectedTo !== address || (renewal.renews && renewal.due(Date.now())))) disconnect();
        if (!connected) {
          client.connect(address, described ? redialParams : connectParams);
          connected = true;
          described = true;
          connectedTo = address;
          renewal.opened(Date.now());
        }
        reason = call();
      } catch (err) {
        reason = reasonFromThrown(err);
        // An unexpected throw (unknown method, bad request) leaves the client's state unknown: reconnect before
        // any healthCheck() on it, and reflect again in case the descriptors were the problem.
        if (reason === "error") {
          disconnect();
          described = false;
        }
      }
      const durationMs = now() - started;
      // Per probe: close at once rather than hold an idle channel (and a server-side stream) until the next probe.
      if (isTransportReason(reason) || renewal.perProbe) disconnect();
      recorder.record(reason, durationMs, destPodOf(destPod, host));
    } catch (err) {
      recordUnexpected(recorder, started, err);
    }
  };
}
