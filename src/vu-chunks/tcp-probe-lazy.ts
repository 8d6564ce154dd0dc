// The tcp probe's code, evaluated on the first call of createTcpProbe(). Under Node (tests, tools) this is a plain
// re-export; scripts/build.mjs replaces this file in the bundle with src/protocols/tcp.ts bundled inside a function,
// so a VU that never probes tcp never evaluates it.
export { createTcpProbe } from "../protocols/tcp.ts";
