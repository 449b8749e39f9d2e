/**
 * The queue in front of the database: RabbitMQ consumers writing through `consumers.sink` into
 * the real PostgreSQL and MariaDB. A short run stores one row per acknowledged message; with
 * `after-process` and a consumer crash the broker redelivers what the dead consumer held, and an
 * `upsert` sink absorbs those redeliveries into the existing rows. Exchanges, queues and tables
 * are the run's own and are removed afterwards (deleteAfterRun, dropAfterRun).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { RABBITMQ_URL, rabbitName } from '../helpers/rabbitmq.js';
import { messagesOf, profileOf, runWithExtensions } from '../verify/run-helpers.js';
import { createSinkAdmin } from '../../src/sinks/factory.js';

const URLS = {
  postgres: process.env['MQLOAD_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env['MQLOAD_TEST_MYSQL'] ?? 'mysql://root@127.0.0.1:3306/test',
} as const;
const tableName = (type: string) => `mqload_rmq_${type}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;

/** Drops the table in case the run failed before its own drop. */
async function dropQuietly(type: 'postgres' | 'mysql', table: string): Promise<void> {
  const admin = createSinkAdmin({ type, url: URLS[type], table, mode: 'upsert' });
  await admin.dropTable().catch(() => undefined);
  await admin.close().catch(() => undefined);
}

for (const type of ['postgres', 'mysql'] as const) {
  test(`rabbitmq → ${type} upsert sink: one row per acknowledged message`, { timeout: 60_000 }, async (t) => {
    const table = tableName(type);
    try {
      const profile = profileOf({
        name: `rmq-sink-${type}`,
        driver: { type: 'rabbitmq', url: RABBITMQ_URL },
        topics: [{ name: rabbitName(`rmq-sink-${type}`), deleteAfterRun: true }],
        message: { size: 200, keys: 'round-robin' },
        producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
        consumers: { groups: 1, perGroup: 2, commit: 'after-process', sink: { type, url: URLS[type], table, mode: 'upsert', poolSize: 4, dropAfterRun: true } },
        load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '4s' }] },
        verify: { graceMs: 10_000 },
      });
      const { summary } = await runWithExtensions(profile);
      const s = summary.sink;
      const d = summary.delivery?.[0];
      t.diagnostic(`sink ${JSON.stringify(s)}; delivery ${JSON.stringify(d)}`);
      assert.ok(s && d);
      assert.equal(summary.produce.failed, 0);
      assert.ok(summary.produce.acked >= 700, `acked ${summary.produce.acked}`);
      assert.equal(s.errors, 0);
      assert.equal(s.rows, summary.produce.acked, 'one row per acknowledged message');
      assert.equal(s.inserted, s.rows);
      assert.equal(d.lost, 0);
    } finally {
      await dropQuietly(type, table);
    }
  });
}

test('rabbitmq consumer crash with after-process → postgres upsert: the sink absorbs the redeliveries', { timeout: 60_000 }, async (t) => {
  const type = 'postgres';
  const table = tableName(type);
  try {
    const profile = profileOf({
      name: 'rmq-sink-crash',
      driver: { type: 'rabbitmq', url: RABBITMQ_URL, config: { prefetch: 100, consumerBatch: 20 } },
      topics: [{ name: rabbitName('rmq-sink-crash'), deleteAfterRun: true }],
      message: { size: 200 },
      producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 2, commit: 'after-process', processing: { delayMs: 5 }, sink: { type, url: URLS[type], table, mode: 'upsert', poolSize: 4, dropAfterRun: true } },
      load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '7s' }] },
      verify: { graceMs: 15_000 },
      faults: [{ at: '2500ms', action: 'consumer-crash', downFor: '1500ms' }],
    });
    const { summary, events } = await runWithExtensions(profile);
    const s = summary.sink;
    const d = summary.delivery?.[0];
    t.diagnostic(`sink ${JSON.stringify(s)}; delivery ${JSON.stringify(d)}; ${messagesOf(events, 'consumer-crash').join(' | ')}`);
    assert.ok(s && d);
    assert.equal(messagesOf(events, 'consumer-crash').length, 1);
    assert.ok(d.duplicated > 0, `the crash redelivered (duplicated ${d.duplicated})`);
    assert.equal(d.lost, 0);
    assert.equal(s.errors, 0);
    assert.ok(s.duplicates > 0, 'redeliveries became updates of existing rows');
    assert.equal(s.rows, d.unique, 'one row per unique message despite the redeliveries');
    assert.equal(s.rows, summary.produce.acked);
  } finally {
    await dropQuietly(type, table);
  }
});
