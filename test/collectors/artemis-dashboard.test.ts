/**
 * Every query and variable of the "Artemis broker" dashboard (grafana/dashboards/artemis-broker.json)
 * returns data from a real Prometheus scraping mqload's live `/metrics` while a short `mqload run`
 * against the real local Artemis (started once for this file when it is not running) collects the
 * broker through Jolokia: the dashboard reads only the series mqload exports for Artemis (the
 * Artemis collector, the broker JVM and process) and mqload's own.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildProcesses } from '../stack/processes.js';
import { runAndCheckDashboard, singleValue } from '../stack/run-dashboard.js';
import { findExecutable } from '../stack/stack-env.js';
import { profileOf } from '../verify/run-helpers.js';
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';

useLocalArtemis();
const procs = new ChildProcesses();
const tmp = mkdtempSync(join(tmpdir(), 'mqload-artemis-dash-'));
after(async () => {
  await procs.stopAll();
  rmSync(tmp, { recursive: true, force: true });
});

test('every Artemis dashboard query returns data from a real Prometheus scraping a mqload run against Artemis', { timeout: 120_000 }, async (t) => {
  const prometheusBin = findExecutable('prometheus');
  if (!prometheusBin) return t.skip('needs prometheus on PATH (apt-get install prometheus)');
  // 15 s, one group of 2 consumers, a 20-message credit window.
  const profile = profileOf({
    name: 'artemis-dash-run',
    driver: { type: 'artemis', url: ARTEMIS_URL, config: { prefetch: 20 } },
    topics: [{ name: artemisName('mqload-dash'), deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 100 },
    consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '15s' }] },
  });
  const r = await runAndCheckDashboard({ prometheusBin, procs, dir: tmp, file: 'artemis-broker.json', profile });
  for (const q of r.queries) assert.match(q.expr, /mqload_/, `${q.where} reads mqload's series only`);
  assert.ok(r.checked >= 25, `only ${r.checked} queries`);
  assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.checked} queries failed:\n${r.failures.join('\n')}`);
  assert.equal(singleValue(r, 'run'), r.runId, '$run offers the test run');
  t.diagnostic(`${r.checked} queries returned data for run ${r.runId}`);
});
