/**
 * Every query of every shipped Grafana dashboard (panel targets, template variables and
 * annotations, read from grafana/dashboards/*.json) runs against a real Prometheus and must
 * return data. Prometheus scrapes, every second, a real `mqload run` (short load with consumers,
 * /metrics on), the local broker's JMX exporter and a real node_exporter, with the jobs of
 * prometheus/prometheus.local.yml. Variables are resolved like Grafana does (label values of
 * the variable's query; `run` is the run's id; multi-value variables become a regex of all
 * values); panel targets and annotations are range queries over the run, as Grafana issues them.
 *
 * Needs `prometheus` and `prometheus-node-exporter` (Debian packages) and the local broker
 * (`mqload local up`); skips with a message when the binaries are missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { TestKafka, testBrokers, uniqueName } from '../helpers/broker.js';
import { groupIdFor } from '../../src/plan/plan.js';
import { ChildProcesses, fatal, freePorts, waitFor } from './processes.js';
import { PrometheusApi, hasFiniteValue } from './prometheus-api.js';
import { dashboardQueries, dashboardVariables, interpolate, parseLabelValues, type VariableValue } from './grafana-queries.js';
import { GRAFANA_DIR, ROOT, adaptLocalConfig, findExecutable, localJmxAddress } from './stack-env.js';

/** Grafana's built-in interval variables, as Grafana would set them for 1 s scrapes. */
const BUILTINS: Array<[string, VariableValue]> = [
  ['__rate_interval', { kind: 'single', value: '15s' }],
  ['__interval', { kind: 'single', value: '5s' }],
  ['__range', { kind: 'single', value: '1m' }],
];

/** A short run with one consumer group, so lag and end-to-end latency exist, and one fault window. */
function testProfile(topic: string): string {
  return stringify({
    name: 'stack-dashboards',
    description: 'dashboard query test: a short steady load with one consumer',
    driver: { type: 'kafka', brokers: testBrokers() },
    topics: [{ name: topic, partitions: 3, replicationFactor: 1, deleteAfterRun: true }],
    message: { size: 512 },
    producers: { count: 1, mode: 'async' },
    consumers: { groups: 1, perGroup: 1 },
    load: { warmup: '2s', cooldown: '2s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '20s' }] },
    // A harmless fault window (a shell command that sleeps), for the dashboards' fault annotations.
    faults: [{ at: '8s', action: 'exec', command: 'sleep 4' }],
  });
}

async function assertReachable(url: string, hint: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new Error(`${url} does not answer (${String(err)}); ${hint}`);
  }
}

test('every dashboard query returns data from a real Prometheus scraping mqload, Kafka and node_exporter', { timeout: 170_000 }, async (t) => {
  const prometheusBin = findExecutable('prometheus');
  const nodeExporterBin = findExecutable('prometheus-node-exporter', 'node_exporter');
  if (!prometheusBin || !nodeExporterBin) {
    t.skip(`needs prometheus and node_exporter on PATH (apt-get install prometheus prometheus-node-exporter); found prometheus=${prometheusBin}, node_exporter=${nodeExporterBin}`);
    return;
  }
  const jmx = localJmxAddress();
  await assertReachable(`http://${jmx}/metrics`, 'start the local broker with `node bin/mqload.js local up`');

  const tmp = mkdtempSync(join(tmpdir(), 'mqload-stack-'));
  const procs = new ChildProcesses();
  const kafka = new TestKafka();
  let failed: unknown = null;
  try {
    const [promPort, nodePort, metricsPort] = await freePorts(3);
    const nodeExporter = procs.start('node_exporter', nodeExporterBin, [`--web.listen-address=127.0.0.1:${nodePort}`]);
    await waitFor('node_exporter', 15_000, async () => {
      if (nodeExporter.exited()) throw fatal(`node_exporter exited: ${nodeExporter.output()}`);
      await assertReachable(`http://127.0.0.1:${nodePort}/metrics`, 'node_exporter did not start');
      return true;
    });

    const configPath = join(tmp, 'prometheus.yml');
    // The JMX exporter reads every MBean per scrape: about a second on a busy 2-core machine.
    const targets = { mqload: `127.0.0.1:${metricsPort}`, kafka: jmx, node: `127.0.0.1:${nodePort}` };
    writeFileSync(configPath, adaptLocalConfig(targets, { kafka: 3 }));
    mkdirSync(join(tmp, 'tsdb'));
    const prometheus = procs.start('prometheus', prometheusBin, [
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(tmp, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--log.level=warn',
    ]);
    const prom = new PrometheusApi(`http://127.0.0.1:${promPort}`);
    await waitFor('Prometheus to be ready', 30_000, async () => {
      if (prometheus.exited()) throw fatal(`prometheus exited: ${prometheus.output()}`);
      return (await prom.ready()) ? true : undefined;
    });

    const topic = kafka.trackTopic(uniqueName('mqload-stack'));
    const profilePath = join(tmp, 'profile.yaml');
    writeFileSync(profilePath, testProfile(topic));
    const runDir = join(tmp, 'run');
    const start = Date.now() / 1000;
    const mqload = procs.start('mqload', process.execPath, [
      join(ROOT, 'bin', 'mqload.js'), 'run', profilePath,
      '--metrics-port', String(metricsPort), '--metrics-linger', '20s',
      '--no-report', '--quiet', '--workers', '1', '--out', runDir,
    ], { cwd: ROOT, stopGraceMs: 1000 });
    const summary = await waitFor('the run to finish', 100_000, async () => {
      const path = join(runDir, 'summary.json');
      if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as { runId: string; status: string };
      if (mqload.exited()) throw fatal(`mqload exited before writing summary.json: ${mqload.output()}`);
      return undefined;
    });
    kafka.trackGroup(groupIdFor(summary.runId, 0));
    assert.equal(summary.status, 'completed', `run ${summary.runId} ended ${summary.status}: ${mqload.output()}`);

    // Let Prometheus take one more scrape of every job after the run ended (mqload lingers).
    const runEnded = Date.now() / 1000;
    await waitFor('a scrape of every job after the run', 20_000, async () => {
      const scraped = await prom.query('timestamp(up == 1)', Date.now() / 1000);
      return scraped.length === 3 && scraped.every((s) => Number(s.value[1]) > runEnded) ? true : undefined;
    });
    const end = Date.now() / 1000;

    const failures: string[] = [];
    let checked = 0;
    // This run is a Kafka run: every other broker's dashboard has its own test against its broker
    // (test/collectors/<kind>-dashboard.test.ts).
    const files = readdirSync(join(GRAFANA_DIR, 'dashboards')).filter((f) => f.endsWith('.json') && (!f.endsWith('-broker.json') || f === 'kafka-broker.json')).sort();
    assert.ok(files.length >= 2, `dashboards found: ${files.join(', ')}`);
    for (const file of files) {
      const dashboard = JSON.parse(readFileSync(join(GRAFANA_DIR, 'dashboards', file), 'utf8')) as Record<string, unknown>;
      const name = `${String(dashboard['title'])} (${file})`;
      const vars = new Map<string, VariableValue>(BUILTINS);
      for (const v of dashboardVariables(dashboard)) {
        checked++;
        const lv = parseLabelValues(v.query);
        if (!lv) {
          failures.push(`${name}: variable $${v.name}: not a label_values() query: ${v.query}`);
          continue;
        }
        const values = await prom.labelValues(lv.label, lv.selector === null ? null : interpolate(lv.selector, vars), start, end);
        if (v.name === 'run') {
          if (!values.includes(summary.runId)) failures.push(`${name}: variable $run (${v.query}) lacks run ${summary.runId}: ${values.join(', ')}`);
          vars.set('run', { kind: 'single', value: summary.runId });
        } else if (values.length === 0) {
          failures.push(`${name}: variable $${v.name} (${v.query}) has no values`);
          vars.set(v.name, { kind: 'single', value: 'no-value' });
        } else {
          vars.set(v.name, v.multi || v.includeAll ? { kind: 'multi', values } : { kind: 'single', value: values[0]! });
        }
      }
      for (const q of dashboardQueries(dashboard).filter((x) => x.kind !== 'variable')) {
        checked++;
        const where = `${name}: ${q.kind} "${q.title}"${q.refId ? ` [${q.refId}]` : ''}`;
        try {
          const expr = interpolate(q.expr, vars);
          const series = await prom.queryRange(expr, start, end, 1);
          if (!hasFiniteValue(series)) failures.push(`${where} returned no data: ${expr}`);
        } catch (err) {
          failures.push(`${where} failed: ${String(err)}`);
        }
      }
    }
    assert.ok(checked >= 30, `only ${checked} queries found in ${files.join(', ')}`);
    assert.deepEqual(failures, [], `${failures.length} of ${checked} dashboard queries failed:\n${failures.join('\n')}`);
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    await procs.stopAll();
    rmSync(tmp, { recursive: true, force: true });
    // A cleanup error must not hide the test's own failure; it is reported beside it.
    await kafka.cleanup().catch((err: unknown) => {
      if (failed === null) throw err;
      t.diagnostic(`cleanup after the failure also failed: ${String(err)}`);
    });
  }
});
