// The environment each k6 run of the e2e gets: the caller's, minus anything that would change what is being
// checked (the engine's own configuration variables, k6's K6_* options, the runner's variables), plus the
// run's own settings. Pure.

/** Read by k8s/base/files/run-k6.sh: a stray one would change the runner's segment or tags. */
const RUNNER_VARIABLES = ["POD_NAME", "POD_NAMESPACE", "NODE_NAME", "POD_INDEX", "ZONE", "ZONE_FALLBACK"];

export function k6Environment(
  inherited: Readonly<Record<string, string | undefined>>,
  configVariables: readonly string[],
  settings: Readonly<Record<string, string>>,
): Record<string, string> {
  const drop = new Set([...configVariables, ...RUNNER_VARIABLES]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value === undefined || drop.has(name) || name.startsWith("K6_")) continue;
    env[name] = value;
  }
  // k6 would otherwise phone home at the end of every run.
  return { ...env, K6_NO_USAGE_REPORT: "true", ...settings };
}
