// The http probe's code, evaluated on the first call of createHttpProbe(). Under Node (tests, tools) this is a plain
// re-export; scripts/build.mjs replaces this file in the bundle with src/protocols/http.ts bundled inside a function,
// so a VU that never probes http never evaluates it.
export { createHttpProbe } from "../protocols/http.ts";
