// The grpc probe's code, evaluated on the first call of createGrpcProbe(). Under Node (tests, tools) this is a plain
// re-export; scripts/build.mjs replaces this file in the bundle with src/protocols/grpc.ts bundled inside a function,
// so a VU that never probes grpc never evaluates it.
export { createGrpcProbe } from "../protocols/grpc.ts";
