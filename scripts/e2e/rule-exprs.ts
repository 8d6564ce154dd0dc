// The generated Prometheus rules as a plain rule file (what Prometheus itself loads) and as a list of
// expressions to evaluate one by one. Pure: takes the PrometheusRule's YAML text.
import { parse, stringify } from "yaml";

export interface RuleExpr {
  group: string;
  /** the `record` or `alert` name */
  name: string;
  expr: string;
}

interface PrometheusRuleDoc {
  kind?: string;
  spec?: { groups?: { name: string; rules?: { record?: string; alert?: string; expr: string | number }[] }[] };
}

function groups(yamlText: string): NonNullable<NonNullable<PrometheusRuleDoc["spec"]>["groups"]> {
  const doc = parse(yamlText) as PrometheusRuleDoc;
  if (doc?.kind !== "PrometheusRule" || !Array.isArray(doc.spec?.groups)) {
    throw new Error(`not a PrometheusRule with spec.groups (kind: ${String(doc?.kind)})`);
  }
  return doc.spec.groups;
}

export function ruleExprs(yamlText: string): RuleExpr[] {
  return groups(yamlText).flatMap((group) =>
    (group.rules ?? []).map((rule) => ({ group: group.name, name: rule.record ?? rule.alert ?? "(unnamed)", expr: String(rule.expr) })),
  );
}

/** A plain rule file (`groups:`), as promtool and a bare Prometheus read it. */
export function ruleFile(yamlText: string): string {
  return stringify({ groups: groups(yamlText) }, { lineWidth: 0 });
}
