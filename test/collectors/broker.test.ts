/**
 * Collectors against the real local broker (`mqload local up`): its JMX exporter, its OS
 * process, and the coordinator's client instrumentation while producing through the driver.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readLocalState, isLocalBrokerProcess, type LocalBrokerState } from '../../src/local/kafka/index.js';
import { JmxExporterCollector, readJmxExporter } from '../../src/collectors/kafka/jmx.js';
import { BrokerProcessCollector } from '../../src/collectors/broker-process.js';
import { ClientCollector } from '../../src/collectors/client.js';
import { fetchText, parsePromText } from '../../src/collectors/prom-text.js';
import { ALIAS_SAMPLE_NAMES } from '../../src/collectors/kafka/jmx-aliases.js';
import { buildCollectors } from '../../src/collectors/index.js';
import { localJmxEndpoint } from '../../src/collectors/kafka/index.js';
import type { Profile } from '../../src/profile/schema.js';
import { TestKafka } from '../helpers/broker.js';

function localBroker(): LocalBrokerState | null {
  const s = readLocalState();
  return s && isLocalBrokerProcess(s) ? s : null;
}
const local = localBroker();
const noLocal = local ? false : 'local broker not running (mqload local up)';

const kafka = new TestKafka();
after(() => kafka.cleanup());

/** Produces `count` messages of `size` bytes and returns the payload bytes sent. */
async function produce(topic: string, count: number, size: number): Promise<number> {
  await kafka.produce(topic, count, { size });
  return count * size;
}

async function bytesInCounter(endpoint: string): Promise<number> {
  const r = readJmxExporter(parsePromText(await fetchText(`http://${endpoint}/metrics`, 5000), ALIAS_SAMPLE_NAMES));
  assert.ok(r.counters.bytes_in !== undefined, 'bytes-in counter found through the alias table');
  return r.counters.bytes_in;
}

test('JMX exporter of the local broker: JVM heap and Kafka values; bytes in grows with a load', { skip: noLocal }, async () => {
  const endpoint = localJmxEndpoint(local!);
  const c = new JmxExporterCollector(endpoint, 5000);
  assert.deepEqual(await c.start(), { available: true });
  const [s] = await c.sample();
  const v = s!.values;
  assert.equal(s!.source, 'jmx');
  assert.ok(v['heap_used_bytes']! > 0, `heap used ${v['heap_used_bytes']}`);
  assert.ok(v['heap_used_bytes']! <= v['heap_max_bytes']!, 'heap used ≤ max');
  assert.ok(v['heap_committed_bytes']! <= v['heap_max_bytes']!);
  assert.ok(v['threads']! > 10);
  for (const k of ['gc_young_count_total', 'network_processor_idle_ratio', 'request_queue_size', 'under_replicated_partitions', 'under_min_isr_partitions']) {
    assert.ok(Number.isFinite(v[k]), `${k} present (${v[k]})`);
  }
  for (const k of ['request_handler_idle_ratio', 'network_processor_idle_ratio']) assert.ok(v[k]! >= 0 && v[k]! <= 1, `${k} in [0, 1]: ${v[k]}`);
  for (const k of ['bytes_in_per_sec', 'messages_in_per_sec', 'gc_time_ratio']) assert.ok(v[k]! >= 0, `${k} rate: ${v[k]}`);
  // Kafka registers RequestsPerSec{request="Produce",version=N} on the first produce request of
  // that version, so a freshly started broker has no such series yet: absent, never invented.
  const produceRate = v['produce_requests_per_sec'];
  assert.ok(produceRate === undefined || produceRate >= 0, `produce_requests_per_sec rate: ${produceRate}`);

  const topic = await kafka.topic('collectors-jmx');
  const before = await bytesInCounter(endpoint);
  const payload = await produce(topic, 3000, 1000);
  // The broker-wide meter counts record-batch bytes, which include the payload.
  const grown = (await bytesInCounter(endpoint)) - before;
  assert.ok(grown >= payload, `bytes-in counter grew by ${grown} ≥ ${payload}`);
  const [after] = await c.sample();
  assert.ok(after!.values['bytes_in_per_sec']! > 0);
  assert.ok(after!.values['messages_in_per_sec']! > 0);
  assert.ok(after!.values['produce_requests_per_sec']! > 0);
  assert.ok(Number.isFinite(after!.values['produce_total_time_ms_p99']), 'produce request time p99 present');
  await c.stop();
});

test('broker process: CPU, RSS, threads, disk and data dir of the local broker', { skip: noLocal }, async () => {
  const c = new BrokerProcessCollector(local!, readLocalState);
  assert.deepEqual(await c.start(), { available: true });
  await new Promise((r) => setTimeout(r, 500));
  const [s] = await c.sample();
  const v = s!.values;
  assert.equal(s!.instance, String(local!.pid));
  assert.ok(v['cpu_percent']! >= 0, `cpu ${v['cpu_percent']}`);
  assert.ok(v['rss_bytes']! > 50 * 1024 * 1024, `rss ${v['rss_bytes']}`);
  assert.ok(v['threads']! > 10);
  assert.ok(v['disk_read_bytes_per_sec']! >= 0 && v['disk_write_bytes_per_sec']! >= 0);
  assert.ok(v['data_dir_bytes']! > 0);
});

test('broker process: a pid that is not running makes the collector unavailable', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const c = new BrokerProcessCollector({ pid: 2 ** 22 + 12345 }, null);
  const st = await c.start();
  assert.equal(st.available, false);
  assert.match(st.reason ?? '', /ENOENT/);
});

test('client instrumentation of the coordinator driver while producing', async () => {
  const c = new ClientCollector(kafka.driver, null);
  assert.deepEqual(await c.start(), { available: true });
  const topic = await kafka.topic('collectors-client');
  await c.sample(); // drop what topic creation produced
  await produce(topic, 500, 100);
  const [s] = await c.sample();
  assert.equal(s!.instance, 'coordinator');
  const v = s!.values;
  assert.ok(v['requests_count']! >= 5, `produce requests seen: ${v['requests_count']}`);
  assert.ok(v['request_latency_avg_ms']! > 0);
  assert.ok(v['request_latency_p99_ms']! >= v['request_latency_avg_ms']! * 0.5);
  assert.ok(v['request_queue_size_max']! >= 0);
  await c.stop();
});

test('buildCollectors: defaults for the local broker, explicit endpoints, switches', () => {
  const profile = (collect?: Profile['collect']): Profile =>
    ({
      name: 'p',
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
      topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
      message: { size: 10 },
      producers: { count: 1, mode: 'async' },
      load: { phases: [{ executor: 'max-throughput', duration: '1s' }] },
      ...(collect ? { collect } : {}),
    }) as Profile;
  const ctx = { groups: [{ groupId: 'g', topic: 't' }], topics: ['t'], driver: kafka.driver, localBroker: { pid: 1, jmxPort: 7171 }, workerStats: null };
  const names = (p: Profile, over = {}) => buildCollectors({ ...ctx, profile: p, ...over }).map((c) => c.name);
  assert.deepEqual(names(profile()), ['host', 'process', 'broker-process', 'jmx:127.0.0.1:7171', 'lag', 'client']);
  assert.deepEqual(names(profile(), { localBroker: null }), ['host', 'process', 'lag', 'client']);
  assert.deepEqual(
    names(profile({ host: false, jmxExporter: [], nodeExporter: ['b:9100'], jolokia: ['http://b:8778/jolokia'], lag: false, client: false, brokerProcess: false })),
    ['node:b:9100', 'jolokia:http://b:8778/jolokia'],
  );
  assert.deepEqual(names(profile({ jmxExporter: ['b:7071', 'b:7071'] }), { localBroker: null, driver: null }), ['host', 'process', 'jmx:b:7071']);
});
