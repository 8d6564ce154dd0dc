// Typed subset of Grafana's dashboard JSON model (schemaVersion 39, Grafana 10.x/11.x) and small builders for it.
// Only the fields this project sets are modelled; Grafana fills in the rest on import.

export const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

export interface PromTarget {
  refId: string;
  expr: string;
  legendFormat?: string;
  /** true for table/stat panels that show one value per series at the end of the range. */
  instant?: boolean;
  range?: boolean;
  format?: "time_series" | "table";
  datasource: typeof DATASOURCE;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Threshold {
  color: string;
  value: number | null;
}

export interface FieldConfig {
  defaults: {
    unit?: string;
    min?: number;
    max?: number;
    decimals?: number;
    displayName?: string;
    thresholds?: { mode: "absolute"; steps: Threshold[] };
    custom?: Record<string, unknown>;
    color?: { mode: string };
  };
  overrides: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[];
}

export interface Transformation {
  id: string;
  options: Record<string, unknown>;
}

export interface Panel {
  id: number;
  type: "timeseries" | "stat" | "table" | "status-history";
  title: string;
  description: string;
  gridPos: GridPos;
  datasource: typeof DATASOURCE;
  targets: PromTarget[];
  fieldConfig: FieldConfig;
  options: Record<string, unknown>;
  transformations?: Transformation[];
}

/** An expanded row holds no panels (they follow it); a collapsed one holds its panels, loaded only when opened. */
export interface RowPanel {
  id: number;
  type: "row";
  title: string;
  collapsed: boolean;
  gridPos: GridPos;
  panels: Panel[];
}

export interface QueryVariable {
  type: "query";
  name: string;
  label: string;
  description: string;
  datasource: typeof DATASOURCE;
  query: string;
  definition: string;
  refresh: 2; // on time range change
  includeAll: true;
  allValue: ".*";
  multi: true;
  current: { selected: true; text: string[]; value: string[] };
  sort: 1;
}

/** A fixed list of choices (Grafana "custom" variable): `query` is "text : value" pairs, the first is the default. */
export interface CustomVariable {
  type: "custom";
  name: string;
  label: string;
  description: string;
  query: string;
  options: { selected: boolean; text: string; value: string }[];
  current: { selected: true; text: string; value: string };
  includeAll: false;
  multi: false;
}

export interface DatasourceVariable {
  type: "datasource";
  name: "datasource";
  label: string;
  query: "prometheus";
  /** The import dialog's choice (__inputs); provisioned without import, Grafana falls back to the default source. */
  current: { text: "${DS_PROMETHEUS}"; value: "${DS_PROMETHEUS}" };
  hide: 0;
}

/** What Grafana's import dialog asks for. */
export interface DashboardInput {
  name: "DS_PROMETHEUS";
  label: string;
  description: string;
  type: "datasource";
  pluginId: "prometheus";
  pluginName: "Prometheus";
}

export interface Dashboard {
  __inputs: DashboardInput[];
  uid: string;
  title: string;
  description: string;
  tags: string[];
  editable: boolean;
  graphTooltip: 1;
  schemaVersion: 39;
  version: 1;
  timezone: "browser";
  refresh: string;
  time: { from: string; to: string };
  templating: { list: (DatasourceVariable | QueryVariable | CustomVariable)[] };
  annotations: { list: PrometheusAnnotation[] };
  links: DashboardLink[];
  panels: (Panel | RowPanel)[];
}

/** A dashboard link with every field @grafana/schema's DashboardLink requires (the review's schema check). */
export interface DashboardLink {
  title: string;
  type: "link";
  url: string;
  targetBlank: true;
  asDropdown: false;
  icon: "doc";
  includeVars: false;
  keepTime: false;
  tags: string[];
  tooltip: string;
}

/** Marks on every time series panel where a Prometheus query has series (here: firing alerts). */
export interface PrometheusAnnotation {
  name: string;
  datasource: { type: "prometheus"; uid: "${datasource}" };
  enable: true;
  hide: false;
  iconColor: string;
  expr: string;
  step: string;
  titleFormat: string;
  textFormat: string;
  tagKeys: string;
  useValueForTime: false;
}

/**
 * Lays panels out left to right in 24 columns, starting a new line when a panel does not fit. Panels of a collapsed
 * row go inside it (Grafana runs their queries only when the row is opened) and the next row follows directly.
 */
export class Layout {
  private x = 0;
  private y = 0;
  private lineHeight = 0;
  private nextId = 1;
  private collapsedRow: RowPanel | undefined;
  readonly panels: (Panel | RowPanel)[] = [];

  row(title: string, options: { collapsed?: boolean } = {}): void {
    this.newLine();
    if (this.collapsedRow !== undefined) {
      this.y = this.collapsedRow.gridPos.y + 1;
      this.collapsedRow = undefined;
    }
    const row: RowPanel = { id: this.nextId++, type: "row", title, collapsed: options.collapsed ?? false, gridPos: { x: 0, y: this.y, w: 24, h: 1 }, panels: [] };
    this.panels.push(row);
    if (row.collapsed) this.collapsedRow = row;
    this.y += 1;
  }

  add(panel: Omit<Panel, "id" | "gridPos" | "datasource">, w: number, h: number): void {
    if (this.x + w > 24) this.newLine();
    const placed: Panel = { id: this.nextId++, gridPos: { x: this.x, y: this.y, w, h }, datasource: DATASOURCE, ...panel };
    if (this.collapsedRow !== undefined) this.collapsedRow.panels.push(placed);
    else this.panels.push(placed);
    this.x += w;
    this.lineHeight = Math.max(this.lineHeight, h);
  }

  private newLine(): void {
    this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}

/** Every panel of a dashboard, those inside collapsed rows included. */
export function allPanels(panels: readonly (Panel | RowPanel)[]): Panel[] {
  return panels.flatMap((p) => (p.type === "row" ? p.panels : [p]));
}

/** `defaultValue`: the value selected on first load (a regex, like the values Grafana substitutes); All otherwise. */
export function queryVariable(name: string, label: string, description: string, query: string, defaultValue?: string): QueryVariable {
  return {
    type: "query",
    name,
    label,
    description,
    datasource: DATASOURCE,
    query,
    definition: query,
    refresh: 2,
    includeAll: true,
    allValue: ".*",
    multi: true,
    current: defaultValue === undefined ? { selected: true, text: ["All"], value: ["$__all"] } : { selected: true, text: [defaultValue], value: [defaultValue] },
    sort: 1,
  };
}

export function customVariable(name: string, label: string, description: string, choices: { text: string; value: string }[]): CustomVariable {
  const [first] = choices;
  if (first === undefined) throw new Error(`customVariable ${name}: needs at least one choice`);
  return {
    type: "custom",
    name,
    label,
    description,
    query: choices.map((c) => `${c.text} : ${c.value}`).join(","),
    options: choices.map((c, i) => ({ selected: i === 0, ...c })),
    current: { selected: true, ...first },
    includeAll: false,
    multi: false,
  };
}

export function rangeTarget(refId: string, expr: string, legendFormat: string): PromTarget {
  return { refId, expr, legendFormat, range: true, instant: false, format: "time_series", datasource: DATASOURCE };
}

export function instantTarget(refId: string, expr: string, legendFormat = "__auto"): PromTarget {
  return { refId, expr, legendFormat, range: false, instant: true, format: "table", datasource: DATASOURCE };
}

export function timeseriesFieldConfig(unit: string, extra: FieldConfig["defaults"] = {}): FieldConfig {
  return {
    defaults: { unit, custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 10, showPoints: "never", spanNulls: false }, ...extra },
    overrides: [],
  };
}

export const TIMESERIES_OPTIONS = {
  legend: { displayMode: "table", placement: "bottom", showLegend: true, calcs: ["lastNotNull", "max"] },
  tooltip: { mode: "multi", sort: "desc" },
};
