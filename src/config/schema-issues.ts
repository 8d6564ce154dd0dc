// ajv's errors, rewritten for people: the variable and path they wrote, a plain message, the value they gave.
import type { ConfigIssue } from "./config-error.ts";
import type { PathToken, Provenance } from "./provenance.ts";

/** The subset of ajv's ErrorObject this module reads (the generated validator produces these). */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Friendlier messages for patterns, keyed by the schema definition that owns them. */
const PATTERN_MESSAGES: Record<string, string> = {
  duration: "must be a k6 duration such as 500ms, 30s, 5m or 1h30m",
  name: "must be lower-case letters, digits, '-' or '_' (at most 63, starting with a letter or digit)",
  host: "must be a host name or an IP address",
  nameserver: 'must be "system", "hosts", or an IP address with an optional port (e.g. 10.96.0.10:53)',
  url: "must be an absolute http:// or https:// URL: a host name, an IPv4 or a [bracketed IPv6] address, an optional :port, and %-escapes of two hex digits",
  address: "must be host:port",
  method: "must be a full gRPC method name: package.Service/Method",
  expectAddress: "must be an IPv4 or IPv6 address",
};

function pointerToTokens(pointer: string): PathToken[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token));
}

function valueAt(root: unknown, tokens: readonly PathToken[]): unknown {
  let node = root;
  for (const token of tokens) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(token)];
  }
  return node;
}

function patternMessage(error: SchemaError): string {
  // Referenced definitions report schema paths relative to themselves: the instance path tells where this one is.
  if (error.instancePath.endsWith("/discovery/nameserver")) return 'must be "system" or an IP address with an optional port (e.g. 10.96.0.10:53)';
  const owner = error.schemaPath.match(/\/(?:definitions\/|properties\/)([A-Za-z]+)\/pattern$/)?.[1];
  return (owner !== undefined && PATTERN_MESSAGES[owner]) || `${error.message ?? "is invalid"}`;
}

function toIssue(error: SchemaError, root: unknown, provenance: Provenance): ConfigIssue {
  const tokens = pointerToTokens(error.instancePath);
  const here = (extra: PathToken[] = []) => provenance.describe([...tokens, ...extra]);
  const got = valueAt(root, tokens);
  switch (error.keyword) {
    case "required":
      return { where: here([String(error.params.missingProperty)]), message: "is required" };
    case "additionalProperties": {
      const field = String(error.params.additionalProperty);
      return { where: here([field]), message: "is not a known field", got: valueAt(got, [field]) };
    }
    case "propertyNames":
      return { where: here([String(error.params.propertyName)]), message: "is not an allowed key name" };
    case "discriminator": {
      const tag = String(error.params.tag);
      return { where: here([tag]), message: 'must be one of "http", "grpc", "tcp", "dns"', got: valueAt(got, [tag]) };
    }
    case "pattern":
      return { where: here(), message: patternMessage(error), got };
    case "anyOf":
      return { where: here(), message: 'must be a threshold expression string or {"threshold": "..."}', got };
    case "enum":
      return { where: here(), message: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`, got };
    default:
      return { where: here(), message: error.message ?? "is invalid", got };
  }
}

/**
 * Drop noise that a better error already covers: the branches of an anyOf (its own summary says it), and the
 * inner pattern error of a propertyNames rule (the propertyNames error names the key).
 */
function withoutNoise(errors: readonly SchemaError[]): SchemaError[] {
  const anyOfs = errors.filter((e) => e.keyword === "anyOf");
  return errors.filter(
    (e) =>
      e.keyword === "anyOf" ||
      (!e.schemaPath.includes("/propertyNames/") &&
        !anyOfs.some((a) => e.instancePath.startsWith(a.instancePath) && e.schemaPath.startsWith(a.schemaPath.replace(/\/anyOf$/, "/anyOf/")))),
  );
}

export function schemaIssues(errors: readonly SchemaError[], root: unknown, provenance: Provenance): ConfigIssue[] {
  const issues = withoutNoise(errors).map((error) => toIssue(error, root, provenance));
  // allErrors can report one fault twice (e.g. through two $refs): keep each line once.
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.where}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
