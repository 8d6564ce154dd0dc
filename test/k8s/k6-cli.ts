// What `k6 run` and `k6 archive` accept on k6 v2.2.0, and what the k6-operator does with a TestRun's `arguments`.
// Pure models, written from the upstream sources (reference only, no code copied):
// - k6 v2.2.0 internal/cmd: root.go rootCmdPersistentFlagSet (every command), options.go optionFlagSet and
//   runtime_options.go runtimeOptionFlagSet (run and archive), config.go configFlagSet (run only: --out, --linger,
//   --no-usage-report, --features), archive.go (-O/--archive-out, --exclude-env-vars).
// - grafana/k6-operator pkg/types/k6cli.go ParseCLI (the initializer's `k6 archive` arguments) and
//   pkg/resources/jobs/runner.go NewRunnerJob (the runners' `k6 run` command).

/** A flag: its long name, its one-letter shorthand, and whether it takes a value (pflag bools take none). */
interface FlagSpec {
  long: string;
  short?: string;
  value: boolean;
}

const flag = (long: string, value: boolean, short?: string): FlagSpec => (short === undefined ? { long, value } : { long, value, short });

/** root.go: persistent flags, accepted by every command. */
const ROOT = [flag("secret-source", true), flag("log-output", true), flag("log-format", true), flag("config", true, "c"), flag("no-color", false), flag("verbose", false, "v"), flag("quiet", false, "q"), flag("address", true, "a"), flag("profiling-enabled", false)];

/** options.go optionFlagSet: test options, accepted by run and archive. */
const OPTIONS = [
  flag("vus", true, "u"),
  flag("duration", true, "d"),
  flag("iterations", true, "i"),
  flag("stage", true, "s"),
  flag("execution-segment", true),
  flag("execution-segment-sequence", true),
  flag("paused", false, "p"),
  flag("max-redirects", true),
  flag("batch", true),
  flag("batch-per-host", true),
  flag("rps", true),
  flag("user-agent", true),
  flag("http-debug", true),
  flag("insecure-skip-tls-verify", false),
  flag("no-connection-reuse", false),
  flag("no-vu-connection-reuse", false),
  flag("min-iteration-duration", true),
  flag("throw", false, "w"),
  flag("blacklist-ip", true),
  flag("block-hostnames", true),
  flag("summary-trend-stats", true),
  flag("summary-time-unit", true),
  flag("system-tags", true),
  flag("tag", true),
  flag("console-output", true),
  flag("discard-response-bodies", false),
  flag("local-ips", true),
  flag("dns", true),
  flag("no-setup", false),
  flag("no-teardown", false),
];

/** runtime_options.go runtimeOptionFlagSet: accepted by run and archive. */
const RUNTIME = [flag("include-system-env-vars", false), flag("compatibility-mode", true), flag("type", true, "t"), flag("env", true, "e"), flag("no-thresholds", false), flag("summary-mode", true), flag("summary-export", true), flag("new-machine-readable-summary", false), flag("traces-output", true)];

/** config.go configFlagSet: `k6 run` only. `k6 archive` has none of these. */
const CONFIG = [flag("out", true, "o"), flag("linger", false, "l"), flag("no-usage-report", false), flag("features", true)];

/** archive.go's own flags. */
const ARCHIVE = [flag("archive-out", true, "O"), flag("exclude-env-vars", false)];

export const K6_V2_2_0_FLAGS: Record<"run" | "archive", readonly FlagSpec[]> = {
  run: [...ROOT, ...OPTIONS, ...RUNTIME, ...CONFIG],
  archive: [...ROOT, ...OPTIONS, ...RUNTIME, ...ARCHIVE],
};

export interface ParsedCommand {
  flags: { name: string; value?: string }[];
  positional: string[];
  /** Flags the command does not define: cobra stops with `unknown flag` (or `unknown shorthand flag`). */
  unknown: string[];
}

/** Parse argv (after the subcommand) the way pflag does for the given k6 command. */
export function parseK6Args(command: "run" | "archive", argv: readonly string[]): ParsedCommand {
  const specs = K6_V2_2_0_FLAGS[command];
  const out: ParsedCommand = { flags: [], positional: [], unknown: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("-") || arg === "-") {
      out.positional.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const [rawName, inline] = long ? splitOnce(arg.slice(2), "=") : [arg.slice(1, 2), arg.length > 2 ? arg.slice(2).replace(/^=/, "") : undefined];
    const spec = specs.find((s) => (long ? s.long === rawName : s.short === rawName));
    if (spec === undefined) {
      out.unknown.push(arg);
      continue;
    }
    if (!spec.value) {
      out.flags.push({ name: spec.long });
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) {
      out.unknown.push(`${arg} (needs a value)`);
      continue;
    }
    out.flags.push({ name: spec.long, value });
  }
  return out;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * k6-operator ParseCLI: which of a TestRun's `arguments` reach the initializer's `k6 archive`. The string is split
 * on single spaces; each flag owns the words up to the next word starting with "-". Dropped: --log-output,
 * --block-hostnames, --blacklist-ip, --user-agent (by prefix), -o/--out, -l/--linger, --no-usage-report,
 * -v/--verbose (exactly). Everything else passes through unchanged, which is how `--features` reached archive.
 * A word that is neither a flag nor a flag's value is an error, as upstream.
 */
export function operatorArchiveArgs(argumentsText: string): string[] {
  const words = argumentsText.split(" ").map((w) => w.trim());
  const kept: string[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    if (word.length === 0) {
      i++;
      continue;
    }
    if (!word.startsWith("-")) throw new Error(`encountered an invalid value for k6 CLI argument: \`${word}\``);
    let end = i + 1;
    while (end < words.length && !(words[end] as string).startsWith("-")) end++;
    const group = words.slice(i, end).filter((w) => w.length > 0);
    const dropped =
      ["--log-output", "--block-hostnames", "--blacklist-ip", "--user-agent"].some((p) => word.startsWith(p)) || ["-o", "--out", "-l", "--linger", "--no-usage-report", "--verbose", "-v"].includes(word);
    // -e/--env: upstream also rewrites $(NAME) to "${NAME}" for the shell; the words stay the same otherwise.
    if (!dropped) kept.push(...group.map((w) => (word === "-e" || word === "--env" ? w.replace(/\$\(([a-zA-Z_][a-zA-Z0-9_]*)\)/g, '"${$1}"') : w)));
    i = end;
  }
  return kept;
}

/** The initializer's archive call (initializer.go): the operator's -e for each `.env` entry, then ParseCLI's result. */
export function initializerArchiveArgv(argumentsText: string, envNames: readonly string[], script: string): string[] {
  return [script, ...envNames.flatMap((name) => ["-e", `${name}=\${${name}}`]), "-O", "/tmp/archive.tar", ...operatorArchiveArgs(argumentsText)];
}

/** A runner's `k6 run` (runner.go NewRunnerJob), with the operator's defaults quiet and paused on. */
export function runnerRunArgv(argumentsText: string, index: number, parallelism: number, script: string, testRunName: string): string[] {
  const point = (i: number) => (i === 0 ? "0" : i === parallelism ? "1" : `${i}/${parallelism}`);
  const sequence = Array.from({ length: parallelism + 1 }, (_, i) => point(i)).join(",");
  const segment = parallelism > 1 ? [`--execution-segment=${point(index)}:${point(index + 1)}`, `--execution-segment-sequence=${sequence}`] : [];
  const argv = argumentsText.split(" ").filter((w) => w.trim().length > 0);
  return ["--quiet", ...segment, ...argv, script, "--address=0.0.0.0:6565", "--paused", "--tag", `instance_id=${index}`, "--tag", `testrun_name=${testRunName}`];
}
