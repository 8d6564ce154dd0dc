// The configuration as the engine sees it, after defaults and environment are merged and validated.
// Mirrors config/schema.json, the single source of truth; the schema test keeps the two in step.

export type Protocol = "http" | "grpc" | "tcp" | "dns";

export type Tags = Record<string, string>;

export interface ThresholdObject {
  threshold: string;
  abortOnFail?: boolean;
  delayAbortEval?: string;
}
export type Thresholds = Record<string, Array<string | ThresholdObject>>;

export type NetworkPath = "service" | "pod" | "external";
export type Expectation = "allowed" | "blocked";

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

export interface HttpTarget extends ConnectingTarget {
  protocol: "http";
  url: string;
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
  body?: string;
  headers?: Record<string, string>;
  expectedStatus?: number[];
  bodyContains?: string;
  bodyExcludes?: string;
}

export interface GrpcTarget extends ConnectingTarget {
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

export type Target = HttpTarget | GrpcTarget | TcpTarget | DnsTarget;

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
