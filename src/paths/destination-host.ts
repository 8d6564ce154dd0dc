// Which host a target connects to: for the pod path, the headless Service name that resolves to pod IPs.
import type { Target } from "../config/types.ts";
import { hostOf } from "./host-swap.ts";

/** The host a target connects to: what a headless Service name resolves to pod IPs. */
export function destinationHost(target: Target): string {
  switch (target.protocol) {
    case "http":
      return hostOf(target.url);
    case "grpc":
      return hostOf(target.address);
    case "tcp":
      return target.host;
    case "dns":
      return target.query;
    case "scenario":
      return target.host;
  }
}
