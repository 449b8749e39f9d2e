/**
 * The queue audit against the real local Kafka: consumers far slower than the producers leave a
 * backlog when the run ends; verification reads the backlog back and reports those messages as
 * still queued (`undelivered`, verdict `backlog`) instead of lost. The run's group offsets are
 * untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestKafka, testBrokers, uniqueName } from '../helpers/broker.js';
import { messagesOf, profileOf, runWithExtensions, waitForLocalBroker } from './run-helpers.js';
import { groupIdFor } from '../../src/plan/plan.js';

test('a backlog left at the end is read back: still queued, not lost', { timeout: 120_000 }, async (t) => {
  await waitForLocalBroker();
  const kafka = new TestKafka();
  try {
    const topic = kafka.trackTopic(uniqueName('it-backlog'));
    const profile = profileOf({
      name: 'it-backlog',
      driver: { type: 'kafka', brokers: testBrokers() },
      topics: [{ name: topic, partitions: 2, replicationFactor: 1 }],
      message: { size: 100, keys: 'round-robin' },
      producers: { count: 1, mode: 'async', acks: 'all' },
      // About 20 msg/s for the group against 400 msg/s produced: most of the run stays queued,
      // even though the consumer keeps reading while the backlog is read back.
      consumers: { groups: 1, perGroup: 1, commit: 'after-process', processing: { delayMs: 50 } },
      load: { warmup: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 400, duration: '4s' }] },
      verify: { graceMs: 1000 },
    });
    const { summary, events } = await runWithExtensions(profile, 1);
    kafka.trackGroup(groupIdFor(summary.runId, 0));
    const d = summary.delivery?.[0];
    t.diagnostic(`delivery ${JSON.stringify(d)}`);
    t.diagnostic(messagesOf(events, 'note').filter((m) => /backlog/.test(m)).join(' | '));
    assert.ok(d);
    assert.equal(d.acked, 1600);
    assert.equal(d.lost, 0, 'nothing the broker acknowledged is lost');
    assert.ok((d.undelivered ?? 0) >= 400, `undelivered ${d.undelivered}: the slow consumer left a backlog`);
    assert.equal(d.unique + d.undelivered!, d.acked, 'every acknowledged message was received or is still queued');
    assert.equal(d.verdict, 'backlog');
    assert.ok(messagesOf(events, 'note').some((m) => /read the group's backlog/.test(m)), 'the audit is in the events');
    // The audit read through a throwaway group: the run's own group keeps its offsets.
    const committed = await kafka.driver.offsets!.groupOffsets(groupIdFor(summary.runId, 0), topic);
    const total = committed.reduce((n, c) => n + Number(c.committed), 0);
    assert.ok(total <= d.unique && total >= d.unique - 500, `the run group's committed offsets (${total}) are where its consumer left them (${d.unique} received)`);
  } finally {
    await kafka.cleanup();
  }
});
