// The configuration as the engine sees it, after defaults and environment are merged and validated.
// Mirrors config/schema.json, the single source of truth; the schema test keeps the two in step.

/** "scenario": a multi-step scenario written as code (src/scenarios/), recorded as one probe per iteration. */
export type Protocol = "http" | "grpc" | "tcp" | "dns" | "scenario";

export type Tags = Record<string, string>;

export interface ThresholdObject {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string;
}
export type Thresholds = Record<string, Array<string | ThresholdObject>>;

export type NetworkPath = "service" | "pod" | "external";
export type Expectation = "allowed" | "blocked";
export type ConnectionPolicy = "per-probe" | "reuse";

export interface Discovery {
  nameserver?: string;
  refresh?: string;
}

/** Fields every target may carry; absent values come from `defaults`. */
interface TargetCommon {
  name: string;
  rate?: number;
  timeout?: string;
  latencyObjective?: string;
  preAllocatedVUs?: number;
  maxVUs?: number;
  tags?: Tags;
  path?: NetworkPath;
  expect?: Expectation;
  sibling?: string;
}

/** Targets that connect to a host: they may go straight to pod IPs. */
interface ConnectingTarget extends TargetCommon {
  discovery?: Discovery;
}

/** Targets that may keep a connection between probes (HTTP keep-alive, a gRPC channel). */
interface ReusingTarget extends ConnectingTarget {
  connection?: ConnectionPolicy;
  reconnectEvery?: string;
}

export interface HttpTarget extends ReusingTarget {
  protocol: "http";
  url: string;
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
  body?: string;
  headers?: Record<string, string>;
  expectedStatus?: number[];
  bodyContains?: string;
  bodyExcludes?: string;
}

export interface GrpcTarget extends ReusingTarget {
  protocol: "grpc";
  address: string;
  method?: string;
  request?: Record<string, unknown>;
  expectedStatus?: number;
  tls?: boolean;
}

export interface TcpTarget extends ConnectingTarget {
  protocol: "tcp";
  host: string;
  port: number;
  tls?: boolean;
  payload?: string;
  expectPrefix?: string;
}

export interface DnsTarget extends Omit<TargetCommon, "path"> {
  protocol: "dns";
  path?: "service" | "external";
  query: string;
  recordType?: "A" | "AAAA";
  nameserver?: string;
  expectAddress?: string;
}

/** A scenario from src/scenarios/ by name; `host` is where its steps go, `vars` the values it declares. */
export interface ScenarioTarget extends ConnectingTarget {
  protocol: "scenario";
  scenario: string;
  host: string;
  vars?: Record<string, string>;
}

export type Target = HttpTarget | GrpcTarget | TcpTarget | DnsTarget | ScenarioTarget;

export interface Defaults {
  rate: number;
  timeout: string;
  latencyObjective: string;
  maxVUs?: number;
}

/**
 * finite: judged by thresholds and the end-of-test report. continuous: a 24/7 runner with thresholds and summary
 * off, where only Prometheus reads the results.
 */
export type Mode = "finite" | "continuous";

/** The validated configuration object (the shape of config/schema.json). */
export interface Config {
  duration: string;
  mode?: Mode;
  defaults: Defaults;
  runners?: number;
  tags?: Tags;
  thresholds?: Thresholds;
  targets: Target[];
}
