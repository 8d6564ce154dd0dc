// The tags of a target's scenario. k6 adds a scenario's tags to every sample it runs, k6's own and the project's,
// so the tags that never change for a target live here, once, and not on every sample: each key of a sample's tag
// object is converted by k6 on every add (two keys fewer were 5k instructions of a TCP probe on real k6 v2.2.0).

import type { Tags, Target } from "../config/types.ts";

/** The user's tags (none named like these: ../config/semantic-checks.ts), protocol, target and path, and for
 * negative probes expect and sibling. */
export function scenarioTags(target: Target): Tags {
  const tags: Tags = { ...target.tags, protocol: target.protocol, target: target.name, path: target.path ?? "service" };
  if (target.expect === "blocked") {
    tags.expect = "blocked";
    if (target.sibling !== undefined) tags.sibling = target.sibling;
  }
  return tags;
}
