// The one module that reads k6's __ENV (and open(), for /etc/resolv.conf): everything else receives a Config.
import { loadConfig } from "./load-config.ts";
import type { Config } from "./types.ts";

export const config: Config = loadConfig(__ENV, (path) => open(path));
