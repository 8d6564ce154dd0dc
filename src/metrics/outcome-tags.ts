// The tag sets a probe's samples carry, built once per target and destination pod: the hot path only picks one.
import type { Protocol, Tags, Target } from "../config/types.ts";
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

/** Tags every sample of the target carries: protocol, target, path, and for negative probes expect + sibling. */
export function targetTags(target: Target): Tags {
  const tags: Tags = { protocol: target.protocol, target: target.name, path: target.path ?? "service" };
  if (target.expect === "blocked") {
    tags.expect = "blocked";
    if (target.sibling !== undefined) tags.sibling = target.sibling;
  }
  return tags;
}

function outcomeTags(base: Tags): OutcomeTags {
  const failure = {} as Record<Reason, Tags>;
  for (const reason of REASONS) failure[reason] = { ...base, result: "fail", reason };
  return {
    fast: { ...base, result: "ok", latency: "fast" },
    slow: { ...base, result: "ok", latency: "slow" },
    blocked: { ...base, result: "ok" },
    failure,
  };
}

/** Outcome tag sets per destination pod, built on first sight and bounded (MAX_DEST_PODS, then "other"). */
export class OutcomeTagCache {
  readonly #base: Tags;
  readonly #byPod = new Map<string, OutcomeTags>();

  constructor(base: Tags) {
    this.#base = base;
  }

  for(destPod: string | undefined): OutcomeTags {
    const pod = destPod ?? UNKNOWN_POD;
    const known = this.#byPod.get(pod);
    if (known !== undefined) return known;
    if (this.#byPod.size >= MAX_DEST_PODS && pod !== OTHER_POD) return this.for(OTHER_POD);
    const tags = outcomeTags({ ...this.#base, dest_pod: pod });
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
