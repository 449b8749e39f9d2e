/**
 * Jolokia: the response mapping on a hand-written answer shaped like Jolokia's documented
 * bulk-read format, and an unreachable agent (no Jolokia agent runs here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { JOLOKIA_BULK_READ, mapJolokiaResponses, mbeanProperties } from '../../src/collectors/kafka/jolokia-mapping.js';
import { JolokiaCollector } from '../../src/collectors/kafka/jolokia.js';
import { BrokerValueDeriver } from '../../src/collectors/kafka/broker-values.js';
import { CollectorRunner } from '../../src/collectors/runner.js';
import { ProcessCollector } from '../../src/collectors/process.js';

/** An answer to JOLOKIA_BULK_READ, in request order, as a Kafka 3.x broker with G1 would give it. */
function answer(opts: { idleCount: number; bytesIn: number; youngMs: number }): unknown[] {
  const ok = (i: number, value: unknown) => ({ request: JOLOKIA_BULK_READ[i], value, status: 200, timestamp: 1700000000 });
  return [
    ok(0, { init: 1073741824, committed: 1073741824, max: 1073741824, used: 268435456 }),
    ok(1, {
      'java.lang:name=G1 Young Generation,type=GarbageCollector': { CollectionCount: 20, CollectionTime: opts.youngMs },
      'java.lang:name=G1 Old Generation,type=GarbageCollector': { CollectionCount: 1, CollectionTime: 300 },
      'java.lang:name=G1 Concurrent GC,type=GarbageCollector': { CollectionCount: 6, CollectionTime: 9000 },
    }),
    ok(2, {
      'java.lang:name=G1 Eden Space,type=MemoryPool': { CollectionUsage: { init: 0, committed: 0, max: -1, used: 0 } },
      'java.lang:name=G1 Old Gen,type=MemoryPool': { CollectionUsage: { init: 0, committed: 5e8, max: 1073741824, used: 123456789 } },
      'java.lang:name=Metaspace,type=MemoryPool': { CollectionUsage: null },
    }),
    ok(3, 77),
    ok(4, { Count: opts.idleCount, OneMinuteRate: 0.93 }),
    ok(5, 0.81),
    ok(6, {
      'kafka.server:name=BytesInPerSec,type=BrokerTopicMetrics': { Count: opts.bytesIn },
      'kafka.server:name=BytesOutPerSec,type=BrokerTopicMetrics': { Count: 900 },
      'kafka.server:name=MessagesInPerSec,type=BrokerTopicMetrics': { Count: 40 },
      'kafka.server:name=TotalProduceRequestsPerSec,type=BrokerTopicMetrics': { Count: 1 },
    }),
    ok(7, 2),
    ok(8, {
      'kafka.network:name=RequestsPerSec,request=Produce,type=RequestMetrics,version=9': { Count: 30 },
      'kafka.network:name=RequestsPerSec,request=Produce,type=RequestMetrics,version=11': { Count: 12 },
      'kafka.network:name=RequestsPerSec,request=FetchConsumer,type=RequestMetrics,version=13': { Count: 8 },
      'kafka.network:name=RequestsPerSec,request=Fetch,type=RequestMetrics,version=13': { Count: 9 },
    }),
    ok(9, {
      'kafka.network:name=TotalTimeMs,request=Produce,type=RequestMetrics': { '99thPercentile': 31.5 },
      'kafka.network:name=RequestQueueTimeMs,request=Produce,type=RequestMetrics': { '99thPercentile': 20 },
      'kafka.network:name=LocalTimeMs,request=Produce,type=RequestMetrics': { '99thPercentile': 9 },
    }),
    ok(10, {
      'kafka.network:name=TotalTimeMs,request=FetchConsumer,type=RequestMetrics': { '99thPercentile': 502 },
    }),
    ok(11, 0),
    { request: JOLOKIA_BULK_READ[12], status: 404, error_type: 'javax.management.InstanceNotFoundException', error: 'InstanceNotFoundException' },
    ok(13, 5),
    ok(14, 6),
  ];
}

test('the bulk read covers JVM and Kafka MBeans', () => {
  const mbeans = JOLOKIA_BULK_READ.map((r) => r.mbean);
  assert.ok(mbeans.includes('java.lang:type=Memory'));
  assert.ok(mbeans.includes('kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent'));
  assert.ok(JOLOKIA_BULK_READ.every((r) => r.type === 'read'));
});

test('MBean names split into key properties', () => {
  assert.deepEqual(mbeanProperties('java.lang:name=G1 Old Gen,type=MemoryPool'), { name: 'G1 Old Gen', type: 'MemoryPool' });
  assert.deepEqual(mbeanProperties('a:type=X,name="quoted"'), { type: 'X', name: 'quoted' });
});

test('maps a Jolokia answer to the canonical broker values', () => {
  const r = mapJolokiaResponses(answer({ idleCount: 4e9, bytesIn: 1000, youngMs: 500 }));
  assert.equal(r.gauges['heap_used_bytes'], 268435456);
  assert.equal(r.gauges['heap_max_bytes'], 1073741824);
  assert.equal(r.gauges['old_gen_after_gc_bytes'], 123456789);
  assert.equal(r.gauges['threads'], 77);
  assert.equal(r.gauges['network_processor_idle_ratio'], 0.81);
  assert.equal(r.gauges['request_queue_size'], 2);
  assert.equal(r.gauges['produce_total_time_ms_p99'], 31.5);
  assert.equal(r.gauges['produce_request_queue_time_ms_p99'], 20);
  assert.equal(r.gauges['fetch_consumer_total_time_ms_p99'], 502);
  assert.equal(r.gauges['under_replicated_partitions'], 0);
  assert.equal(r.gauges['under_min_isr_partitions'], undefined, 'failed entry (404) skipped');
  assert.equal(r.counters.gc_young_count, 20);
  assert.equal(r.counters.gc_young_seconds, 0.5);
  assert.equal(r.counters.gc_old_count, 1, 'G1 Concurrent GC is neither young nor old');
  assert.equal(r.counters.bytes_in, 1000);
  assert.equal(r.counters.messages_in, 40);
  assert.equal(r.counters.produce_requests, 42);
  assert.equal(r.counters.fetch_requests, 8);
  assert.equal(r.counters.request_handler_idle_ns, 4e9, 'the count, not the OneMinuteRate');
  assert.equal(r.counters.isr_shrinks, 5);

  const d = new BrokerValueDeriver();
  d.derive(r, 0);
  const v = d.derive(mapJolokiaResponses(answer({ idleCount: 4.5e9, bytesIn: 3000, youngMs: 600 })), 1000);
  assert.equal(v['bytes_in_per_sec'], 2000);
  assert.ok(Math.abs(v['request_handler_idle_ratio']! - 0.5) < 1e-9);
  assert.ok(Math.abs(v['gc_time_ratio']! - 0.1) < 1e-9);
});

test('OneMinuteRate is used when the meter has no Count', () => {
  const a = answer({ idleCount: 1, bytesIn: 1, youngMs: 1 });
  (a[4] as { value: unknown }).value = { OneMinuteRate: 0.37 };
  assert.equal(mapJolokiaResponses(a).gauges['request_handler_idle_ratio'], 0.37);
});

test('rejects an answer that is not a Jolokia bulk answer', () => {
  assert.throws(() => mapJolokiaResponses({ status: 200 }), /unexpected Jolokia answer/);
  assert.throws(() => mapJolokiaResponses([]), /unexpected Jolokia answer/);
});

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('an unreachable Jolokia URL leaves the run going and the collector unavailable with the reason', async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/jolokia/`;
  const runner = new CollectorRunner([new JolokiaCollector(url, 1000), new ProcessCollector(null)], { intervalMs: 100 });
  const events: string[] = [];
  runner.onEvent((e) => events.push(`${e.kind}:${e.data.collector}`));
  let processSamples = 0;
  runner.onSamples((b) => {
    if (b.collector === 'process') processSamples += b.samples.length;
  });
  const st = await runner.start();
  const name = `jolokia:${url}`;
  assert.equal(st[name]?.available, false);
  assert.match(st[name]?.reason ?? '', /ECONNREFUSED/);
  assert.deepEqual(events, [`collector-unavailable:${name}`]);
  await new Promise((r) => setTimeout(r, 350));
  await runner.stop();
  assert.ok(processSamples >= 2, `the other collectors kept sampling (${processSamples})`);
  assert.equal(runner.statuses()[name]?.samples, 0);
});
