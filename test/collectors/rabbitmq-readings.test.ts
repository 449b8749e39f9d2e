/** Pure mappings of the RabbitMQ collectors: management answers and Prometheus text to sample values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeValues, queueValues, totalValues } from '../../src/collectors/rabbitmq/management-readings.js';
import { readAggregated, readDetailed, WANTED_SERIES } from '../../src/collectors/rabbitmq/prometheus-readings.js';
import { parsePromText } from '../../src/collectors/prom-text.js';

test('management: states counted, prefetch limits combined, missing rates are 0, booleans 0/1', () => {
  const t = totalValues(
    [{ state: 'running' }, { state: 'flow' }, { state: 'blocked' }, { state: 'blocking' }, { state: 'blocked' }],
    [
      { state: 'flow', consumer_count: 2, prefetch_count: 50, messages_unacknowledged: 90 },
      { state: 'running', consumer_count: 3, prefetch_count: 10, global_prefetch_count: 20 },
      { state: 'running', consumer_count: 1 },
      { state: 'running', consumer_count: 0, messages_unconfirmed: 7 },
    ],
    [{ name: 'a', vhost: '/', messages_ready: 3, messages_unacknowledged: 2, messages: 5 }, { name: 'b', vhost: '/', messages_ready: 1, messages_unacknowledged: 0 }],
  );
  assert.equal(t['connections'], 5);
  assert.equal(t['connections_blocked'], 2);
  assert.equal(t['connections_blocking'], 1);
  assert.equal(t['connections_flow'], 1);
  assert.equal(t['channels_flow'], 1);
  assert.equal(t['prefetch_limit_messages'], 100 + 20);
  assert.equal(t['unlimited_prefetch_channels'], 1);
  assert.equal(t['channel_unacked_messages'], 90);
  assert.equal(t['channel_unconfirmed_messages'], 7);
  assert.equal(t['depth_messages'], 6);
  const q = queueValues({ name: 'a', vhost: '/', state: 'flow', consumer_utilisation: 0.5 });
  assert.deepEqual(q, { consumer_capacity_ratio: 0.5, publish_per_sec: 0, deliver_per_sec: 0, ack_per_sec: 0, redeliver_per_sec: 0, in_flow: 1 });
  const n = nodeValues({ name: 'r@h', mem_used: 25, mem_limit: 100, mem_alarm: true, disk_free_alarm: false }, { memory: { binary: 7, strategy: 'rss', total: { rss: 1 } } });
  assert.deepEqual(n, { mem_used_bytes: 25, mem_limit_bytes: 100, mem_used_ratio: 0.25, mem_alarm: 1, disk_free_alarm: 0, memory_binary_bytes: 7 });
});

test('prometheus: aggregated node values and per-queue counters summed over channels', () => {
  const agg = readAggregated(parsePromText([
    'rabbitmq_identity_info{rabbitmq_node="rabbit@x",rabbitmq_cluster="c"} 1',
    'rabbitmq_process_resident_memory_bytes 50',
    'rabbitmq_resident_memory_limit_bytes 200',
    'rabbitmq_alarms_memory_used_watermark 1',
    'rabbitmq_global_messages_received_total{protocol="amqp091"} 10',
    'rabbitmq_global_messages_received_total{protocol="amqp10"} 5',
  ].join('\n'), WANTED_SERIES));
  assert.equal(agg.node, 'rabbit@x');
  assert.deepEqual(agg.nodeValues, { mem_used_bytes: 50, mem_limit_bytes: 200, mem_alarm: 1, mem_used_ratio: 0.25 });
  assert.deepEqual(agg.counters, { publish_per_sec: 15 });
  const queues = readDetailed(parsePromText([
    'rabbitmq_detailed_queue_messages_ready{vhost="/",queue="q"} 4',
    'rabbitmq_detailed_queue_messages_published_total{channel="<0.1.0>",queue_vhost="/",queue="q",exchange_vhost="/",exchange=""} 3',
    'rabbitmq_detailed_queue_messages_published_total{channel="<0.2.0>",queue_vhost="/",queue="q",exchange_vhost="/",exchange=""} 4',
    'rabbitmq_detailed_channel_messages_delivered_ack_total{channel="<0.3.0>",vhost="/",queue="q"} 2',
    'rabbitmq_detailed_channel_get_total{channel="<0.3.0>",vhost="/",queue="q"} 1',
  ].join('\n'), WANTED_SERIES));
  assert.deepEqual(queues, [{ vhost: '/', queue: 'q', gauges: { ready_messages: 4 }, counters: { publish_per_sec: 7, deliver_per_sec: 3 } }]);
});
