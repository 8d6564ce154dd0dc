// The tag sets a probe's samples carry, built once per target: the hot path only picks one.
import type { Protocol, Tags } from "../config/types.ts";
import { REASONS, type Reason } from "./names.ts";

export interface OutcomeTags {
  /** protocol + target: the gauge and the check. */
  base: Tags;
  fast: Tags;
  slow: Tags;
  failure: Readonly<Record<Reason, Tags>>;
}

export function outcomeTags(protocol: Protocol, target: string): OutcomeTags {
  const base = { protocol, target };
  const failure = {} as Record<Reason, Tags>;
  for (const reason of REASONS) failure[reason] = { ...base, result: "fail", reason };
  return {
    base,
    fast: { ...base, result: "ok", latency: "fast" },
    slow: { ...base, result: "ok", latency: "slow" },
    failure,
  };
}

/** The one check each probe records, named as a sentence. */
export function checkName(protocol: Protocol): string {
  switch (protocol) {
    case "http":
      return "http response has the expected status and body";
    case "grpc":
      return "grpc call returns the expected status";
    case "tcp":
      return "tcp exchange completes as expected";
    case "dns":
      return "dns answer has the expected addresses";
  }
}
