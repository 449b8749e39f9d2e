/**
 * The part of Grafana's dashboard JSON model (schemaVersion 39: Grafana 10 and 11) that mqload's
 * dashboards use, and a builder that lays panels out row by row. Every query is PromQL against
 * the Prometheus data source picked by the `datasource` template variable, so a dashboard works
 * both when provisioned (docker-compose) and when imported by hand into any Grafana.
 */

/** Dashboard JSON schema version written into every dashboard. */
export const SCHEMA_VERSION = 39;

/** A data source reference. */
export interface DatasourceRef {
  type: 'prometheus' | 'grafana';
  uid: string;
}

/** Panels, variables and annotations query the data source chosen by the `datasource` variable. */
export const PROMETHEUS: DatasourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel and the legend of its series (Grafana `{{label}}` syntax). */
export interface QuerySpec {
  expr: string;
  legend: string;
}

/** Grafana unit ids used here: `short`, `s`, `ms`, `bytes`, `Bps`, `reqps`, `percentunit`. */
export type GrafanaUnit = 'short' | 's' | 'ms' | 'bytes' | 'Bps' | 'reqps' | 'percentunit';

/** A time-series panel: what it shows (title, description), its unit and its queries. */
export interface PanelSpec {
  title: string;
  /** Shown as the panel's info tooltip: what the series mean and what to look for. */
  description: string;
  unit: GrafanaUnit;
  /** Y-axis label (e.g. `msg/s`), useful when the unit is `short`. */
  axisLabel?: string;
  /** Lower bound of the y axis (default 0). */
  min?: number;
  max?: number;
  queries: QuerySpec[];
}

/** A titled row of panels, shown in order left to right. */
export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

/** A template variable filled from `label_values(...)`. */
export interface VariableSpec {
  name: string;
  label: string;
  description: string;
  /** Grafana's Prometheus variable query, e.g. `label_values(mqload_messages_sent_total, run)`. */
  query: string;
  /** Newest run first: Grafana's "alphabetical (desc)" (2); others alphabetical (1). */
  sort: 1 | 2;
  /** Several values and an "All" option (Grafana substitutes a regex alternation). */
  multi: boolean;
}

/** Annotations from a PromQL query: every series whose value is 1 marks a region titled by `title`. */
export interface AnnotationSpec {
  name: string;
  expr: string;
  /** Title template, e.g. `{{phase}}`. */
  title: string;
  /** Comma-separated labels that become annotation tags. */
  tagKeys: string;
  color: string;
}

/** Everything needed to build one dashboard. */
export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  variables: VariableSpec[];
  annotations: AnnotationSpec[];
  rows: RowSpec[];
}

/** A Prometheus query as stored in a panel. */
export interface PromTarget {
  refId: string;
  datasource: DatasourceRef;
  expr: string;
  legendFormat: string;
  range: true;
  instant: false;
  editorMode: 'code';
}

/** Position on Grafana's 24-column grid (height in grid units of 30 px). */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RowPanel {
  type: 'row';
  id: number;
  title: string;
  collapsed: false;
  gridPos: GridPos;
  panels: [];
}

export interface TimeseriesPanel {
  type: 'timeseries';
  id: number;
  title: string;
  description: string;
  datasource: DatasourceRef;
  gridPos: GridPos;
  fieldConfig: {
    defaults: {
      unit: GrafanaUnit;
      min: number;
      max?: number;
      custom: Record<string, unknown>;
    };
    overrides: [];
  };
  options: Record<string, unknown>;
  targets: PromTarget[];
}

export type Panel = RowPanel | TimeseriesPanel;

/** A dashboard as Grafana stores it (the fields mqload sets). */
export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  editable: boolean;
  graphTooltip: 1;
  refresh: string;
  schemaVersion: number;
  version: 1;
  time: { from: string; to: string };
  timepicker: Record<string, never>;
  timezone: 'browser';
  fiscalYearStartMonth: 0;
  liveNow: false;
  links: Array<Record<string, unknown>>;
  templating: { list: Array<Record<string, unknown>> };
  annotations: { list: Array<Record<string, unknown>> };
  panels: Panel[];
}

/** Panel height in grid units. */
const PANEL_HEIGHT = 8;
const GRID_WIDTH = 24;

/** Panels per line: 2 for rows of 2 or 4, else up to 3. */
function perLine(n: number): number {
  return n === 2 || n === 4 ? 2 : Math.min(3, Math.max(1, n));
}

function timeseries(spec: PanelSpec, id: number, gridPos: GridPos): TimeseriesPanel {
  const refIds = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (spec.queries.length === 0 || spec.queries.length > refIds.length) throw new Error(`panel "${spec.title}" needs 1 to 26 queries`);
  const defaults: TimeseriesPanel['fieldConfig']['defaults'] = {
    unit: spec.unit,
    min: spec.min ?? 0,
    custom: {
      drawStyle: 'line',
      lineWidth: 1,
      fillOpacity: 10,
      showPoints: 'never',
      spanNulls: false,
      axisLabel: spec.axisLabel ?? '',
      stacking: { mode: 'none', group: 'A' },
    },
  };
  if (spec.max !== undefined) defaults.max = spec.max;
  return {
    type: 'timeseries',
    id,
    title: spec.title,
    description: spec.description,
    datasource: PROMETHEUS,
    gridPos,
    fieldConfig: { defaults, overrides: [] },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: spec.queries.map((q, i) => ({
      refId: refIds[i]!,
      datasource: PROMETHEUS,
      expr: q.expr,
      legendFormat: q.legend,
      range: true,
      instant: false,
      editorMode: 'code',
    })),
  };
}

/** Lays the rows out top to bottom (a row header, then its panels, `perLine` to a line). */
export function layoutPanels(rows: RowSpec[]): Panel[] {
  const panels: Panel[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({ type: 'row', id: id++, title: row.title, collapsed: false, gridPos: { x: 0, y, w: GRID_WIDTH, h: 1 }, panels: [] });
    y += 1;
    const n = perLine(row.panels.length);
    const w = GRID_WIDTH / n;
    row.panels.forEach((p, i) => {
      const gridPos = { x: (i % n) * w, y: y + Math.floor(i / n) * PANEL_HEIGHT, w, h: PANEL_HEIGHT };
      panels.push(timeseries(p, id++, gridPos));
    });
    y += Math.ceil(row.panels.length / n) * PANEL_HEIGHT;
  }
  return panels;
}

function datasourceVariable(): Record<string, unknown> {
  return { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0, includeAll: false, multi: false, options: [], refresh: 1, regex: '' };
}

function queryVariable(v: VariableSpec): Record<string, unknown> {
  return {
    name: v.name,
    label: v.label,
    description: v.description,
    type: 'query',
    datasource: PROMETHEUS,
    query: v.query,
    definition: v.query,
    refresh: 2,
    sort: v.sort,
    multi: v.multi,
    includeAll: v.multi,
    current: {},
    options: [],
    regex: '',
    hide: 0,
  };
}

function annotation(a: AnnotationSpec): Record<string, unknown> {
  return { name: a.name, datasource: PROMETHEUS, enable: true, hide: false, iconColor: a.color, expr: a.expr, step: '5s', titleFormat: a.title, tagKeys: a.tagKeys, textFormat: '', useValueForTime: false };
}

/** Builds the dashboard JSON model from a spec. Pure; throws on a panel without queries. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    refresh: '5s',
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-15m', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    links: [{ title: 'mqload dashboards', type: 'dashboards', tags: ['mqload'], asDropdown: true, includeVars: false, keepTime: true }],
    templating: { list: [datasourceVariable(), ...spec.variables.map(queryVariable)] },
    annotations: {
      list: [
        { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' },
        ...spec.annotations.map(annotation),
      ],
    },
    panels: layoutPanels(spec.rows),
  };
}

/** The dashboard file's exact text (2-space JSON, trailing newline). */
export function renderDashboard(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
