// The series contract of docs/metrics.md, read from its tables: each project metric's Prometheus series and the
// labels its labels column lists, when each label must be present (always, only for one `result`, only on
// negative probes), which values it may take, and the labels every series carries. Pure: takes the text.
import { codeSpans, enumeratedValues, markdownTables, type MarkdownTable } from "./markdown-tables.ts";

export type LabelCondition =
  | { kind: "always" }
  /** only on series with this `result`; `ordinaryOnly`: and never on negative probes */
  | { kind: "result"; result: string; ordinaryOnly: boolean }
  | { kind: "negative-probe" };

export interface LabelRule {
  name: string;
  /** the only values allowed; undefined when the docs give a description instead of a list */
  values?: string[];
  when: LabelCondition;
}

export interface SeriesContract {
  metric: string;
  /** the type column: Counter, Trend (time), Rate, Gauge */
  type: string;
  series: string;
  labels: LabelRule[];
  /** false when the docs say the 24/7 runner (`MODE=continuous`) does not emit it: then none may arrive. */
  continuous: boolean;
}

const UNIVERSAL_CAPTION = /^Labels on every series/;

function column(table: MarkdownTable, heading: RegExp, what: string): number {
  const index = table.header.findIndex((h) => heading.test(h));
  if (index < 0) throw new Error(`docs/metrics.md: the ${what} table has no column matching ${heading}`);
  return index;
}

function condition(notes: string): LabelCondition {
  const result = /only when `result="([^"]+)"`/.exec(notes);
  if (result) return { kind: "result", result: result[1] as string, ordinaryOnly: /not on negative probes/.test(notes) };
  if (/only on negative probes/.test(notes)) return { kind: "negative-probe" };
  return { kind: "always" };
}

function labelTables(tables: MarkdownTable[]): MarkdownTable[] {
  return tables.filter((t) => /^(tag|label)$/.test(t.header[0] ?? "") && t.header.includes("values") && t.header.includes("notes"));
}

export function parseMetricContract(markdown: string): SeriesContract[] {
  const tables = markdownTables(markdown);
  const metricsTable = tables.find((t) => t.header[0] === "k6 metric");
  if (metricsTable === undefined) throw new Error('docs/metrics.md: no table whose first column is "k6 metric"');
  const typeColumn = column(metricsTable, /^type$/, "project metrics");
  const seriesColumn = column(metricsTable, /^Prometheus series/, "project metrics");
  const labelsColumn = column(metricsTable, /^labels/, "project metrics");

  const rules = new Map<string, LabelRule>();
  const universal: LabelRule[] = [];
  for (const table of labelTables(tables)) {
    const valuesColumn = table.header.indexOf("values");
    const notesColumn = table.header.indexOf("notes");
    for (const row of table.rows) {
      const valuesCell = row[valuesColumn] ?? "";
      const values = enumeratedValues(valuesCell);
      for (const name of codeSpans(row[0] ?? "")) {
        const rule: LabelRule = { name, when: condition(row[notesColumn] ?? ""), ...(values ? { values } : {}) };
        if (UNIVERSAL_CAPTION.test(table.caption)) universal.push(rule);
        else rules.set(name, rule);
      }
    }
  }
  if (universal.length === 0) throw new Error('docs/metrics.md: no table captioned "Labels on every series"');

  return metricsTable.rows.map((row) => {
    const [metric] = codeSpans(row[0] ?? "");
    const [series] = codeSpans(row[seriesColumn] ?? "");
    if (metric === undefined || series === undefined) throw new Error(`docs/metrics.md: unreadable metrics row "${row.join(" | ")}"`);
    const labels = codeSpans(row[labelsColumn] ?? "").map((name) => {
      const rule = rules.get(name);
      if (rule === undefined) throw new Error(`docs/metrics.md: label ${name} of ${metric} is described in no tag table`);
      return rule;
    });
    const continuous = !/not emitted with `MODE=continuous`/.test(row.at(-1) ?? "");
    return { metric, type: row[typeColumn] ?? "", series, labels: [...labels, ...universal], continuous };
  });
}
