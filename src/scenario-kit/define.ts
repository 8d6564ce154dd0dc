// The scenario author's API: a scenario declares its steps (name -> protocol), its variables with defaults, and a
// `run` function that calls the steps in order through the context it is handed. Pure (no k6 imports), so the
// configuration checks and Node tests read every scenario's declaration without running it.
import type { Reason } from "../metrics/names.ts";

export type StepProtocol = "http" | "grpc" | "tcp" | "dns";
export const STEP_PROTOCOLS: readonly StepProtocol[] = ["http", "grpc", "tcp", "dns"];

/** Step name -> protocol. The names are the only values the `step` tag can take: a bounded label. */
export type StepDeclarations = Readonly<Record<string, StepProtocol>>;

/** The names of the steps declared with protocol P (so `ctx.http("echo", ...)` does not compile for a gRPC step). */
export type StepsOf<S extends StepDeclarations, P extends StepProtocol> = {
  [K in keyof S & string]: S[K] extends P ? K : never;
}[keyof S & string];

export interface HttpStepRequest {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
  /** Absolute URL; build it with `ctx.authority(port)` so the pod path can swap the host. */
  url: string;
  body?: string;
  headers?: Readonly<Record<string, string>>;
  /** Statuses that count as success (default [200]); any other fails the step with reason `status`. */
  expectedStatus?: readonly number[];
  /** The body must contain this, else reason `body` (podinfo answers handler errors as HTTP 200). */
  bodyContains?: string;
  /** The body must not contain this, else reason `body`. */
  bodyExcludes?: string;
  /** Your own test of the answer (after status and body rules): false fails the step with reason `body`. */
  check?: (response: { status: number; body: string }) => boolean;
}

export interface HttpStepResult {
  status: number;
  /** The response body as text ("" when there was none). */
  body: string;
  durationMs: number;
}

export interface GrpcStepRequest {
  /** host:port; build it with `ctx.authority(port)`. The connection is kept per VU and step between iterations. */
  address: string;
  /** package.Service/Method, described by server reflection (no .proto files). */
  method: string;
  request?: Readonly<Record<string, unknown>>;
  /** The gRPC status code that counts as success (default 0, OK); any other fails with reason `status`. */
  expectedStatus?: number;
  tls?: boolean;
  /** Your own test of the reply message (after the status): false fails the step with reason `body`. */
  check?: (message: unknown) => boolean;
}

export interface GrpcStepResult {
  /** The reply message as k6 decodes it (int64 fields arrive as strings). */
  message: unknown;
  durationMs: number;
}

export interface TcpStepRequest {
  /** Default: `ctx.host`. */
  host?: string;
  port: number;
  tls?: boolean;
  /** Written once connected. */
  payload?: string;
  /** The first bytes received must be these, else reason `body`. Without it the step ends once written. */
  expectPrefix?: string;
}

export interface DnsStepRequest {
  /** A fully qualified name (resolve() applies no search domains). */
  query: string;
  recordType?: "A" | "AAAA";
  /** An IP[:port], or "hosts" for /etc/hosts only. */
  nameserver: string;
  /** The answer must contain this address, else reason `body` (any non-empty answer passes without it). */
  expectAddress?: string;
  /** Your own test of the addresses (after expectAddress): false fails the step with reason `body`. */
  check?: (addresses: readonly string[]) => boolean;
}

export interface StepTiming {
  durationMs: number;
}

export interface DnsStepResult extends StepTiming {
  addresses: string[];
}

/**
 * What `run` gets. Every step either returns its result or ends the iteration: the first failing step is the
 * scenario's outcome (its reason, and `step` naming it), later steps do not run, and catching the failure does
 * not undo it. Steps share the target's `timeout`: each gets what is left of it.
 */
export interface ScenarioContext<S extends StepDeclarations = StepDeclarations, V extends string = string> {
  /** The host this iteration talks to: the target's `host`, or one pod IP on path "pod". */
  readonly host: string;
  /** `host:port` for URLs and gRPC addresses, IPv6 in brackets. */
  authority(port: number | string): string;
  /** The scenario's variables: its defaults, overridden by the target's `vars`. */
  readonly vars: Readonly<Record<V, string>>;
  http(step: StepsOf<S, "http">, request: HttpStepRequest): HttpStepResult;
  grpc(step: StepsOf<S, "grpc">, request: GrpcStepRequest): GrpcStepResult;
  tcp(step: StepsOf<S, "tcp">, request: TcpStepRequest): Promise<StepTiming>;
  dns(step: StepsOf<S, "dns">, request: DnsStepRequest): Promise<DnsStepResult>;
  /** Fail the iteration at `step` with `reason`, for a decision a step's `check` cannot make (no step sample). */
  fail(step: keyof S & string, reason: Reason): never;
  /** Tag the iteration with the pod that served it (`dest_pod`); HTTP bodies with `"hostname"` do it already. */
  servedBy(pod: string | undefined): void;
}

export interface ScenarioDefinition<S extends StepDeclarations = StepDeclarations, V extends string = string> {
  /** What targets write in `scenario`: lower-case letters, digits, '-' or '_'. */
  name: string;
  /** One sentence: what the scenario proves. */
  description: string;
  /** In the order they run. At most MAX_STEPS. */
  steps: S;
  /** Variable names and their defaults; a target overrides them with `vars`. */
  vars?: Readonly<Record<V, string>>;
  // Method syntax on purpose: the registry holds scenarios of different step sets (bivariant parameter).
  run(ctx: ScenarioContext<S, V>): void | Promise<void>;
}

export const MAX_STEPS = 16;
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const STEP_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Problems with a definition (empty when it is sound): names that would make bad labels, no steps, ... */
export function definitionProblems(definition: ScenarioDefinition): string[] {
  const problems: string[] = [];
  if (!NAME.test(definition.name)) problems.push(`name ${JSON.stringify(definition.name)} must match ${NAME.source}`);
  if (definition.description.trim() === "") problems.push("description must say what the scenario proves");
  const steps = Object.entries(definition.steps);
  if (steps.length === 0 || steps.length > MAX_STEPS) problems.push(`must declare 1 to ${MAX_STEPS} steps (got ${steps.length})`);
  for (const [step, protocol] of steps) {
    if (!STEP_NAME.test(step)) problems.push(`step ${JSON.stringify(step)} must match ${STEP_NAME.source}`);
    if (!STEP_PROTOCOLS.includes(protocol)) problems.push(`step ${JSON.stringify(step)}: protocol ${JSON.stringify(protocol)} is not one of ${STEP_PROTOCOLS.join(", ")}`);
  }
  for (const [name, value] of Object.entries(definition.vars ?? {})) {
    if (!VAR_NAME.test(name)) problems.push(`variable ${JSON.stringify(name)} must match ${VAR_NAME.source}`);
    if (typeof value !== "string") problems.push(`variable ${JSON.stringify(name)}: the default must be a string`);
  }
  return problems;
}

/**
 * Declare a scenario. The step and variable names become types, so `ctx.http("validate", ...)` only compiles for
 * a declared HTTP step and `ctx.vars.user` only for a declared variable. A bad declaration throws at load time.
 */
export function defineScenario<const S extends StepDeclarations, const V extends string = never>(definition: ScenarioDefinition<S, V>): ScenarioDefinition<S, V> {
  const problems = definitionProblems(definition as unknown as ScenarioDefinition);
  if (problems.length > 0) throw new Error(`scenario ${definition.name}: ${problems.join("; ")}`);
  return definition;
}
