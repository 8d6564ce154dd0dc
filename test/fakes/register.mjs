// Test-only module hook: resolves `k6` and `k6/...` imports to the honest fakes in this folder, so the engine's
// sources run under Node unchanged (the bundle keeps the real module names), and gives the process k6's globals
// where they differ from Node's (./k6-globals.ts; tsx, imported first, compiles it).
import { register } from "node:module";

register("./resolve-k6.mjs", import.meta.url);
await import("./k6-globals.ts");
