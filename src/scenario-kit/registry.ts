// Every scenario src/scenarios/index.ts lists, by name. Pure: configuration checks ask it which names exist.
import * as listed from "../scenarios/index.ts";
import type { ScenarioDefinition } from "./define.ts";

function byName(definitions: readonly ScenarioDefinition[]): ReadonlyMap<string, ScenarioDefinition> {
  const map = new Map<string, ScenarioDefinition>();
  for (const definition of definitions) {
    if (map.has(definition.name)) throw new Error(`src/scenarios/index.ts lists two scenarios named ${definition.name}`);
    map.set(definition.name, definition);
  }
  return map;
}

const SCENARIOS = byName(Object.values(listed) as ScenarioDefinition[]);

/** Known scenario names, sorted (for error messages). */
export const SCENARIO_NAMES: readonly string[] = [...SCENARIOS.keys()].sort();

export function scenarioNamed(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.get(name);
}
