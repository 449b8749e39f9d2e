/**
 * Static checks of the shipped dashboards (no Prometheus needed): the JSON files are what
 * src/dashboards generates, every mqload metric they query is one the exporter serves, every
 * variable they use is defined, and the panels tile Grafana's 24-column grid without overlap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS, renderDashboard } from '../../src/dashboards/index.js';
import { staleDashboards } from '../../src/dashboards/gen-dashboards.js';
import { PROMETHEUS_CATALOG_BY_NAME } from '../../src/exporters/prometheus-catalog.js';
import { dashboardQueries, dashboardVariables, interpolate, type VariableValue } from './grafana-queries.js';
import { GRAFANA_DIR } from './stack-env.js';

const DIR = join(GRAFANA_DIR, 'dashboards');
type Json = Record<string, unknown>;

function shipped(): Array<{ file: string; json: Json }> {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Json }));
}

test('grafana/dashboards holds exactly the generated dashboards, up to date', () => {
  assert.deepEqual(shipped().map((d) => d.file), DASHBOARDS.map((d) => d.file).sort());
  assert.deepEqual(staleDashboards(), [], 'run: node dist/src/dashboards/gen-dashboards.js');
  for (const d of DASHBOARDS) assert.ok(renderDashboard(d.build()).endsWith('}\n'));
});

test('every mqload metric a dashboard queries is in the exporter catalog', () => {
  const used = new Set<string>();
  for (const { json } of shipped()) for (const q of dashboardQueries(json)) for (const m of q.expr.matchAll(/\bmqload_[a-z0-9_]+/g)) used.add(m[0]);
  assert.ok(used.size >= 15, `only ${used.size} mqload metrics used`);
  const unknown = [...used].filter((name) => {
    const hist = /^(.*)_(bucket|sum|count)$/.exec(name);
    if (hist && PROMETHEUS_CATALOG_BY_NAME.get(hist[1]!)?.type === 'histogram') return false;
    const spec = PROMETHEUS_CATALOG_BY_NAME.get(name);
    return !spec || spec.type === 'histogram';
  });
  assert.deepEqual(unknown, []);
});

test('panels read histograms only through their buckets and counters only through rate()', () => {
  for (const { file, json } of shipped()) {
    for (const q of dashboardQueries(json).filter((x) => x.kind !== 'variable')) {
      for (const m of q.expr.matchAll(/\bmqload_[a-z0-9_]+/g)) {
        const name = m[0];
        const spec = PROMETHEUS_CATALOG_BY_NAME.get(name);
        if (spec?.type === 'counter') assert.match(q.expr, new RegExp(`rate\\(${name}\\{`), `${file} "${q.title}": counter ${name} outside rate()`);
        if (name.endsWith('_bucket')) assert.match(q.expr, /histogram_quantile\(0\.\d+, sum by \(le\) \(rate\(/, `${file} "${q.title}"`);
      }
    }
  }
});

test('every variable a query uses is defined by the dashboard or Grafana', () => {
  for (const { file, json } of shipped()) {
    const vars = new Map<string, VariableValue>(
      ['__rate_interval', '__interval', ...dashboardVariables(json).map((v) => v.name)].map((n) => [n, { kind: 'single', value: 'x' }]),
    );
    for (const q of dashboardQueries(json)) assert.doesNotThrow(() => interpolate(q.expr, vars), `${file} "${q.title}"`);
  }
});

test('panels have a title, a description and unique ids, and tile the grid without overlap', () => {
  for (const { file, json } of shipped()) {
    const panels = json['panels'] as Array<{ id: number; type: string; title: string; description?: string; gridPos: { x: number; y: number; w: number; h: number } }>;
    assert.equal(new Set(panels.map((p) => p.id)).size, panels.length, `${file}: duplicate panel ids`);
    const taken = new Set<string>();
    for (const p of panels) {
      assert.ok(p.title.length > 0, `${file}: panel ${p.id} has no title`);
      if (p.type !== 'row') assert.ok((p.description ?? '').length > 20, `${file} "${p.title}": no description`);
      const g = p.gridPos;
      assert.ok(g.x >= 0 && g.w > 0 && g.x + g.w <= 24, `${file} "${p.title}": outside the 24-column grid`);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          const cell = `${x},${y}`;
          assert.ok(!taken.has(cell), `${file} "${p.title}" overlaps another panel at ${cell}`);
          taken.add(cell);
        }
      }
    }
  }
});
