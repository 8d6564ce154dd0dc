// The scenario probe's code, evaluated on the first call of createScenarioProbe(). Under Node (tests, tools) this is a plain
// re-export; scripts/build.mjs replaces this file in the bundle with src/scenario-kit/k6/scenario-probe.ts bundled inside a function,
// so a VU that never probes scenario never evaluates it.
export { createScenarioProbe } from "../scenario-kit/k6/scenario-probe.ts";
