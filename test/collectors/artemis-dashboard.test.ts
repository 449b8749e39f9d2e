/**
 * Every query and variable of the "Artemis broker" dashboard (grafana/dashboards/artemis-broker.json)
 * returns data from a real Prometheus scraping mqload's live `/metrics` while a short `mqload run`
 * against the real local Artemis (started once for this file when it is not running) collects the
 * broker through Jolokia: the dashboard reads only the series mqload exports for Artemis (the
 * Artemis collector, the broker JVM and process) and mqload's own.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ChildProcesses, freePort } from '../stack/processes.js';
import { checkDashboard, startPrometheus } from '../stack/dashboard-check.js';
import { GRAFANA_DIR, findExecutable } from '../stack/stack-env.js';
import { profileOf } from '../verify/run-helpers.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';

useLocalArtemis();
const procs = new ChildProcesses();
const tmp = mkdtempSync(join(tmpdir(), 'mqload-artemis-dash-'));
after(async () => {
  await procs.stopAll();
  rmSync(tmp, { recursive: true, force: true });
});

/** A 15 s Artemis run (one group of 2 consumers, a 20-message credit window) serving /metrics on `port`. */
async function runMqload(port: number, dir: string): Promise<{ status: string; runId: string }> {
  const profile = profileOf({
    name: 'artemis-dash-run',
    driver: { type: 'artemis', url: ARTEMIS_URL, config: { prefetch: 20 } },
    topics: [{ name: artemisName('mqload-dash'), deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 100 },
    consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '15s' }] },
  });
  const ext = await buildRunExtensions(profile, { metricsPort: port });
  try {
    const { summary } = await runProfile(profile, { dir, workers: 1, outputs: ext.outputs, hooks: ext.hooks });
    return { status: summary.status, runId: summary.runId };
  } finally {
    await ext.close();
  }
}

test('every Artemis dashboard query returns data from a real Prometheus scraping a mqload run against Artemis', { timeout: 120_000 }, async (t) => {
  const prometheusBin = findExecutable('prometheus');
  if (!prometheusBin) return t.skip('needs prometheus on PATH (apt-get install prometheus)');
  const [promPort, mqloadPort] = [await freePort(), await freePort()];
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: [{ job_name: 'mqload', static_configs: [{ targets: [`127.0.0.1:${mqloadPort}`] }] }],
  };
  const prom = await startPrometheus(procs, prometheusBin, tmp, stringify(config), promPort);
  const start = Date.now() / 1000;
  const ran = await runMqload(mqloadPort, join(tmp, 'run'));
  assert.equal(ran.status, 'completed');
  const end = Date.now() / 1000;

  const dashboard = JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards', 'artemis-broker.json'), 'utf8')) as Record<string, unknown>;
  const { checked, failures, vars, queries } = await checkDashboard(prom, dashboard, start, end);
  for (const q of queries) assert.match(q.expr, /mqload_/, `${q.where} reads mqload's series only`);
  assert.ok(checked >= 25, `only ${checked} queries`);
  assert.deepEqual(failures, [], `${failures.length} of ${checked} queries failed:\n${failures.join('\n')}`);
  assert.equal(vars.get('run')?.kind === 'single' && (vars.get('run') as { value: string }).value, ran.runId, '$run offers the test run');
  t.diagnostic(`${checked} queries returned data for run ${ran.runId}`);
});
