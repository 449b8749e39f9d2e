/**
 * The ActiveMQ Classic collector: the mapping of a Jolokia bulk answer (pure: JVM values under
 * the neutral names, broker usage, queues without the advisory ones, rates from counters), and
 * one live start + two samples against the local ActiveMQ (started through the launcher when it
 * is not running, stopped again if this file started it), with a queue that holds messages.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVEMQ_BULK_READ, ActivemqValueDeriver, mapActivemqResponses } from '../../src/collectors/activemq/readings.js';
import { activemqCollectors } from '../../src/collectors/activemq/index.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { ACTIVEMQ_URL, TestActivemq, useLocalActivemq } from '../helpers/activemq.js';
import { CountingListener, producerOptions, sendAll, sleep } from '../helpers/rabbitmq.js';
import type { Profile } from '../../src/profile/schema.js';

// Cleanup first: `after` hooks run in registration order, and the lease may stop the broker.
const amq = new TestActivemq();
after(() => amq.cleanup());
useLocalActivemq();

function answer(): unknown[] {
  const a: unknown[] = ACTIVEMQ_BULK_READ.map(() => ({ status: 404 }));
  a[0] = { status: 200, value: { used: 50e6, committed: 100e6, max: 268435456 } };
  a[1] = { status: 200, value: { 'java.lang:name=G1 Young Generation,type=GarbageCollector': { CollectionCount: 10, CollectionTime: 200 }, 'java.lang:name=G1 Old Generation,type=GarbageCollector': { CollectionCount: 1, CollectionTime: 50 } } };
  a[4] = { status: 200, value: { 'org.apache.activemq:brokerName=mqload,type=Broker': { MemoryPercentUsage: 42, StorePercentUsage: 3, TempPercentUsage: 0, MemoryLimit: 67108864, TotalEnqueueCount: 1000, TotalDequeueCount: 900, CurrentConnectionsCount: 4, TotalConsumerCount: 2 } } };
  a[5] = {
    status: 200,
    value: {
      'org.apache.activemq:brokerName=mqload,destinationName=orders,destinationType=Queue,type=Broker': { QueueSize: 100, ConsumerCount: 2, InFlightCount: 40, EnqueueCount: 500, DequeueCount: 400, MemoryPercentUsage: 5 },
      'org.apache.activemq:brokerName=mqload,destinationName=ActiveMQ.DLQ,destinationType=Queue,type=Broker': { QueueSize: 1 },
    },
  };
  return a;
}

test('activemq readings: JVM under the neutral names, broker usage, queues without ActiveMQ.*, rates from the second reading', () => {
  const r = mapActivemqResponses(answer());
  assert.equal(r.jvm.gauges[SAMPLE_NAMES.jvm.heapMax], 268435456);
  assert.equal(r.jvm.counters.gc_young_count, 10);
  assert.deepEqual([...r.queues.keys()], ['orders']);
  const d = new ActivemqValueDeriver();
  const first = d.broker(r.broker!, 0);
  assert.equal(first['memory_percent_usage'], 42);
  assert.equal(first['enqueued_per_sec'], undefined, 'no rate from one reading');
  const second = d.broker({ ...r.broker!, TotalEnqueueCount: 1500 }, 2000);
  assert.equal(second['enqueued_per_sec'], 250);
  const q = d.queue('orders', r.queues.get('orders')!, 0);
  assert.deepEqual(q, { [SAMPLE_NAMES.queue.depth]: 100, [SAMPLE_NAMES.queue.consumers]: 2, in_flight_messages: 40, memory_percent_usage: 5 });
  assert.throws(() => mapActivemqResponses([]), /expected an array/);
});

test('activemq collector against the local broker: available, JVM heap, broker usage, the queue\'s depth', { timeout: 30_000 }, async () => {
  const topic = await amq.topic({ routing: 'queue' }, ['g']);
  const d = amq.driver();
  const l = new CountingListener();
  const p = await amq.producer(d, producerOptions(topic, 'async', 50), l);
  await sendAll(p, l, 25, 50);
  const profile = { driver: { type: 'activemq', url: ACTIVEMQ_URL }, collect: { intervalMs: 1000 } } as unknown as Profile;
  const [c] = activemqCollectors({ profile });
  assert.ok(c);
  assert.deepEqual(await c.start(), { available: true });
  await c.sample();
  await sleep(300);
  const samples = await c.sample();
  const jvm = samples.find((s) => s.source === 'jolokia');
  assert.ok(jvm && jvm.values[SAMPLE_NAMES.jvm.heapMax]! > 0 && jvm.values[SAMPLE_NAMES.jvm.heapUsed]! > 0, JSON.stringify(jvm));
  const broker = samples.find((s) => s.source === 'activemq' && !s.labels);
  assert.ok(broker && broker.values['memory_limit_bytes']! > 0 && broker.values['memory_percent_usage'] !== undefined, JSON.stringify(broker));
  const queue = samples.find((s) => s.labels?.['queue'] === topic);
  assert.equal(queue?.values[SAMPLE_NAMES.queue.depth], 25);
  assert.ok(!JSON.stringify(samples).includes('password'));
  await c.stop();
});
