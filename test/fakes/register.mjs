// Test-only module hook: resolves `k6` and `k6/...` imports to the honest fakes in this folder, so the engine's
// sources run under Node unchanged (the bundle keeps the real module names).
import { register } from "node:module";

register("./resolve-k6.mjs", import.meta.url);
