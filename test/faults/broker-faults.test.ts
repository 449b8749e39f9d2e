/**
 * Broker faults against the shared local Kafka (`mqload local up`), run serially: one-way sends
 * through a broker kill lose messages and verification counts them; a broker pause blocks the
 * producers for about the pause. The producers' outage window is in the summary. Each test waits
 * until the broker answers again. (A restart with an idempotent acks=all producer, for every
 * client and broker, is the conformance suite's: test/drivers/conformance.test.ts.)
 *
 * Consumers commit `before-process` here so a commit interrupted by the broker going away never
 * redelivers (that would be consumer-side duplication, not what these tests are about), and use a
 * short session timeout so the group settles quickly after the broker is back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testBrokers, uniqueName } from '../helpers/broker.js';
import { messagesOf, profileOf, runWithExtensions, waitForLocalBroker } from '../verify/run-helpers.js';
import { createDriver } from '../../src/drivers/index.js';

const FAST_GROUPS = { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 };

test('one-way sends through a broker kill: the loss is counted and reported', { timeout: 150_000 }, async (t) => {
  await waitForLocalBroker();
  const topic = uniqueName('it-kill');
  const driver = createDriver({ type: 'kafka', brokers: testBrokers() }, { clientId: 'mqload-test-kill' });
  try {
    const profile = profileOf({
      name: 'it-kill-oneway',
      driver: { type: 'kafka', brokers: testBrokers(), config: FAST_GROUPS },
      topics: [{ name: topic, partitions: 3, replicationFactor: 1, deleteAfterRun: false }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 2, mode: 'oneway', maxInFlight: 1000, batch: { maxRecords: 50, lingerMs: 5 } },
      consumers: { groups: 1, perGroup: 1, commit: 'before-process' },
      load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 1000, duration: '12s' }] },
      // Long enough for the broker to recover from the crash and the consumer to catch up, so
      // `lost` counts messages that never made it, not ones still waiting in the log.
      verify: { graceMs: 30_000 },
      thresholds: { lost_messages: ['count==0'] },
      faults: [{ at: '3s', action: 'broker-kill', downFor: '1s' }],
    });
    const { summary, events } = await runWithExtensions(profile);
    await waitForLocalBroker();
    const inLog = (await driver.offsets!.topicOffsets(topic)).reduce((n, o) => n + Number(o.high - o.low), 0);
    const f = summary.faults?.[0];
    assert.ok(f && f.action === 'broker-kill');
    assert.equal(f.error, undefined, `kill/start failed: ${f.error}`);
    assert.ok(f.outageStartSec !== null, 'producers saw the outage');
    assert.ok(f.errorsDuring > 0, 'sends failed during it');
    const d = summary.delivery?.[0];
    t.diagnostic(`delivery ${JSON.stringify(d)}; in the log: ${inLog}; faults ${JSON.stringify(summary.faults)}`);
    assert.ok(d);
    assert.equal(d.acked, 0, 'one-way sends are never acknowledged');
    assert.ok(d.unknown !== undefined && d.unknown > 0, 'handed-off one-way sends are reported as fate unknown');
    assert.equal(d.unique, inLog, 'the consumer received everything the broker kept');
    assert.equal(d.lost + d.lostUnacked, d.sent - d.unique, 'every issued message not received is counted, as lost or never sent');
    assert.ok(d.lost + d.lostUnacked > 0, 'the loss is not zero');
    const lostThreshold = summary.thresholds.find((x) => x.metric === 'lost_messages');
    assert.ok(lostThreshold && lostThreshold.actual === d.lost, 'the lost_messages threshold sees the loss');
    assert.ok(messagesOf(events, 'note').some((m) => /^delivery .*lost/.test(m)), 'the loss is in the events log');
  } finally {
    await waitForLocalBroker();
    await driver.deleteTopics([topic]);
    await driver.close();
  }
});

test('broker pause: producers are blocked for about the pause, then recover; nothing is lost', { timeout: 90_000 }, async (t) => {
  await waitForLocalBroker();
  try {
    const profile = profileOf({
      name: 'it-pause',
      driver: { type: 'kafka', brokers: testBrokers() },
      topics: [{ name: uniqueName('it-pause'), partitions: 2, replicationFactor: 1, deleteAfterRun: true }],
      message: { size: 100, keys: 'round-robin' },
      producers: { count: 1, mode: 'async', acks: 'all', maxInFlight: 2000, batch: { maxRecords: 20, lingerMs: 5 } },
      consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
      load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '9s' }] },
      verify: { graceMs: 10_000 },
      faults: [{ at: '2s', action: 'broker-pause', duration: '3s' }],
    });
    const { summary } = await runWithExtensions(profile);
    const f = summary.faults?.[0];
    assert.ok(f && f.action === 'broker-pause' && f.error === undefined, `pause failed: ${f?.error}`);
    assert.ok(f.endSec !== null && f.endSec - f.at >= 2.9, `resumed after ${f.endSec! - f.at} s`);
    assert.ok(f.outageStartSec !== null && f.outageEndSec !== null, 'producers saw a blocked window and its end');
    assert.ok(f.outageSec! >= 2, `blocked for ${f.outageSec} s (pause 3 s)`);
    assert.ok(f.outageEndSec! >= f.endSec! - 0.5, 'the first acknowledgement came after the resume');
    assert.equal(f.errorsDuring, 0, 'a short pause only delays sends');
    const d = summary.delivery?.[0];
    t.diagnostic(`delivery ${JSON.stringify(d)}; faults ${JSON.stringify(summary.faults)}; sink ${JSON.stringify(summary.sink ?? null)}`);
    assert.ok(d);
    assert.equal(d.lost, 0);
    assert.equal(d.unique, d.acked);
  } finally {
    await waitForLocalBroker();
  }
});
