// What only k6's first init (__VU 0) runs: reading and checking the environment, planning, the options, the
// end-of-test summary. The bundle evaluates this code only on the first call of firstInit() (first-init-lazy.ts):
// every other VU's runtime never creates its functions and tables (each function object costs a Sobek runtime
// about 0.8 KB).
export { loadConfig } from "./config/load-config.ts";
export { planTargets } from "./options/target-plan.ts";
export { buildOptions, runThresholds } from "./options/build-options.ts";
export { endOfTestSummary } from "./summary/end-of-test.ts";
