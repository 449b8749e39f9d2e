/**
 * Every broker query of the "RabbitMQ broker" dashboard (grafana/dashboards/rabbitmq-broker.json)
 * returns data from a real Prometheus scraping the real `rabbitmq_prometheus` plugin
 * (127.0.0.1:15692) with the jobs of prometheus/rabbitmq.yml, while a test queue has messages and
 * a consumer, and while a short `mqload run` against RabbitMQ serves its live `/metrics` on a free
 * port that the same Prometheus scrapes (the `mqload` job): the queries and variables on mqload's
 * own series (`mqload_*`, `$run`) are checked too, and the test asserts exactly which they are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import amqp from 'amqplib';
import { ChildProcesses, freePort, waitFor } from '../stack/processes.js';
import { checkDashboard, startPrometheus } from '../stack/dashboard-check.js';
import { GRAFANA_DIR, ROOT, findExecutable, type PromConfig } from '../stack/stack-env.js';
import { PROMETHEUS_ENDPOINT, RABBITMQ_URL, rabbitmqMissing, requirePlugins, uniqueRabbitName } from './rabbitmq-env.js';
import { profileOf } from '../verify/run-helpers.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { runProfile } from '../../src/run/orchestrator.js';

/** Queries that read mqload's own series (checked against the test's mqload run). */
const MQLOAD_QUERIES = ['annotation "mqload run phases"', 'panel "mqload: sent, acknowledged, received" [A]', 'panel "mqload: sent, acknowledged, received" [B]', 'panel "mqload: sent, acknowledged, received" [C]', 'variable $run'];

/** prometheus/rabbitmq.yml with 1 s scrapes and the plugin at `endpoint` (mqload's job at `mqloadPort`, where the test's run serves /metrics). */
function testConfig(endpoint: string, mqloadPort: number): string {
  const config = parse(readFileSync(join(ROOT, 'prometheus', 'rabbitmq.yml'), 'utf8')) as PromConfig;
  assert.deepEqual(config.scrape_configs.map((s) => s.job_name), ['mqload', 'rabbitmq', 'rabbitmq-queues']);
  config.global = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  for (const s of config.scrape_configs) s.static_configs = [{ targets: [s.job_name === 'mqload' ? `127.0.0.1:${mqloadPort}` : endpoint] }];
  return stringify(config);
}

/** A 15 s RabbitMQ run serving /metrics on `port` (what the dashboard's mqload panels read). */
async function runMqload(port: number, dir: string): Promise<{ status: string; runId: string }> {
  const profile = profileOf({
    name: 'rmq-dash-run',
    driver: { type: 'rabbitmq', url: RABBITMQ_URL },
    topics: [{ name: uniqueRabbitName('mqload-dash-run'), deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 100, duration: '15s' }] },
  });
  const ext = await buildRunExtensions(profile, { collect: false, metricsPort: port });
  try {
    const { summary } = await runProfile(profile, { dir, workers: 1, outputs: ext.outputs, hooks: ext.hooks });
    return { status: summary.status, runId: summary.runId };
  } finally {
    await ext.close();
  }
}

const skip = await rabbitmqMissing();

test('every RabbitMQ dashboard query on the plugin’s series returns data from a real Prometheus', { skip, timeout: 120_000 }, async (t) => {
  const prometheusBin = findExecutable('prometheus');
  if (!prometheusBin) return t.skip('needs prometheus on PATH (apt-get install prometheus)');
  await requirePlugins();
  const tmp = mkdtempSync(join(tmpdir(), 'mqload-rmq-dash-'));
  const procs = new ChildProcesses();
  const queue = uniqueRabbitName('mqload-dash');
  const conn = await amqp.connect(RABBITMQ_URL);
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertQueue(queue, { durable: false });
    await ch.prefetch(5);
    await ch.consume(queue, () => {}, { noAck: false });
    const publish = setInterval(() => ch.sendToQueue(queue, Buffer.from('x')), 50);
    const [promPort, mqloadPort] = [await freePort(), await freePort()];
    const prom = await startPrometheus(procs, prometheusBin, tmp, testConfig(PROMETHEUS_ENDPOINT, mqloadPort), promPort);
    const start = Date.now() / 1000;
    const runDir = join(tmp, 'run');
    const mqloadRun = runMqload(mqloadPort, runDir);
    // Enough 1 s scrapes of both plugin jobs for 15 s rate windows.
    await waitFor('12 s of plugin scrapes', 40_000, async () => {
      const n = await prom.query('count_over_time(up{job=~"rabbitmq.*"}[1m])', Date.now() / 1000);
      return n.length === 2 && n.every((s) => Number(s.value[1]) >= 12) ? true : undefined;
    });
    clearInterval(publish);
    const ran = await mqloadRun;
    assert.equal(ran.status, 'completed');
    const end = Date.now() / 1000;

    const dashboard = JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards', 'rabbitmq-broker.json'), 'utf8')) as Record<string, unknown>;
    const { checked, failures, vars, queries } = await checkDashboard(prom, dashboard, start, end);
    const ours = queries.filter((q) => q.expr.includes('mqload_')).map((q) => q.where);
    assert.ok(checked >= 20, `only ${checked} broker queries`);
    assert.deepEqual(failures, [], `${failures.length} of ${checked} queries failed:\n${failures.join('\n')}`);
    assert.deepEqual(ours.sort(), [...MQLOAD_QUERIES].sort(), 'the queries on mqload series, each checked above');
    assert.equal(vars.get('run')?.kind === 'single' && (vars.get('run') as { value: string }).value, ran.runId, '$run offers the test run');
    t.diagnostic(`${checked} queries returned data, ${ours.length} of them on mqload series of run ${ran.runId}`);
  } finally {
    const del = await conn.createChannel();
    await del.deleteQueue(queue);
    await conn.close();
    await procs.stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
});
