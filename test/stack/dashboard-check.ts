/**
 * Runs every variable and query of a dashboard against a real Prometheus over a time range:
 * variables first (their values fill the later queries, the first value for single ones), then
 * every panel and annotation query as a range query. The broker dashboard tests assert on what it
 * returns.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrometheusApi, hasFiniteValue } from './prometheus-api.js';
import { fatal, waitFor, type ChildProcesses } from './processes.js';
import { dashboardQueries, dashboardVariables, interpolate, parseLabelValues, type VariableValue } from './grafana-queries.js';

/** Grafana's built-in interval variables, as the tests fill them. */
const BUILTINS: Array<[string, VariableValue]> = [
  ['__rate_interval', { kind: 'single', value: '15s' }],
  ['__interval', { kind: 'single', value: '5s' }],
];

export interface DashboardCheck {
  /** Variables and queries run. */
  checked: number;
  /** One line per variable without values or query without a finite value. */
  failures: string[];
  /** The variables' values as filled. */
  vars: Map<string, VariableValue>;
  /** Every variable and query run: where it is (`variable $x`, `panel "T" [A]`) and its expression. */
  queries: Array<{ where: string; expr: string }>;
}

/** Checks every variable and query of `dashboard` between `start` and `end` (Unix seconds). Throws when a variable is not a label_values() query. */
export async function checkDashboard(prom: PrometheusApi, dashboard: Record<string, unknown>, start: number, end: number): Promise<DashboardCheck> {
  const vars = new Map<string, VariableValue>(BUILTINS);
  const failures: string[] = [];
  const queries: DashboardCheck['queries'] = [];
  for (const v of dashboardVariables(dashboard)) {
    queries.push({ where: `variable $${v.name}`, expr: v.query });
    const lv = parseLabelValues(v.query);
    if (!lv) throw new Error(`variable $${v.name}: not a label_values() query`);
    const values = await prom.labelValues(lv.label, lv.selector === null ? null : interpolate(lv.selector, vars), start, end);
    if (values.length === 0) failures.push(`variable $${v.name} (${v.query}) has no values`);
    vars.set(v.name, v.multi ? { kind: 'multi', values } : { kind: 'single', value: values[0] ?? 'none' });
  }
  for (const q of dashboardQueries(dashboard).filter((x) => x.kind !== 'variable')) {
    const where = `${q.kind} "${q.title}"${q.refId ? ` [${q.refId}]` : ''}`;
    queries.push({ where, expr: q.expr });
    const expr = interpolate(q.expr, vars);
    const series = await prom.queryRange(expr, start, end, 1);
    if (!hasFiniteValue(series)) failures.push(`${where} returned no data: ${expr}`);
  }
  return { checked: queries.length, failures, vars, queries };
}

/**
 * Starts Prometheus (a child of `procs`, on 127.0.0.1:`port`) with the YAML `config` and its TSDB
 * under `dir`, and resolves once it is ready (30 s at most; rejects if it exits).
 */
export async function startPrometheus(procs: ChildProcesses, bin: string, dir: string, config: string, port: number): Promise<PrometheusApi> {
  writeFileSync(join(dir, 'prometheus.yml'), config);
  mkdirSync(join(dir, 'tsdb'));
  const prometheus = procs.start('prometheus', bin, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn']);
  const prom = new PrometheusApi(`http://127.0.0.1:${port}`);
  await waitFor('Prometheus to be ready', 30_000, async () => {
    if (prometheus.exited()) throw fatal(`prometheus exited: ${prometheus.output()}`);
    return (await prom.ready()) ? true : undefined;
  });
  return prom;
}
