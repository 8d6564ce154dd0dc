// The one module that reads k6's __ENV (and open(), for /etc/resolv.conf): everything else receives a Config.
import { loadConfig } from "./load-config.ts";
import type { Config } from "./types.ts";

// k6 evaluates the script once with __VU 0 for its options (a bad configuration stops k6 there), then once
// per VU: those trust the schema check already made on the same environment.
export const config: Config = loadConfig(__ENV, (path) => open(path), { schemaChecked: __VU > 0 });
