/**
 * A record whose broker.json says its groups are queues (RabbitMQ's capabilities) is reported
 * with a "Group queues" section (depth, consumers, capacity per group queue) and no consumer-lag
 * or partition table, in markdown and html; a Kafka record keeps its consumer-lag table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFixture } from './fixtures.js';
import { renderReport } from '../../src/reports/index.js';
import { rabbitCapabilities } from '../../src/drivers/rabbitmq/driver.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';
import type { Sample } from '../../src/record/format.js';

function rabbitRecord() {
  // No findings: the fixture's are Kafka's (lag, partitions); this test is about the measurement sections.
  const base = buildFixture({ fault: false, withFindings: false });
  const input = { ...base, profile: base.profile && { ...base.profile, topics: [{ name: 'mqload-rmq' }] } };
  const group = 'mqload-run-g0';
  const queue = `mqload-rmq.${group}`;
  const samples: Sample[] = [];
  for (let t = 1; t <= 70; t++) {
    const depth = t < 40 ? t * 100 : Math.max(0, 4000 - (t - 40) * 400);
    samples.push({ t, ts: t * 1000, source: 'lag', instance: group, labels: { group, topic: 'mqload-rmq' }, values: { lag_messages: depth } } as Sample);
    samples.push({ t, ts: t * 1000, source: 'rabbitmq', instance: '127.0.0.1:15672', labels: { vhost: '/', queue }, values: { depth_messages: depth, consumers: 2, consumer_capacity_ratio: t < 40 ? 0.3 : 1 } } as Sample);
  }
  return { ...input, samples: [...input.samples.filter((s) => s.source !== 'lag'), ...samples], broker: { kind: 'rabbitmq' as const, capabilities: rabbitCapabilities() }, queue };
}

for (const format of ['md', 'html'] as const) {
  test(`${format}: a RabbitMQ record shows its group queues, no lag or partition table`, async () => {
    const input = rabbitRecord();
    const out = await renderReport(input, format);
    assert.match(out, /Group queues/);
    assert.ok(out.includes(input.queue), 'the group queue is named');
    assert.match(out, /Max depth \(messages\)/);
    assert.match(out, />?4,000<?/, 'its max depth');
    assert.match(out, /30 %–100 %/, 'consumer capacity range');
    assert.doesNotMatch(out, /Consumer lag/);
    assert.doesNotMatch(out, /Partitions needed/, 'no partition sizing for a broker without partitions');
    assert.doesNotMatch(out, /Max lag \(messages\)/);
    assert.doesNotMatch(out, /[Pp]artition/);
  });
}

test('a Kafka record keeps its consumer-lag table', async () => {
  const input = { ...buildFixture({ fault: false }), broker: { kind: 'kafka' as const, capabilities: LEGACY_KAFKA_CAPABILITIES } };
  const out = await renderReport(input, 'md');
  assert.doesNotMatch(out, /Group queues/);
});
