// The dns probe's code, evaluated on the first call of createDnsProbe(). Under Node (tests, tools) this is a plain
// re-export; scripts/build.mjs replaces this file in the bundle with src/protocols/dns.ts bundled inside a function,
// so a VU that never probes dns never evaluates it.
export { createDnsProbe } from "../protocols/dns.ts";
