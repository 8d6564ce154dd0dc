// gRPC status codes as k6 really returns them. In k6 v2.2.0 `status` of invoke(), asyncInvoke() and
// healthCheck() results is a Go value wrapped as a JS object (typeof "object", JSON 0): `res.status === 0` is
// false for every OK call (../shared/reference/k6-failure-modes.md, section 2). Its valueOf() is the code, so
// every comparison goes through grpcCode(). Pure: no k6 imports.

/** What k6 hands back in `status`: a wrapped Go value, or a plain number (error.code, older k6). */
export type GrpcStatusValue = number | { valueOf(): unknown };

export const GRPC_OK = 0;
export const GRPC_DEADLINE_EXCEEDED = 4;
export const GRPC_UNAVAILABLE = 14;
/** grpc.health.v1 HealthCheckResponse.ServingStatus SERVING. */
export const HEALTH_SERVING = 1;

/** The numeric code of a status, or -1 when it is not a code at all (never equal to an expected status). */
export function grpcCode(status: GrpcStatusValue | null | undefined): number {
  const code = Number(status);
  return Number.isInteger(code) && code >= 0 ? code : -1;
}
