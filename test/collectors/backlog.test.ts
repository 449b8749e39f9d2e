/**
 * The neutral backlog collector against the test Kafka (a tiny topic, cleaned up): a group that
 * has not consumed reads as the messages produced since it started; the samples are the lag
 * collector's group totals (same source, labels and names), one per group; the collector
 * table gives Kafka its own lag collector and other kinds the backlog collector.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BacklogCollector } from '../../src/collectors/backlog.js';
import { BROKER_COLLECTORS } from '../../src/collectors/index.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { TestKafka } from '../helpers/broker.js';

const kafka = new TestKafka();
after(() => kafka.cleanup());

test('backlog per group: produced but unconsumed messages, as lag group totals', { timeout: 60_000 }, async () => {
  const topic = await kafka.topic('collectors-backlog', 2);
  const group = kafka.group('collectors-backlog');
  await kafka.driver.prepareGroups([{ groupId: group, topic, startFrom: 'run' }]);
  const backlog = new BacklogCollector(kafka.driver, [{ groupId: group, topic }]);
  assert.deepEqual(await backlog.start(), { available: true });
  const before = await backlog.sample();
  assert.equal(before.length, 1);
  assert.deepEqual(before[0], { source: 'lag', instance: group, labels: { group, topic }, values: { [SAMPLE_NAMES.lag.lagMessages]: 0 } });
  await kafka.produce(topic, 30, { keyed: true });
  const afterSend = await backlog.sample();
  assert.equal(afterSend[0]!.values[SAMPLE_NAMES.lag.lagMessages], 30);
  assert.equal(afterSend[0]!.labels?.['partition'], undefined, 'group totals only');
  await backlog.stop();
});

test('no groups: unavailable with a reason; Kafka keeps its own lag collector', async () => {
  const none = new BacklogCollector(kafka.driver, []);
  assert.equal((await none.start()).available, false);
  const own = BROKER_COLLECTORS.kafka!.lag!(kafka.driver, [{ groupId: 'g', topic: 't' }]);
  assert.equal(own?.[0]?.name, 'lag');
});
