// Environment text -> one configuration object (not yet validated), remembering which variable set what.
// Precedence: DEFAULT_CONFIG, then CONFIG, then the single-purpose variables in ENV_VARIABLES order.
import type { ConfigIssue } from "./config-error.ts";
import { DEFAULT_PODINFO_HOST, defaultConfig } from "./defaults.ts";
import { ENV_VARIABLES, type EnvVariable } from "./env-variables.ts";
import { Provenance, type PathToken } from "./provenance.ts";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface MergedEnvironment {
  /** The merged configuration, still untyped: the schema decides whether it is a Config. */
  value: Record<string, unknown>;
  provenance: Provenance;
  /** Problems found while reading the text itself (bad JSON, malformed TAGS). */
  issues: ConfigIssue[];
}

const NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9a-fA-F:.]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Parsed = { ok: true; value: unknown } | { ok: false; issue: ConfigIssue };

function parseTags(name: string, text: string): Parsed {
  const tags: Record<string, string> = {};
  for (const entry of text.split(",")) {
    const trimmed = entry.trim();
    if (trimmed === "") continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) return { ok: false, issue: { where: name, message: "each entry must be key=value", got: trimmed } };
    tags[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return { ok: true, value: tags };
}

function parseVariable(variable: EnvVariable, text: string): Parsed {
  switch (variable.kind) {
    case "json":
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (err) {
        return { ok: false, issue: { where: variable.name, message: `is not valid JSON (${(err as Error).message})`, got: text } };
      }
    case "number":
      // Anything that is not a number stays a string, so the schema reports it with the field's own rule.
      return { ok: true, value: NUMBER.test(text.trim()) ? Number(text) : text };
    case "tags":
      return parseTags(variable.name, text);
    case "string":
      return { ok: true, value: text.trim() };
  }
}

function setAt(target: Record<string, unknown>, path: readonly PathToken[], value: unknown): void {
  let node = target;
  for (const token of path.slice(0, -1)) {
    const key = String(token);
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[String(path[path.length - 1])] = value;
}

export function mergeEnvironment(env: Environment): MergedEnvironment {
  const issues: ConfigIssue[] = [];
  const provenance = new Provenance();
  const present = (name: string): string | undefined => {
    const text = env[name];
    return text === undefined || text.trim() === "" ? undefined : text;
  };

  let host = DEFAULT_PODINFO_HOST;
  const hostText = present("PODINFO_HOST");
  if (hostText !== undefined) {
    if (HOST.test(hostText.trim())) host = hostText.trim();
    else issues.push({ where: "PODINFO_HOST", message: "must be a host name or an IP address", got: hostText });
  }
  const value: Record<string, unknown> = { ...defaultConfig(host) };

  for (const variable of ENV_VARIABLES) {
    if (variable.name === "PODINFO_HOST") continue;
    const text = present(variable.name);
    if (text === undefined) continue;
    const parsed = parseVariable(variable, text);
    if (!parsed.ok) {
      issues.push(parsed.issue);
      continue;
    }
    if (variable.path.length > 0) {
      setAt(value, variable.path, parsed.value);
      provenance.record(variable.path, variable.name);
      continue;
    }
    // CONFIG: a whole object. Its fields replace the defaults, except `defaults`, which is merged field by field.
    if (!isPlainObject(parsed.value)) {
      issues.push({ where: variable.name, message: "must be a JSON object", got: parsed.value });
      continue;
    }
    for (const [key, field] of Object.entries(parsed.value)) {
      if (key === "__proto__") {
        issues.push({ where: `${variable.name}.__proto__`, message: "is not a known field" });
        continue;
      }
      value[key] = key === "defaults" && isPlainObject(field) ? { ...(value.defaults as object), ...field } : field;
      provenance.record([key], `${variable.name}.${key}`);
    }
  }
  return { value, provenance, issues };
}
