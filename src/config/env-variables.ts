// The environment interface: every variable the engine reads, what it maps onto in config/schema.json,
// and how its text becomes a value. The README's configuration table is checked against this list.
import type { PathToken } from "./provenance.ts";

export type EnvKind = "json" | "number" | "string" | "tags";

export interface EnvVariable {
  name: string;
  /** Where the value lands in the configuration object; `[]` = the whole object. */
  path: readonly PathToken[];
  kind: EnvKind;
  /** How the README describes the type. */
  type: string;
  default: string;
  meaning: string;
}

/** In order of precedence: later variables override what earlier ones (and the defaults) set. */
export const ENV_VARIABLES: readonly EnvVariable[] = [
  {
    name: "CONFIG",
    path: [],
    kind: "json",
    type: "JSON object",
    default: "(none)",
    meaning: "A whole configuration (the shape of config/schema.json). Its fields replace the defaults; `defaults` is merged field by field.",
  },
  {
    name: "PODINFO_HOST",
    path: [],
    kind: "string",
    type: "host or IP",
    default: "127.0.0.1",
    meaning: "Where the built-in default targets point. Ignored once `targets` come from CONFIG or TARGETS.",
  },
  {
    name: "TARGETS",
    path: ["targets"],
    kind: "json",
    type: "JSON array",
    default: "six podinfo targets",
    meaning: "The targets to probe (replaces every default target). Fields per protocol: see the targets table.",
  },
  {
    name: "DURATION",
    path: ["duration"],
    kind: "string",
    type: "k6 duration",
    default: "1m",
    meaning: "How long every scenario runs. 24/7 runners use a long one (8760h) and are restarted by Kubernetes.",
  },
  {
    name: "MODE",
    path: ["mode"],
    kind: "string",
    type: "`finite`, `continuous`",
    default: "finite",
    meaning: "`continuous` for 24/7 runners (the runner sets it): no per-probe `check()` or `cl_request_failed` sample, which only thresholds and the end-of-test summary read; thresholds on them are refused.",
  },
  {
    name: "RATE",
    path: ["defaults", "rate"],
    kind: "number",
    type: "number > 0",
    default: "1",
    meaning: "Probes per second for every target without its own `rate` (whole run, before any split across pods).",
  },
  {
    name: "TIMEOUT",
    path: ["defaults", "timeout"],
    kind: "string",
    type: "k6 duration",
    default: "5s",
    meaning: "Timeout of each probe for targets without their own `timeout`.",
  },
  {
    name: "LATENCY_OBJECTIVE",
    path: ["defaults", "latencyObjective"],
    kind: "string",
    type: "k6 duration",
    default: "500ms",
    meaning: "A successful probe slower than this counts as `latency=\"slow\"`; also the default p95 threshold.",
  },
  {
    name: "MAX_VUS",
    path: ["defaults", "maxVUs"],
    kind: "number",
    type: "integer >= 1",
    default: "derived from rate x timeout",
    meaning: "Upper bound of VUs per target, so a slow target cannot make VUs run away (excess is dropped and counted).",
  },
  {
    name: "RUNNER_REPLICAS",
    path: ["runners"],
    kind: "number",
    type: "integer >= 1",
    default: "1",
    meaning: "How many k6 runners split this configuration with execution segments (the runner StatefulSet sets it). Every target gets at least one VU per runner, or a runner's share of the rate would be dropped.",
  },
  {
    name: "TAGS",
    path: ["tags"],
    kind: "tags",
    type: "key=value,...",
    default: "(none)",
    meaning: "Extra tags on every sample, e.g. `cluster=prod,env=eu1`; not the engine's label names (`protocol`, `target`, `path`, `result`, ...: docs/metrics.md).",
  },
  {
    name: "THRESHOLDS",
    path: ["thresholds"],
    kind: "json",
    type: "JSON object",
    default: "per-protocol failure rate < 1%, p95 < latency objective, no dropped iterations",
    meaning: "k6's thresholds object; replaces the defaults. Checked against the metrics this script emits.",
  },
];
