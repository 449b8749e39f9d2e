/**
 * RabbitMQ through the whole run path (plan → workers → record → verification) against the
 * real local RabbitMQ, as the Kafka conformance suite runs each Kafka client:
 * - sync, async and one-way: sent = acked + failed, the group receives what was acknowledged,
 *   one end-to-end latency per received message, no loss, duplicate or reorder;
 * - fan-out to 3 groups: each group receives every message;
 * - consumer crashes with after-process: redelivered (duplicates), nothing lost.
 * Each run uses a unique exchange, deleted afterwards with its group queues (deleteAfterRun).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RABBITMQ_URL, rabbitName } from '../helpers/rabbitmq.js';
import { messagesOf, profileOf, runWithExtensions } from '../verify/run-helpers.js';

const driver = (config: Record<string, number | boolean> = {}) => ({ type: 'rabbitmq', url: RABBITMQ_URL, config });

for (const mode of ['sync', 'async', 'oneway'] as const) {
  test(`rabbitmq run ${mode}: counts add up, the group receives what was acknowledged, delivery verified`, { timeout: 90_000 }, async (t) => {
    const profile = profileOf({
      name: `rmq-run-${mode}`,
      driver: driver(),
      topics: [{ name: rabbitName(`rmq-run-${mode}`), persistent: true, deleteAfterRun: true }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 2, mode, ...(mode === 'oneway' ? {} : { acks: 1 }), maxInFlight: 500 },
      consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
      load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: mode === 'sync' ? 100 : 500, duration: '3s' }] },
      verify: { graceMs: 8000 },
    });
    const { summary } = await runWithExtensions(profile);
    const p = summary.produce;
    const d = summary.delivery?.[0];
    t.diagnostic(`produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; publish ${JSON.stringify(summary.latencyMs.publish)}`);
    assert.equal(summary.status, 'completed');
    assert.ok(p.sent >= (mode === 'sync' ? 250 : 1400), `sent ${p.sent} after warm-up`);
    assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
    assert.equal(p.failed, 0);
    assert.ok(d, 'delivery is verified');
    assert.equal(d.duplicated, 0);
    if (mode === 'oneway') {
      assert.equal(d.unique, d.sent, 'on a healthy broker every one-way send arrives');
    } else {
      assert.equal(summary.consume.received, p.acked, 'consumers receive what was acked');
      assert.equal(d.lost, 0);
      assert.equal(d.unique, d.acked);
      assert.equal(summary.latencyMs.publish?.count, p.acked, 'one publish latency per ack');
    }
    const e2e = summary.latencyMs.e2e;
    assert.ok(e2e && e2e.count === summary.consume.received, 'one e2e latency per received message');
    assert.ok(e2e.p50 > 0 && e2e.p50 < 5000, `e2e p50 ${e2e.p50}`);
  });
}

test('rabbitmq run fan-out: 3 groups on a fanout exchange each receive every message', { timeout: 90_000 }, async (t) => {
  const profile = profileOf({
    name: 'rmq-run-fanout',
    driver: driver(),
    topics: [{ name: rabbitName('rmq-run-fanout'), exchangeType: 'fanout', queueType: 'quorum', deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 500 },
    consumers: { groups: 3, perGroup: 1, commit: 'auto' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 500, duration: '3s' }] },
    verify: { graceMs: 8000 },
  });
  const { summary } = await runWithExtensions(profile);
  t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(summary.delivery)}`);
  assert.equal(summary.delivery?.length, 3);
  for (const d of summary.delivery ?? []) {
    assert.equal(d.lost, 0);
    assert.equal(d.unique, summary.produce.acked + (d.sent - summary.produce.sent), `group ${d.group} got every message`);
  }
  assert.equal(summary.consume.received, 3 * summary.produce.acked);
});

test('rabbitmq run consumer crashes with after-process: redelivered (flagged), nothing lost', { timeout: 90_000 }, async (t) => {
  const profile = profileOf({
    name: 'rmq-run-crash',
    driver: driver({ prefetch: 100, consumerBatch: 20 }),
    topics: [{ name: rabbitName('rmq-run-crash'), deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
    // 2 consumers × 8 ms per message handle 250/s of 300/s: always busy, so each crash lands mid-message (that message comes again).
    consumers: { groups: 1, perGroup: 2, commit: 'after-process', processing: { delayMs: 8 } },
    load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '8s' }] },
    verify: { graceMs: 15_000 },
    faults: [
      { at: '2500ms', action: 'consumer-crash', downFor: '1500ms' },
      { at: '5000ms', action: 'consumer-crash', downFor: '1500ms' },
    ],
  });
  const { summary, events } = await runWithExtensions(profile);
  const d = summary.delivery?.[0];
  t.diagnostic(`delivery ${JSON.stringify(d)}; crashes: ${messagesOf(events, 'consumer-crash').join(' | ')}`);
  assert.ok(d);
  assert.equal(messagesOf(events, 'consumer-crash').length, 2, 'every crash is in the events');
  assert.ok(d.acked > 2000, `acked ${d.acked}`);
  assert.equal(d.lost, 0, 'unacked deliveries are requeued');
  assert.ok(d.duplicated > 0, `duplicated ${d.duplicated}`);
  assert.equal(d.redelivered, d.duplicated, 'every second delivery carries the broker\'s redelivered flag');
  assert.equal(d.duplicatedInLog ?? 0, 0, 'nothing was published twice');
  assert.equal(d.verdict, 'redelivered');
});
