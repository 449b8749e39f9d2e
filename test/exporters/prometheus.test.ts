/**
 * The live Prometheus exporter: catalog ↔ name mapping, histogram buckets from HDR
 * histograms, the served text (checked by `promtool check metrics`), staleness, close.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { startMetricsServer, type LoadTotals } from '../../src/exporters/prometheus.js';
import { PROMETHEUS_CATALOG, PROMETHEUS_CATALOG_BY_NAME } from '../../src/exporters/prometheus-catalog.js';
import { ARTEMIS_SAMPLE_NAMES } from '../../src/collectors/artemis/names.js';
import { ACTIVEMQ_SAMPLE_NAMES } from '../../src/collectors/activemq/names.js';
import { ROCKETMQ_SAMPLE_NAMES } from '../../src/collectors/rocketmq/prometheus.js';
import { promMetricFor } from '../../src/exporters/prometheus-names.js';
import { BucketCounts, LATENCY_BUCKETS_SECONDS } from '../../src/exporters/prometheus-histogram.js';
import type { Sample, TimelineEntry } from '../../src/record/format.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { createHistogram, encodeHistogram, recordMs } from '../../src/metrics/histogram.js';
import { EnvironmentError } from '../../src/errors.js';
import { PrometheusOutput } from '../../src/exporters/prometheus-output.js';
import type { RunPlan } from '../../src/plan/types.js';
import type { RunEvent } from '../../src/record/format.js';
import { freePorts } from '../stack/processes.js';
import { requestTimeName, REQUEST_TIME_PARTS, REQUEST_TIME_REQUESTS } from '../../src/collectors/kafka/broker-values.js';
import { RABBITMQ_SAMPLE_NAMES, RABBITMQ_SOURCES, memoryName } from '../../src/collectors/rabbitmq/index.js';

/** Every value each RabbitMQ source writes, with the labels of its sample kind (node, queue, broker-wide). */
function rabbitmqValues(): Array<{ source: string; name: string; labels: Record<string, string> }> {
  const node = [...Object.values(RABBITMQ_SAMPLE_NAMES.node), memoryName('queue_procs'), memoryName('ets')];
  const queue = Object.values(RABBITMQ_SAMPLE_NAMES.queue);
  const perQueueOnly = new Set<string>([RABBITMQ_SAMPLE_NAMES.queue.consumerCapacity, RABBITMQ_SAMPLE_NAMES.queue.inFlow]);
  const totals = [...Object.values(RABBITMQ_SAMPLE_NAMES.totals), ...queue.filter((n) => !perQueueOnly.has(n)), 'queues'];
  return RABBITMQ_SOURCES.flatMap((source) => [
    ...node.map((name) => ({ source, name, labels: { node: 'rabbit@h' } })),
    ...queue.map((name) => ({ source, name, labels: { vhost: '/', queue: 'q' } })),
    ...totals.map((name) => ({ source, name, labels: {} })),
  ]);
}

/** Every Artemis value with the labels of its sample kind (the queue's consumer capacity is RabbitMQ's only). */
function artemisValues(): Array<{ name: string; labels: Record<string, string> }> {
  const queue = Object.values(ARTEMIS_SAMPLE_NAMES.queue).filter((n) => n !== ARTEMIS_SAMPLE_NAMES.queue.consumerCapacity);
  return [
    ...queue.map((name) => ({ name, labels: { address: 'a', queue: 'a.g', routing: 'multicast' } })),
    ...Object.values(ARTEMIS_SAMPLE_NAMES.address).map((name) => ({ name, labels: { address: 'a', policy: 'PAGE' } })),
    ...[...Object.values(ARTEMIS_SAMPLE_NAMES.broker), ...queue].map((name) => ({ name, labels: {} })),
    ...Object.values(ARTEMIS_SAMPLE_NAMES.journal).map((name) => ({ name, labels: { journal_type: 'NIO', os: 'Linux' } })),
  ];
}

/** Every ActiveMQ Classic and RocketMQ value, by source, with the labels of its sample kind. */
function classicAndRocketmqValues(): Array<{ source: string; name: string; labels: Record<string, string> }> {
  return [
    ...Object.values(ACTIVEMQ_SAMPLE_NAMES.queue).map((name) => ({ source: 'activemq', name, labels: { queue: 'q' } })),
    ...Object.values(ACTIVEMQ_SAMPLE_NAMES.broker).map((name) => ({ source: 'activemq', name, labels: {} })),
    ...Object.values(ROCKETMQ_SAMPLE_NAMES.group).map((name) => ({ source: 'rocketmq', name, labels: { group: 'g', topic: 't' } })),
    ...Object.values(ROCKETMQ_SAMPLE_NAMES.broker).map((name) => ({ source: 'rocketmq', name, labels: {} })),
  ];
}

/** Every value name each source writes (SAMPLE_NAMES plus the generated per-core and request-time names). */
function valuesBySource(): Record<string, string[]> {
  const requestTimes = (Object.keys(REQUEST_TIME_REQUESTS) as Array<keyof typeof REQUEST_TIME_REQUESTS>).flatMap((r) =>
    (Object.keys(REQUEST_TIME_PARTS) as Array<keyof typeof REQUEST_TIME_PARTS>).map((p) => requestTimeName(r, p)),
  );
  const broker = [...Object.values(SAMPLE_NAMES.jvm), ...Object.values(SAMPLE_NAMES.kafka), ...requestTimes];
  return {
    host: [...Object.values(SAMPLE_NAMES.host), 'cpu_core_0_busy_percent', 'cpu_core_13_busy_percent'],
    process: Object.values(SAMPLE_NAMES.process),
    'broker-process': Object.values(SAMPLE_NAMES.brokerProcess),
    node: Object.values(SAMPLE_NAMES.node),
    jmx: broker,
    jolokia: broker,
    lag: Object.values(SAMPLE_NAMES.lag),
    client: Object.values(SAMPLE_NAMES.client),
  };
}

test('every collector value maps to a catalog metric with matching type and labels', () => {
  const reached = new Set<string>();
  for (const [source, names] of Object.entries(valuesBySource())) {
    for (const name of names) {
      const labelSets: Array<Record<string, string>> = source === 'lag' ? [{ group: 'g', topic: 't', partition: '0' }, { group: 'g', topic: 't' }] : [{}];
      for (const labels of labelSets) {
        // Host values have an instance (the interface) only on the per-interface samples.
        const m = promMetricFor(source, name, 1, source === 'host' ? { labels } : { instance: 'i', labels });
        assert.ok(m, `${source}:${name} maps`);
        const spec = PROMETHEUS_CATALOG_BY_NAME.get(m.name);
        assert.ok(spec, `${source}:${name} → ${m.name} is in the catalog`);
        assert.equal(spec.type, m.kind === 'gauge' ? 'gauge' : 'counter', `${m.name} type`);
        for (const l of Object.keys(m.labels)) assert.ok(spec.labels.includes(l), `${m.name} label ${l}`);
        reached.add(m.name);
      }
    }
  }
  // A broker kind's own sources: every value is a gauge with exactly the catalog's labels.
  const kindValues = [
    ...rabbitmqValues().map((v) => ({ ...v, instance: '127.0.0.1:15672' })),
    ...artemisValues().map((v) => ({ ...v, source: 'artemis', instance: '127.0.0.1:8161' })),
    ...classicAndRocketmqValues().map((v) => ({ ...v, instance: '127.0.0.1:8162' })),
  ];
  for (const { source, name, labels, instance } of kindValues) {
    const m = promMetricFor(source, name, 1, { instance, labels });
    assert.ok(m, `${source}:${name} maps`);
    const spec = PROMETHEUS_CATALOG_BY_NAME.get(m.name);
    assert.ok(spec, `${source}:${name} ${JSON.stringify(labels)} → ${m.name} is in the catalog`);
    assert.equal(spec.type, 'gauge', `${m.name} type`);
    assert.deepEqual(Object.keys(m.labels).sort(), [...spec.labels].sort(), `${m.name} labels`);
    reached.add(m.name);
  }
  const collectorMetrics = PROMETHEUS_CATALOG.filter((s) => s.from !== 'load' && s.from !== 'faults').map((s) => s.name);
  assert.deepEqual(collectorMetrics.filter((n) => !reached.has(n)), [], 'every collector metric in the catalog is produced');
});

test('mapping converts units and names', () => {
  assert.deepEqual(promMetricFor('host', 'cpu_core_3_busy_percent', 50), { name: 'mqload_host_cpu_core_busy_ratio', labels: { core: '3' }, value: 0.5, kind: 'gauge' });
  assert.deepEqual(promMetricFor('process', 'event_loop_delay_p99_ms', 70, { instance: 'worker-1' }), {
    name: 'mqload_process_event_loop_delay_p99_seconds',
    labels: { thread: 'worker-1' },
    value: 0.07,
    kind: 'gauge',
  });
  assert.deepEqual(promMetricFor('jmx', 'fetch_consumer_remote_time_ms_p99', 500, { instance: 'b:7071' }), {
    name: 'mqload_broker_request_time_p99_seconds',
    labels: { endpoint: 'b:7071', request: 'fetch_consumer', part: 'remote' },
    value: 0.5,
    kind: 'gauge',
  });
  assert.equal(promMetricFor('jolokia', 'heap_used_bytes', 1)?.name, 'mqload_broker_jvm_heap_used_bytes');
  assert.equal(promMetricFor('jmx', 'bytes_in_per_sec', 1)?.name, 'mqload_broker_bytes_in_per_second');
  assert.equal(promMetricFor('jmx', 'gc_old_count_total', 1)?.kind, 'counter-cumulative');
  assert.equal(promMetricFor('client', 'retries_count', 1)?.name, 'mqload_client_retries_total');
  assert.equal(promMetricFor('client', 'retries_count', 1)?.kind, 'counter-delta');
  assert.equal(promMetricFor('lag', 'time_lag_seconds', 1, { labels: { group: 'g', topic: 't' } })?.name, 'mqload_consumer_lag_seconds');
  assert.equal(promMetricFor('unknown-source', 'x', 1), null);
  assert.deepEqual(promMetricFor('rabbitmq', 'publish_per_sec', 12, { instance: '127.0.0.1:15672', labels: { vhost: '/', queue: 'q' } }), {
    name: 'mqload_rabbitmq_queue_published_messages_per_second',
    labels: { vhost: '/', queue: 'q', endpoint: '127.0.0.1:15672', collector: 'management' },
    value: 12,
    kind: 'gauge',
  });
  assert.deepEqual(promMetricFor('rabbitmq-prometheus', 'memory_binary_bytes', 5, { instance: 'h:15692', labels: { node: 'rabbit@h' } }), {
    name: 'mqload_rabbitmq_memory_bytes',
    labels: { node: 'rabbit@h', kind: 'binary', endpoint: 'h:15692', collector: 'prometheus' },
    value: 5,
    kind: 'gauge',
  });
  assert.equal(promMetricFor('rabbitmq', 'mem_used_bytes', 1, { labels: { node: 'n' } })?.name, 'mqload_rabbitmq_memory_used_bytes');
  assert.equal(promMetricFor('rabbitmq', 'ready_messages', 1)?.name, 'mqload_rabbitmq_ready_messages', 'broker-wide: no queue_ prefix');
  assert.equal(promMetricFor('artemis', 'added_per_sec', 1, { labels: { address: 'a', queue: 'a.g', routing: 'multicast' } })?.name, 'mqload_artemis_queue_added_messages_per_second');
  assert.deepEqual(promMetricFor('artemis', 'address_limit_percent', 50, { instance: 'h:8161', labels: { address: 'a', policy: 'BLOCK' } }), {
    name: 'mqload_artemis_address_limit_ratio',
    labels: { address: 'a', policy: 'BLOCK', endpoint: 'h:8161' },
    value: 0.5,
    kind: 'gauge',
  });
  assert.equal(promMetricFor('artemis', 'paging', 1, { labels: { address: 'a' } })?.name, 'mqload_artemis_address_paging');
  assert.equal(promMetricFor('artemis', 'address_memory_percent', 1)?.name, 'mqload_artemis_address_memory_ratio');
});

test('catalog: unique names, prefix, base units, counters end in _total', () => {
  const names = PROMETHEUS_CATALOG.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
  for (const s of PROMETHEUS_CATALOG) {
    assert.match(s.name, /^mqload_[a-z0-9_]+$/);
    assert.doesNotMatch(s.name, /_(ms|percent|per_sec)$|_ms_/, `${s.name} uses base units`);
    assert.equal(s.name.endsWith('_total'), s.type === 'counter', `${s.name}: _total iff counter`);
    assert.ok(!s.labels.includes('instance') && !s.labels.includes('run'));
  }
});

test('HDR histogram counts land in the right Prometheus buckets', () => {
  const h = createHistogram();
  recordMs(h, 0.1, 3); // exactly on the 100 µs bound
  recordMs(h, 0.2); // ≤ 250 µs
  recordMs(h, 1); // exactly 1 ms
  recordMs(h, 1000, 2); // exactly 1 s
  recordMs(h, 45_000); // ≤ 60 s
  recordMs(h, 120_000); // above the highest bound
  const b = new BucketCounts();
  b.addEncoded(encodeHistogram(h));
  b.addEncoded(undefined);
  const at = (le: number) => b.counts[LATENCY_BUCKETS_SECONDS.indexOf(le)];
  assert.equal(at(0.0001), 3);
  assert.equal(at(0.00025), 1);
  assert.equal(at(0.001), 1);
  assert.equal(at(1), 2);
  assert.equal(at(60), 1);
  assert.equal(b.counts[LATENCY_BUCKETS_SECONDS.length], 1, 'overflow slot');
  assert.equal(b.count, 9);
  const expectedSum = (0.3 + 0.2 + 1 + 2000 + 45_000 + 120_000) / 1000;
  assert.ok(Math.abs(b.sumSeconds - expectedSum) / expectedSum < 0.001, `sum ${b.sumSeconds} ≈ ${expectedSum}`);
});

function entry(t: number, publishMs: number[], over: Partial<TimelineEntry> = {}): TimelineEntry {
  const h = createHistogram();
  for (const ms of publishMs) recordMs(h, ms);
  return {
    t,
    ts: Date.now(),
    phase: 'load',
    phaseIndex: 0,
    targetRate: 1000,
    intervalSec: 1,
    produce: { sent: 10, acked: 10, failed: 0, dropped: 0, bytes: 1000, requests: 1 },
    consume: { received: 10, bytes: 1000, foreign: 0 },
    inFlight: 3,
    latencyMs: { publish: null, publishDelay: null, e2e: null },
    hist: { publish: encodeHistogram(h), e2e: encodeHistogram(h) },
    groups: { 'g-1': 10 },
    ...over,
  };
}

const totals = (n: number): LoadTotals => ({ sent: 10 * n, acked: 10 * n, failed: 0, dropped: n, bytesSent: 1000 * n, received: 10 * n, bytesReceived: 1000 * n, requests: n });

const SAMPLES: Array<Pick<Sample, 'source' | 'instance' | 'labels' | 'values'>> = [
  { source: 'host', values: { cpu_busy_percent: 40, cpu_core_0_busy_percent: 35, cpu_core_1_busy_percent: 45, mem_total_bytes: 8e9, load1: 1.5, cores: 2, net_rx_bytes_per_sec: 10 } },
  { source: 'host', instance: 'lo', labels: { loopback: 'true' }, values: { net_rx_bytes_per_sec: 1e6, net_tx_bytes_per_sec: 1e6 } },
  { source: 'process', instance: 'coordinator', values: { cpu_percent: 12, event_loop_delay_p99_ms: 11, rss_bytes: 1e8 } },
  { source: 'process', instance: 'worker-0', values: { event_loop_utilization_ratio: 0.7 } },
  { source: 'jmx', instance: '127.0.0.1:7071', values: { heap_used_bytes: 2e8, request_handler_idle_ratio: 0.8, produce_total_time_ms_p99: 23, gc_young_count_total: 10, gc_young_seconds_total: 0.5 } },
  { source: 'lag', instance: 'g-1', labels: { group: 'g-1', topic: 't', partition: '0' }, values: { lag_messages: 5, log_end_offset: 100, committed_offset: 95, time_lag_seconds: 0.4 } },
  { source: 'lag', instance: 'g-1', labels: { group: 'g-1', topic: 't' }, values: { lag_messages: 5, time_lag_seconds: 0.4 } },
  { source: 'client', instance: 'worker-0', values: { requests_count: 20, request_latency_p99_ms: 4, request_latency_avg_ms: 2, retries_count: 0 } },
  { source: 'node', instance: 'b:9100', labels: { device: 'lo', loopback: 'true' }, values: { net_rx_bytes_per_sec: 3 } },
  { source: 'host', values: { not_a_known_value: 1 } },
];

function line(text: string, prefix: string): number | undefined {
  const l = text.split('\n').find((x) => x.startsWith(prefix));
  return l === undefined ? undefined : Number(l.slice(l.lastIndexOf(' ') + 1));
}

test('serves /metrics with run labels, load counters, histograms and collector gauges', async () => {
  const server = await startMetricsServer({ runId: 'run-42', port: 0 });
  try {
    server.update(entry(1, [1, 2, 3, 500]), totals(1));
    server.update(entry(2, [1], { targetRate: null }), totals(2));
    server.updateSamples(SAMPLES);
    server.updateSamples([{ source: 'jmx', instance: '127.0.0.1:7071', values: { gc_young_count_total: 12 } }]);
    server.updateSamples([{ source: 'client', instance: 'worker-0', values: { requests_count: 5 } }]);
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.equal(line(text, 'mqload_messages_sent_total{run="run-42"}'), 20);
    assert.equal(line(text, 'mqload_sends_dropped_total{run="run-42"}'), 2);
    assert.equal(line(text, 'mqload_group_messages_received_total{group="g-1",run="run-42"}'), 20);
    assert.equal(line(text, 'mqload_messages_in_flight{run="run-42"}'), 3);
    assert.equal(line(text, 'mqload_target_rate_messages_per_second{'), undefined, 'no target rate in a max-throughput interval');
    assert.equal(line(text, 'mqload_publish_latency_seconds_count{run="run-42"}'), 5);
    assert.equal(line(text, 'mqload_publish_latency_seconds_bucket{run="run-42",le="0.001"}'), 2);
    assert.equal(line(text, 'mqload_publish_latency_seconds_bucket{run="run-42",le="0.25"}'), 4);
    assert.equal(line(text, 'mqload_publish_latency_seconds_bucket{run="run-42",le="0.5"}'), 5, '500 ms is on the bound');
    assert.equal(line(text, 'mqload_publish_latency_seconds_bucket{run="run-42",le="+Inf"}'), 5);
    assert.equal(line(text, 'mqload_publish_delay_seconds_count{run="run-42"}'), 0);
    assert.equal(line(text, 'mqload_host_cpu_busy_ratio{run="run-42"}'), 0.4);
    assert.equal(line(text, 'mqload_host_cpu_core_busy_ratio{core="1",run="run-42"}'), 0.45);
    assert.equal(line(text, 'mqload_host_net_rx_bytes_per_second{iface="lo",loopback="true",run="run-42"}'), 1e6);
    assert.equal(line(text, 'mqload_process_event_loop_delay_p99_seconds{thread="coordinator",run="run-42"}'), 0.011);
    assert.equal(line(text, 'mqload_broker_jvm_heap_used_bytes{endpoint="127.0.0.1:7071",run="run-42"}'), 2e8);
    assert.equal(line(text, 'mqload_broker_request_handler_idle_ratio{endpoint="127.0.0.1:7071",run="run-42"}'), 0.8);
    assert.equal(line(text, 'mqload_broker_request_time_p99_seconds{endpoint="127.0.0.1:7071",request="produce",part="total",run="run-42"}'), 0.023);
    assert.equal(line(text, 'mqload_broker_jvm_gc_young_count_total{endpoint="127.0.0.1:7071",run="run-42"}'), 12, 'cumulative source counter');
    assert.equal(line(text, 'mqload_consumer_lag_messages{group="g-1",topic="t",partition="0",run="run-42"}'), 5);
    assert.equal(line(text, 'mqload_consumer_lag_seconds{group="g-1",topic="t",run="run-42"}'), 0.4);
    assert.equal(line(text, 'mqload_client_requests_total{thread="worker-0",run="run-42"}'), 25, 'per-interval counts add up');
    assert.equal(line(text, 'mqload_node_net_rx_bytes_per_second{endpoint="b:9100",device="lo",loopback="true",run="run-42"}'), 3);
    assert.deepEqual(server.unmapped(), ['host:not_a_known_value']);
    for (const spec of PROMETHEUS_CATALOG) assert.ok(text.includes(`# TYPE ${spec.name} ${spec.type}`), `${spec.name} declared`);
    assert.equal((await fetch(server.url.replace('/metrics', '/'))).status, 404);
  } finally {
    await server.close();
    await server.close();
  }
});

const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));

test('promtool check metrics accepts the output', { skip: !promtool && 'promtool missing (apt-get install prometheus)' }, async () => {
  const server = await startMetricsServer({ runId: 'r-promtool', port: 0 });
  try {
    server.update(entry(1, [0.05, 2, 30, 1200]), totals(1));
    server.updateSamples(SAMPLES);
    const text = await (await fetch(server.url)).text();
    const r = spawnSync(promtool!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool: ${r.stdout}${r.stderr}`);
    const broken = spawnSync(promtool!, ['check', 'metrics'], { input: 'mqload_bad_count{x="1"} 1\nmqload_bad_count{x="1"} 2\n', encoding: 'utf8' });
    assert.notEqual(broken.status, 0, 'promtool does reject bad input');
  } finally {
    await server.close();
  }
});

test('fault events open and close mqload_fault_active windows; other events leave it alone', async () => {
  const [port] = await freePorts(1);
  const out = new PrometheusOutput({ host: '127.0.0.1', port: port!, lingerMs: 0 });
  await out.begin({ runId: 'r-faults' } as RunPlan);
  const url = `http://127.0.0.1:${port}/metrics`;
  const fault = (kind: RunEvent['kind'], id: string, action: string): RunEvent => ({ t: 1, ts: Date.now(), kind, message: `${action} ${kind}`, data: { id, action } });
  const series = (text: string) => text.split('\n').filter((l) => l.startsWith('mqload_fault_active{')).sort();
  try {
    assert.deepEqual(series(await (await fetch(url)).text()), [], 'no fault, no series');
    out.event(fault('fault', 'f0', 'broker-kill'));
    out.event(fault('fault', 'f1', 'consumer-crash'));
    out.event({ t: 1, ts: Date.now(), kind: 'note', message: 'unrelated', data: { id: 'f9', action: 'exec' } });
    assert.deepEqual(series(await (await fetch(url)).text()), [
      'mqload_fault_active{fault="f0",action="broker-kill",run="r-faults"} 1',
      'mqload_fault_active{fault="f1",action="consumer-crash",run="r-faults"} 1',
    ]);
    out.event(fault('fault-end', 'f0', 'broker-kill'));
    assert.deepEqual(series(await (await fetch(url)).text()), [
      'mqload_fault_active{fault="f0",action="broker-kill",run="r-faults"} 0',
      'mqload_fault_active{fault="f1",action="consumer-crash",run="r-faults"} 1',
    ]);
  } finally {
    await out.close();
  }
});

test('gauges not refreshed within staleAfterMs disappear', async () => {
  const server = await startMetricsServer({ runId: 'r-stale', port: 0, staleAfterMs: 100 });
  try {
    server.updateSamples([{ source: 'jmx', instance: 'b:7071', values: { heap_used_bytes: 5 } }]);
    assert.match(await server.render(), /mqload_broker_jvm_heap_used_bytes\{endpoint="b:7071",run="r-stale"\} 5/);
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(await server.render(), /mqload_broker_jvm_heap_used_bytes\{/);
  } finally {
    await server.close();
  }
});

test('a taken port is an EnvironmentError with a hint', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    await assert.rejects(startMetricsServer({ runId: 'r', port }), (err: unknown) => err instanceof EnvironmentError && /EADDRINUSE/.test(err.message) && /--metrics-port/.test(err.hint));
  } finally {
    await new Promise<void>((r) => blocker.close(() => r()));
  }
});
