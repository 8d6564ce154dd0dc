// What a scenario file imports (src/scenarios/<name>.ts). Pure: a scenario reaches the network only through the
// context its `run` is handed, so the registry and the configuration checks can load it under Node.
export { defineScenario, MAX_STEPS, type ScenarioContext, type ScenarioDefinition, type StepProtocol } from "./define.ts";
export type { DnsStepRequest, DnsStepResult, GrpcStepRequest, GrpcStepResult, HttpStepRequest, HttpStepResult, StepTiming, TcpStepRequest } from "./define.ts";
export { jsonStringField } from "./json-field.ts";
export type { Reason } from "../metrics/names.ts";
