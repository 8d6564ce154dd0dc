// The tag sets a probe's samples carry, built once per target and destination pod: the hot path only picks one.
// Only what varies from probe to probe: k6 adds the target's constant tags from its scenario
// (../options/scenario-tags.ts).
import type { Protocol, Tags } from "../config/types.ts";
import { REASONS, type Reason } from "./names.ts";

/** Per VU and target, at most this many destination pods get their own tag value; the rest share "other". */
export const MAX_DEST_PODS = 64;
export const UNKNOWN_POD = "unknown";
export const OTHER_POD = "other";

export interface OutcomeTags {
  fast: Tags;
  slow: Tags;
  /** A negative probe that was blocked, as it should be: ok, and no latency to speak of. */
  blocked: Tags;
  failure: Readonly<Record<Reason, Tags>>;
}

function outcomeTags(destPod: string): OutcomeTags {
  const failure = {} as Record<Reason, Tags>;
  for (const reason of REASONS) failure[reason] = { dest_pod: destPod, result: "fail", reason };
  return {
    fast: { dest_pod: destPod, result: "ok", latency: "fast" },
    slow: { dest_pod: destPod, result: "ok", latency: "slow" },
    blocked: { dest_pod: destPod, result: "ok" },
    failure,
  };
}

/** Outcome tag sets per destination pod, built on first sight and bounded (MAX_DEST_PODS, then "other"). */
export class OutcomeTagCache {
  readonly #byPod = new Map<string, OutcomeTags>();

  for(destPod: string | undefined): OutcomeTags {
    const pod = destPod ?? UNKNOWN_POD;
    const known = this.#byPod.get(pod);
    if (known !== undefined) return known;
    if (this.#byPod.size >= MAX_DEST_PODS && pod !== OTHER_POD) return this.for(OTHER_POD);
    const tags = outcomeTags(pod);
    this.#byPod.set(pod, tags);
    return tags;
  }
}

/** Failure tag sets with a scenario's failing `step` added, built on first sight: bounded by the declared steps. */
export class StepTagCache {
  // Made on the first failing step: every recorder has a cache, only scenario targets ever use it.
  #byTags: WeakMap<Tags, Map<string, Tags>> | undefined;

  for(failure: Tags, step: string): Tags {
    this.#byTags ??= new WeakMap();
    let bySteps = this.#byTags.get(failure);
    if (bySteps === undefined) this.#byTags.set(failure, (bySteps = new Map()));
    let tags = bySteps.get(step);
    if (tags === undefined) bySteps.set(step, (tags = { ...failure, step }));
    return tags;
  }
}

/** The one check each probe records, named as a sentence. */
export function checkName(protocol: Protocol, blocked: boolean): string {
  if (blocked) return `${protocol} connection is blocked as the network policy demands`;
  switch (protocol) {
    case "http":
      return "http response has the expected status and body";
    case "grpc":
      return "grpc call returns the expected status";
    case "tcp":
      return "tcp exchange completes as expected";
    case "dns":
      return "dns answer has the expected addresses";
    case "scenario":
      return "scenario completes every step as expected";
  }
}
