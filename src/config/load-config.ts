// Environment -> validated Config, or one ConfigError listing every problem. Pure: the caller passes the
// environment and a file reader (k6's open() in the init context, fs in tests), so this runs before any traffic.
import { ConfigError, type ConfigIssue } from "./config-error.ts";
import { mergeEnvironment, type Environment } from "./merge-env.ts";
import type { Provenance } from "./provenance.ts";
import { firstNameserver } from "./resolv-conf.ts";
import { schemaIssues } from "./schema-issues.ts";
import { semanticIssues } from "./semantic-checks.ts";
import type { Config } from "./types.ts";
import { createValidator } from "./validate-config.generated.js";

export type ReadFile = (path: string) => string;

export const RESOLV_CONF = "/etc/resolv.conf";

/** Where a target asks for the system nameserver: a DNS probe's `nameserver`, or a pod path's `discovery`. */
interface NameserverUser {
  index: number;
  field: string[];
  set: (address: string) => void;
}

function systemNameserverUsers(config: Config): NameserverUser[] {
  return config.targets.flatMap((t, index): NameserverUser[] => {
    if (t.protocol === "dns") {
      return t.nameserver === "system" ? [{ index, field: ["nameserver"], set: (a: string) => void (t.nameserver = a) }] : [];
    }
    if (t.path !== "pod" || (t.discovery?.nameserver ?? "system") !== "system") return [];
    const field = t.discovery === undefined ? ["path"] : ["discovery", "nameserver"];
    return [{ index, field, set: (a: string) => void (t.discovery = { ...t.discovery, nameserver: a }) }];
  });
}

/** Replace "system" nameservers with the first nameserver of /etc/resolv.conf, read once. */
function resolveSystemNameserver(config: Config, readFile: ReadFile | undefined, provenance: Provenance): ConfigIssue[] {
  const users = systemNameserverUsers(config);
  if (users.length === 0) return [];
  let nameserver: string | undefined;
  let problem = "";
  try {
    if (readFile === undefined) throw new Error("no file reader available");
    nameserver = firstNameserver(readFile(RESOLV_CONF));
    if (nameserver === undefined) problem = `${RESOLV_CONF} has no nameserver line`;
  } catch (err) {
    problem = `${RESOLV_CONF} is not readable (${String(err)})`;
  }
  if (nameserver === undefined) {
    return users.map(({ index, field }) => ({
      where: provenance.describe(["targets", index, ...field]),
      message: `the system nameserver is needed here: ${problem}`,
      got: valueAtField(config.targets[index], field),
    }));
  }
  for (const user of users) user.set(nameserver);
  return [];
}

function valueAtField(target: unknown, field: string[]): unknown {
  return field.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], target);
}

export function loadConfig(env: Environment, readFile?: ReadFile): Config {
  const merged = mergeEnvironment(env);
  // Unreadable variables were left out of the merge: still validate the rest, so one run reports every problem.
  const issues = [...merged.issues];
  // A factory: its schema objects and RegExps exist only while this runs, in k6's first init (from-k6-env.ts).
  const validate = createValidator();
  if (!validate(merged.value)) throw new ConfigError([...issues, ...schemaIssues(validate.errors ?? [], merged.value, merged.provenance)]);
  const config = merged.value as unknown as Config;
  issues.push(...semanticIssues(config, merged.provenance));
  issues.push(...resolveSystemNameserver(config, readFile, merged.provenance));
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
