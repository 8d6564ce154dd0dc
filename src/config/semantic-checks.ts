// Rules the schema cannot express: unique names, rates k6 can schedule, VU bounds that fit, names resolve()
// can answer, scenarios and their variables that exist, tags that do not take the engine's label names, and
// thresholds k6 would reject or that name metrics this script never emits.
import type { ConfigIssue } from "./config-error.ts";
import type { Provenance } from "./provenance.ts";
import { thresholdIssues } from "./thresholds.ts";
import type { Config, Protocol, ScenarioTarget, Tags } from "./types.ts";
import { durationToMs } from "./duration.ts";
import { ENGINE_LABELS } from "../metrics/names.ts";
import { toArrivalRate } from "../options/arrival-rate.ts";
import { vuHoldMs } from "../options/vu-hold.ts";
import { vuBounds } from "../options/vus.ts";
import { destinationHost } from "../paths/destination-host.ts";
import { SCENARIO_NAMES, scenarioNamed } from "../scenario-kit/registry.ts";

function rateIssue(rate: number, where: string): ConfigIssue | undefined {
  if (toArrivalRate(rate) !== undefined) return undefined;
  return { where, message: "must be a whole number of probes per second, per minute or per hour", got: rate };
}

/** A tag named like one of the engine's labels would give way to it on every sample, silently. */
function tagNameIssues(tags: Tags | undefined, at: (key: string) => string): ConfigIssue[] {
  return Object.keys(tags ?? {})
    .filter((key) => (ENGINE_LABELS as readonly string[]).includes(key))
    .map((key) => ({ where: at(key), message: `is a label the engine sets itself (${ENGINE_LABELS.join(", ")}): give the tag another name`, got: tags?.[key] }));
}

/** A scenario target names a scenario src/scenarios/index.ts lists, and sets only the variables it declares. */
function scenarioIssues(target: ScenarioTarget, at: (...field: string[]) => string): ConfigIssue[] {
  const definition = scenarioNamed(target.scenario);
  if (definition === undefined) {
    return [{ where: at("scenario"), message: `unknown scenario ${JSON.stringify(target.scenario)} (known: ${SCENARIO_NAMES.join(", ")})` }];
  }
  const known = Object.keys(definition.vars ?? {});
  return Object.keys(target.vars ?? {})
    .filter((name) => !known.includes(name))
    .map((name) => ({
      where: at("vars", name),
      message: `is not a variable of scenario "${definition.name}" (known: ${known.length > 0 ? known.join(", ") : "none"})`,
      got: target.vars?.[name],
    }));
}

export function semanticIssues(config: Config, provenance: Provenance): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const push = (issue: ConfigIssue | undefined) => issue !== undefined && issues.push(issue);

  push(rateIssue(config.defaults.rate, provenance.describe(["defaults", "rate"])));
  issues.push(...tagNameIssues(config.tags, (key) => provenance.describe(["tags", key])));

  const firstByName = new Map<string, number>();
  config.targets.forEach((target, i) => {
    const at = (...field: string[]) => provenance.describe(["targets", i, ...field]);

    const first = firstByName.get(target.name);
    if (first === undefined) firstByName.set(target.name, i);
    else push({ where: at("name"), message: `duplicates the name of ${provenance.describe(["targets", first])}`, got: target.name });

    if (target.rate !== undefined) push(rateIssue(target.rate, at("rate")));
    issues.push(...tagNameIssues(target.tags, (key) => at("tags", key)));

    if (target.preAllocatedVUs !== undefined) {
      const { maxVUs } = vuBounds({
        ratePerSecond: target.rate ?? config.defaults.rate,
        holdMs: vuHoldMs(target, durationToMs(target.timeout ?? config.defaults.timeout)),
        maxVUs: target.maxVUs ?? config.defaults.maxVUs,
        runners: config.runners,
      });
      if (target.preAllocatedVUs > maxVUs) push({ where: at("preAllocatedVUs"), message: `must be <= maxVUs (${maxVUs})`, got: target.preAllocatedVUs });
    }

    if (target.protocol === "dns" && target.nameserver !== "hosts" && !target.query.replace(/\.$/, "").includes(".")) {
      push({ where: at("query"), message: "must be a fully qualified name: resolve() applies no search domains", got: target.query });
    }
    if (target.expect === "blocked" && target.sibling === undefined) {
      push({ where: at("sibling"), message: 'is required with expect "blocked": the positive target to the same destination, whose success proves a deny is the policy and not an outage' });
    }
    if (target.sibling !== undefined && target.expect !== "blocked") push({ where: at("sibling"), message: 'only applies to expect "blocked"', got: target.sibling });
    if (target.sibling === target.name) push({ where: at("sibling"), message: "must name another target", got: target.sibling });
    if (target.protocol !== "dns") {
      if (target.discovery !== undefined && target.path !== "pod") push({ where: at("discovery"), message: 'only applies to path "pod"', got: target.discovery });
      const host = destinationHost(target);
      if (target.path === "pod" && !/[a-zA-Z]/.test(host.replace(/^\[.*\]$/, ""))) {
        push({ where: at(target.protocol === "http" ? "url" : target.protocol === "grpc" ? "address" : "host"), message: 'path "pod" needs a headless Service name to resolve to pod IPs, not an IP address', got: host });
      }
    }
    if ((target.protocol === "http" || target.protocol === "grpc") && target.reconnectEvery !== undefined && target.connection !== "reuse") {
      push({ where: at("reconnectEvery"), message: 'only applies to connection "reuse" (set it, or drop reconnectEvery)', got: target.reconnectEvery });
    }
    if (target.protocol === "scenario") issues.push(...scenarioIssues(target, at));
    if (target.protocol === "http" && target.method === "HEAD" && (target.bodyContains ?? target.bodyExcludes) !== undefined) {
      push({ where: at("method"), message: "HEAD responses have no body to check (drop bodyContains/bodyExcludes)", got: target.method });
    }
  });

  if (config.thresholds !== undefined) {
    const protocols = new Set<Protocol>(config.targets.map((t) => t.protocol));
    issues.push(...thresholdIssues(config.thresholds, protocols, provenance.describe(["thresholds"]), config.mode === "continuous"));
  }
  return issues;
}
