/**
 * The RabbitMQ collectors' samples on mqload's live `/metrics`: a short real run against the
 * local RabbitMQ with both collectors (management API and Prometheus plugin) and the exporter on
 * a free port; `/metrics` is scraped while it runs and parsed with `parse-prometheus-text-format`
 * (through `collectors/prom-text.ts`). The `mqload_rabbitmq_*` series must be there from both
 * collectors with plausible values (memory below the watermark, the run's queue with its one
 * consumer and a publish rate near the run's), and their labels must be the catalog's, without
 * credentials. The exchange and queue are the run's (deleteAfterRun).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePromText, selectSeries, type SeriesIndex } from '../../src/collectors/prom-text.js';
import { PROMETHEUS_CATALOG_BY_NAME } from '../../src/exporters/prometheus-catalog.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { freePort } from '../stack/processes.js';
import { profileOf } from '../verify/run-helpers.js';
import { RABBITMQ_URL, rabbitmqMissing, requirePlugins, uniqueRabbitName } from './rabbitmq-env.js';

const RATE = 400;

/** The one value of `name` with these labels (undefined when absent). */
function value(index: SeriesIndex, name: string, labels: Record<string, string>): number | undefined {
  const found = selectSeries(index, name, labels);
  return found.length === 1 ? found[0]!.value : undefined;
}

test('RabbitMQ collector samples are served on /metrics as mqload_rabbitmq_* with plausible values and clean labels', { timeout: 90_000 }, async (t) => {
  const missing = await rabbitmqMissing();
  if (missing) return t.skip(missing);
  await requirePlugins();
  const exchange = uniqueRabbitName('mqload-exporter');
  const profile = profileOf({
    name: 'rmq-exporter',
    driver: { type: 'rabbitmq', url: RABBITMQ_URL },
    topics: [{ name: exchange, deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: RATE, duration: '15s' }] },
    verify: { enabled: false },
  });
  // The run's group queue is `<exchange>.<group id>`.
  const ownQueue = new RegExp(`^${exchange.replace(/[.-]/g, '\\$&')}\\.`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mqload-rmq-exporter-'));
  const ext = await buildRunExtensions(profile, { collect: true, metricsPort: port });
  const scrapes: Array<{ text: string; index: SeriesIndex }> = [];
  let scraping = true;
  // Scrapes every 500 ms while the run goes; keeps the scrapes of the load phase in which the run's queue has a publish rate from both collectors.
  const scraper = (async () => {
    while (scraping) {
      await new Promise((r) => setTimeout(r, 500));
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => (r.ok ? r.text() : ''), () => '');
      if (text === '') continue;
      const index = parsePromText(text);
      // Only scrapes taken while the load phase runs (not while producers stop).
      const loading = selectSeries(index, 'mqload_phase_index').some((s) => s.value === 0);
      const rates = selectSeries(index, 'mqload_rabbitmq_queue_published_messages_per_second', { queue: ownQueue });
      if (loading && rates.some((s) => s.labels['collector'] === 'prometheus' && s.value > 0) && rates.some((s) => s.labels['collector'] === 'management' && s.value > 0)) scrapes.push({ text, index });
    }
  })();
  let runId = '';
  try {
    const { summary } = await runProfile(profile, { dir, workers: 1, outputs: ext.outputs, hooks: ext.hooks });
    runId = summary.runId;
    assert.equal(summary.status, 'completed');
    const rabbit = Object.entries(summary.collectors ?? {}).filter(([name]) => name.startsWith('rabbitmq'));
    assert.ok(rabbit.length === 2 && rabbit.every(([, c]) => c.available), `both RabbitMQ collectors ran: ${JSON.stringify(summary.collectors)}`);
  } finally {
    scraping = false;
    await scraper;
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(scrapes.length > 0, 'a scrape showed the run queue with a publish rate from both collectors');
  // The middle one: mid-run, away from the start (the management API's first stats) and the end (producers stopping).
  const { text, index } = scrapes[Math.floor(scrapes.length / 2)]!;
  t.diagnostic(`${scrapes.length} load-phase scrapes with both collectors' queue rates`);
  const queue = selectSeries(index, 'mqload_rabbitmq_queue_consumers', { queue: ownQueue })[0]?.labels['queue'] ?? '';
  assert.match(queue, /-g0$/, 'the run queue is labelled with its name');
  const all = [...index].filter(([name]) => name.startsWith('mqload_rabbitmq_'));
  t.diagnostic(`${all.length} mqload_rabbitmq_* names, ${all.reduce((n, [, s]) => n + s.length, 0)} series`);

  for (const collector of ['management', 'prometheus']) {
    const node = selectSeries(index, 'mqload_rabbitmq_memory_used_bytes', { collector })[0];
    assert.ok(node, `${collector}: node memory`);
    const labels = { collector, node: node.labels['node']! };
    const used = node.value;
    const limit = value(index, 'mqload_rabbitmq_memory_limit_bytes', labels)!;
    assert.ok(used > 10e6 && used < limit, `${collector}: memory used ${used} below the watermark ${limit}`);
    const ratio = value(index, 'mqload_rabbitmq_memory_used_ratio', labels)!;
    assert.ok(Math.abs(ratio - used / limit) < 0.05, `${collector}: ratio ${ratio}`);
    assert.equal(value(index, 'mqload_rabbitmq_memory_alarm', labels), 0, `${collector}: no memory alarm`);
    const fds = value(index, 'mqload_rabbitmq_file_descriptors_used', labels)!;
    assert.ok(fds > 0 && fds <= value(index, 'mqload_rabbitmq_file_descriptors_limit', labels)!, `${collector}: fds ${fds}`);
    const procs = value(index, 'mqload_rabbitmq_erlang_processes_used', labels)!;
    assert.ok(procs > 100 && procs < value(index, 'mqload_rabbitmq_erlang_processes_limit', labels)!, `${collector}: processes ${procs}`);
    assert.ok(selectSeries(index, 'mqload_rabbitmq_memory_bytes', { collector }).some((s) => s.labels['kind'] === 'binary' && s.value > 0), `${collector}: memory by kind`);

    const q = { collector, queue, vhost: '/' };
    assert.equal(value(index, 'mqload_rabbitmq_queue_consumers', q), 1, `${collector}: the run queue has its one consumer`);
    const published = value(index, 'mqload_rabbitmq_queue_published_messages_per_second', q)!;
    // The management API averages over its stats interval, so allow a wide band around the run's rate.
    assert.ok(published > RATE * 0.25 && published < RATE * 2.5, `${collector}: publish rate ${published}/s for ${RATE}/s`);
    const depth = value(index, 'mqload_rabbitmq_queue_depth_messages', q)!;
    assert.ok(depth >= 0 && depth < 2000, `${collector}: depth ${depth}`);
    assert.ok((value(index, 'mqload_rabbitmq_connections', { collector }) ?? 0) >= 2, `${collector}: connections`);
  }
  assert.ok((value(index, 'mqload_rabbitmq_connections_blocked', { collector: 'management' }) ?? -1) === 0, 'management: no blocked publishers');
  assert.ok((value(index, 'mqload_rabbitmq_published_messages_per_second', { collector: 'prometheus' }) ?? 0) > 0, 'prometheus: broker-wide publish rate');

  for (const [name, series] of all) {
    const spec = PROMETHEUS_CATALOG_BY_NAME.get(name);
    assert.ok(spec, `${name} is in the catalog`);
    for (const s of series) {
      assert.deepEqual(Object.keys(s.labels).sort(), [...spec.labels, 'run'].sort(), `${name} labels ${JSON.stringify(s.labels)}`);
      assert.equal(s.labels['run'], runId);
      assert.ok(Number.isFinite(s.value), `${name} ${JSON.stringify(s.labels)} = ${s.value}`);
    }
  }
  assert.doesNotMatch(text, /guest:guest|:guest@|Basic /, 'no credentials in the exposition');
});
