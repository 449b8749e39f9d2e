/**
 * Reads the PromQL out of Grafana dashboard JSON (panel targets, including panels nested in
 * collapsed rows; query variables; Prometheus annotations) and substitutes Grafana's template
 * variables the way Grafana's Prometheus data source does, so tests can run exactly what a
 * dashboard would ask Prometheus.
 */

/** One query found in a dashboard. */
export interface DashboardQuery {
  kind: 'panel' | 'variable' | 'annotation';
  /** Panel title, variable name or annotation name. */
  title: string;
  /** Panel target refId; '' for variables and annotations. */
  refId: string;
  /** PromQL, or for variables Grafana's `label_values(...)` query. */
  expr: string;
}

/** A query variable of a dashboard (name, query, whether it is multi-valued with "All"). */
export interface DashboardVariable {
  name: string;
  query: string;
  multi: boolean;
  includeAll: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** A variable's query text: Grafana stores either a string or `{ query: string, ... }`. */
function variableQuery(v: Json): string {
  const q = v['query'];
  if (typeof q === 'string') return q;
  if (isObject(q) && typeof q['query'] === 'string') return q['query'];
  throw new Error(`variable ${String(v['name'])} has no query text`);
}

/** The query variables of a dashboard, in order (data source variables are skipped). */
export function dashboardVariables(dashboard: Json): DashboardVariable[] {
  const templating = isObject(dashboard['templating']) ? dashboard['templating'] : {};
  return list(templating['list'])
    .filter((v) => v['type'] === 'query')
    .map((v) => ({ name: String(v['name']), query: variableQuery(v), multi: v['multi'] === true, includeAll: v['includeAll'] === true }));
}

/** Panels at the top level and inside rows. */
function allPanels(dashboard: Json): Json[] {
  const out: Json[] = [];
  for (const p of list(dashboard['panels'])) {
    out.push(p);
    out.push(...list(p['panels']));
  }
  return out;
}

/**
 * Every query of a dashboard: variables first, then Prometheus annotations, then each panel
 * target. Throws when a panel (other than a row) has no target with an `expr`.
 */
export function dashboardQueries(dashboard: Json): DashboardQuery[] {
  const out: DashboardQuery[] = dashboardVariables(dashboard).map((v) => ({ kind: 'variable', title: v.name, refId: '', expr: v.query }));
  const annotations = isObject(dashboard['annotations']) ? dashboard['annotations'] : {};
  for (const a of list(annotations['list'])) {
    const ds = isObject(a['datasource']) ? a['datasource'] : {};
    if (ds['type'] !== 'prometheus') continue;
    const target = isObject(a['target']) ? a['target'] : a;
    if (typeof target['expr'] !== 'string') throw new Error(`annotation ${String(a['name'])} has no expr`);
    out.push({ kind: 'annotation', title: String(a['name']), refId: '', expr: target['expr'] });
  }
  for (const p of allPanels(dashboard)) {
    if (p['type'] === 'row') continue;
    const targets = list(p['targets']).filter((t) => typeof t['expr'] === 'string');
    if (targets.length === 0) throw new Error(`panel "${String(p['title'])}" has no PromQL target`);
    for (const t of targets) out.push({ kind: 'panel', title: String(p['title']), refId: String(t['refId'] ?? ''), expr: String(t['expr']) });
  }
  return out;
}

/** A parsed `label_values([selector,] label)` variable query. */
export interface LabelValuesQuery {
  /** Series selector, or null for "every series". */
  selector: string | null;
  label: string;
}

/** Parses Grafana's `label_values(metric{...}, label)` / `label_values(label)`; null for other query forms. */
export function parseLabelValues(query: string): LabelValuesQuery | null {
  const m = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(query);
  if (!m) return null;
  return { selector: m[1] ?? null, label: m[2]! };
}

/** Escapes a value for use inside a PromQL regex string literal, as Grafana does for multi-value variables. */
export function promRegexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, (c) => `\\\\${c}`);
}

/** What a variable stands for: one value, or several (multi/All: a regex alternation). */
export type VariableValue = { kind: 'single'; value: string } | { kind: 'multi'; values: string[] };

/** Text Grafana puts in place of a variable. */
function substitution(v: VariableValue): string {
  if (v.kind === 'single') return v.value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
  const escaped = v.values.map(promRegexEscape);
  return escaped.length === 1 ? escaped[0]! : `(${escaped.join('|')})`;
}

/**
 * Replaces `$name`, `${name}` and `[[name]]` (including Grafana's built-ins such as
 * `$__rate_interval`) with their values. Throws on a variable that `vars` does not define, so a
 * typo in a dashboard cannot pass as "no data".
 */
export function interpolate(expr: string, vars: ReadonlyMap<string, VariableValue>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g, (whole, a: string | undefined, b: string | undefined, c: string | undefined) => {
    const name = a ?? b ?? c!;
    const v = vars.get(name);
    if (!v) throw new Error(`unknown variable ${whole} in: ${expr}`);
    return substitution(v);
  });
}
