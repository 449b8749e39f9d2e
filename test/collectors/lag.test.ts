/**
 * Lag of a real consumer group on the test Kafka: pausing consumption while producing makes
 * the lag and the time lag rise; resuming brings both back to 0.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LagCollector } from '../../src/collectors/kafka/lag.js';
import { lagTargets } from '../../src/collectors/index.js';
import type { SampleReading } from '../../src/collectors/types.js';
import type { Profile } from '../../src/profile/schema.js';
import { TestKafka } from '../helpers/broker.js';

const kafka = new TestKafka();
after(() => kafka.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupTotal(samples: SampleReading[], group: string) {
  return samples.find((s) => s.labels?.['group'] === group && s.labels['partition'] === undefined)?.values;
}

/** Sends `partitions × perPartition` keyed messages (spread over the partitions) and waits for their acks. */
async function send(topic: string, partitions: number, perPartition: number): Promise<void> {
  await kafka.produce(topic, partitions * perPartition, { keyed: true });
}

async function until<T>(what: string, timeoutMs: number, f: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null = null;
  while (Date.now() < deadline) {
    last = await f();
    if (last !== null) return last;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('lag rises while the consumer is paused and falls to 0 after resuming; time lag follows', async () => {
  const topic = await kafka.topic('collectors-lag', 2);
  const group = kafka.group('collectors-lag');
  const idle = kafka.group('collectors-lag-idle'); // never consumes: external, left out
  let received = 0;
  const consumer = await kafka.driver.createConsumer({
    groupId: group,
    consumerId: 'c0',
    topic,
    commit: 'after-process',
    onBatch: async (b) => {
      received += b.messages.length;
    },
  });
  const lag = new LagCollector(kafka.driver.offsets!, [
    { groupId: group, topic },
    { groupId: idle, topic, external: true },
  ]);
  try {
    await consumer.start();
    assert.deepEqual(await lag.start(), { available: true });
    await send(topic, 2, 50);
    // Caught up: every message consumed and committed.
    await until('lag 0 after the first messages', 20_000, async () => {
      const t = groupTotal(await lag.sample(), group);
      return t && t['lag_messages'] === 0 ? t : null;
    });
    assert.ok(received >= 100, `consumed ${received}`);

    consumer.pause();
    await sleep(300);
    const lags: number[] = [];
    const timeLags: number[] = [];
    let samples: SampleReading[] = [];
    for (let i = 0; i < 4; i++) {
      await send(topic, 2, 25);
      await sleep(600);
      samples = await lag.sample();
      const t = groupTotal(samples, group)!;
      lags.push(t['lag_messages']!);
      if (t['time_lag_seconds'] !== undefined) timeLags.push(t['time_lag_seconds']);
    }
    assert.ok(lags.every((l, i) => i === 0 || l > lags[i - 1]!), `lag rises while paused: ${lags.join(', ')}`);
    assert.ok(lags[lags.length - 1]! >= 150, `lag ${lags[lags.length - 1]}`);
    assert.ok(timeLags.length >= 3, 'time lag known once the table has points');
    assert.ok(timeLags[timeLags.length - 1]! > timeLags[0]!, `time lag rises: ${timeLags.join(', ')}`);
    assert.ok(timeLags[timeLags.length - 1]! >= 1.5, `time lag ≈ pause length: ${timeLags[timeLags.length - 1]}`);

    const parts = samples.filter((s) => s.labels?.['group'] === group && s.labels['partition'] !== undefined);
    assert.equal(parts.length, 2);
    for (const p of parts) {
      assert.equal(p.values['lag_messages'], p.values['log_end_offset']! - p.values['committed_offset']!);
      assert.ok(p.values['lag_messages']! > 0);
    }
    assert.equal(samples.filter((s) => s.labels?.['group'] === idle).length, 0, 'an external group without commits is left out');

    consumer.resume();
    const caughtUp = await until('lag back to 0', 30_000, async () => {
      const t = groupTotal(await lag.sample(), group);
      return t && t['lag_messages'] === 0 ? t : null;
    });
    assert.equal(caughtUp['time_lag_seconds'], 0);
    assert.ok(received >= 300, `consumed ${received}`);
  } finally {
    await consumer.close();
  }
});

test('lag targets: run groups plus lagGroups on every run topic, without duplicates', () => {
  const profile = { collect: { lagGroups: ['ext', 'g1'] } } as unknown as Profile;
  assert.deepEqual(lagTargets({ profile, groups: [{ groupId: 'g1', topic: 't1' }], topics: ['t1', 't2'] }), [
    { groupId: 'g1', topic: 't1' },
    { groupId: 'ext', topic: 't1', external: true },
    { groupId: 'ext', topic: 't2', external: true },
    { groupId: 'g1', topic: 't2', external: true },
  ]);
});

test('a lag collector with no groups is unavailable', async () => {
  const st = await new LagCollector(kafka.driver.offsets!, []).start();
  assert.deepEqual(st, { available: false, reason: 'no consumer groups to watch' });
});
