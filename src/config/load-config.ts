// Environment -> validated Config, or one ConfigError listing every problem. Pure: the caller passes the
// environment and a file reader (k6's open() in the init context, fs in tests), so this runs before any traffic.
import { ConfigError, type ConfigIssue } from "./config-error.ts";
import { mergeEnvironment, type Environment } from "./merge-env.ts";
import { firstNameserver } from "./resolv-conf.ts";
import { schemaIssues } from "./schema-issues.ts";
import { semanticIssues } from "./semantic-checks.ts";
import type { Config } from "./types.ts";
import { validate } from "./validate-config.generated.js";

export type ReadFile = (path: string) => string;

export const RESOLV_CONF = "/etc/resolv.conf";

/** Replace `nameserver: "system"` with the first nameserver of /etc/resolv.conf, read once. */
function resolveSystemNameserver(config: Config, readFile: ReadFile | undefined, describe: (i: number) => string): ConfigIssue[] {
  const users = config.targets.flatMap((t, i) => (t.protocol === "dns" && t.nameserver === "system" ? [{ t, i }] : []));
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
  if (nameserver === undefined) return users.map(({ i }) => ({ where: describe(i), message: `"system" needs a nameserver: ${problem}`, got: "system" }));
  for (const { t } of users) if (t.protocol === "dns") t.nameserver = nameserver;
  return [];
}

export function loadConfig(env: Environment, readFile?: ReadFile): Config {
  const merged = mergeEnvironment(env);
  // Unreadable variables were left out of the merge: still validate the rest, so one run reports every problem.
  const issues = [...merged.issues];
  if (!validate(merged.value)) throw new ConfigError([...issues, ...schemaIssues(validate.errors ?? [], merged.value, merged.provenance)]);
  const config = merged.value as unknown as Config;
  issues.push(...semanticIssues(config, merged.provenance));
  issues.push(...resolveSystemNameserver(config, readFile, (i) => merged.provenance.describe(["targets", i, "nameserver"])));
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}
