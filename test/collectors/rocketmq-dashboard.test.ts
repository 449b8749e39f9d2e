/**
 * Every query and variable of the "RocketMQ broker" dashboard (grafana/dashboards/rocketmq-broker.json)
 * returns data from a real Prometheus that scrapes, with the jobs of prometheus/rocketmq.yml, the
 * real local RocketMQ broker's own exporter (metricsExporterType=PROM) and mqload's live
 * `/metrics` while a short `mqload run` against that broker (started once for this file when it
 * is not running) produces and consumes. The test asserts exactly which queries read mqload's
 * own series, so every other one is proven on the broker's.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ChildProcesses } from '../stack/processes.js';
import { FAST_GLOBAL, runAndCheckDashboard, singleValue } from '../stack/run-dashboard.js';
import { ROOT, findExecutable, readPromConfig } from '../stack/stack-env.js';
import { profileOf } from '../verify/run-helpers.js';
import { ROCKETMQ_ENDPOINT, rocketmqName, useLocalRocketmq, warmUpRocketmq } from '../helpers/rocketmq.js';
import { readRocketmqState } from '../../src/local/rocketmq/broker.js';

/** Queries on mqload's own series (checked against the test's run). */
const MQLOAD_QUERIES = [
  'annotation "mqload run phases"',
  'panel "mqload: sent, acknowledged, received" [A]',
  'panel "mqload: sent, acknowledged, received" [B]',
  'panel "mqload: sent, acknowledged, received" [C]',
  'panel "Broker process CPU" [A]',
  'panel "Broker process memory" [A]',
  'variable $run',
];

useLocalRocketmq();
const procs = new ChildProcesses();
const tmp = mkdtempSync(join(tmpdir(), 'mqload-rocketmq-dash-'));
after(async () => {
  await procs.stopAll();
  rmSync(tmp, { recursive: true, force: true });
});

/** prometheus/rocketmq.yml with 1 s scrapes, mqload at `mqloadPort` and the broker exporter at `exporter` (host:port). */
function testConfig(exporter: string, mqloadPort: number): string {
  const config = readPromConfig(join(ROOT, 'prometheus', 'rocketmq.yml'));
  assert.deepEqual(config.scrape_configs.map((s) => s.job_name), ['mqload', 'rocketmq']);
  config.global = FAST_GLOBAL;
  for (const s of config.scrape_configs) s.static_configs = [{ targets: [s.job_name === 'mqload' ? `127.0.0.1:${mqloadPort}` : exporter] }];
  return stringify(config);
}

test('every RocketMQ dashboard query returns data from a real Prometheus scraping the broker exporter and a mqload run', { timeout: 180_000 }, async (t) => {
  const prometheusBin = findExecutable('prometheus');
  if (!prometheusBin) return t.skip('needs prometheus on PATH (apt-get install prometheus)');
  const state = readRocketmqState();
  assert.ok(state, 'the local RocketMQ runs');
  const exporter = new URL(state.metricsUrl).host;
  await warmUpRocketmq();
  // 15 s, one group of 2 consumers acknowledging after processing.
  const profile = profileOf({
    name: 'rocketmq-dash-run',
    driver: { type: 'rocketmq', brokers: [ROCKETMQ_ENDPOINT] },
    topics: [{ name: rocketmqName('mqload-dash'), deleteAfterRun: true }],
    message: { size: 200, keys: 'none' },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 100 },
    consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '15s' }] },
  });
  const r = await runAndCheckDashboard({ prometheusBin, procs, dir: tmp, file: 'rocketmq-broker.json', profile, config: (port) => testConfig(exporter, port) });
  const ours = r.queries.filter((q) => q.expr.includes('mqload_')).map((q) => q.where);
  assert.ok(r.checked >= 24, `only ${r.checked} queries`);
  assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.checked} queries failed:\n${r.failures.join('\n')}`);
  assert.deepEqual(ours.sort(), [...MQLOAD_QUERIES].sort(), 'the queries on mqload series, each checked above');
  assert.equal(singleValue(r, 'run'), r.runId, '$run offers the test run');
  t.diagnostic(`${r.checked} queries returned data, ${ours.length} of them on mqload series of run ${r.runId}`);
});
