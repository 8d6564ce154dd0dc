// A VU's probe code (vu-runtime.ts), evaluated when first asked for. Under Node (tests, tools) this is a plain
// import; scripts/build.mjs replaces this file in the bundle with vu-runtime.ts bundled inside vuRuntime(), its
// k6 modules and metrics taken from the outer module (they must be imported, and metrics created, in init).
import * as vuRuntimeModule from "./vu-runtime.ts";

export type VuRuntime = typeof vuRuntimeModule;

export function vuRuntime(): VuRuntime {
  return vuRuntimeModule;
}
