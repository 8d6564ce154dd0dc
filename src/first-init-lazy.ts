// The first-init code (first-init.ts), evaluated when first asked for. Under Node (tests, tools) this is a plain
// import; scripts/build.mjs replaces this file in the bundle with first-init.ts bundled inside firstInit(), so a
// k6 runtime that never calls it (every VU but __VU 0) never evaluates it.
import * as firstInitModule from "./first-init.ts";

export type FirstInit = typeof firstInitModule;

export function firstInit(): FirstInit {
  return firstInitModule;
}
