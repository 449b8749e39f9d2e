/**
 * The Kafka driver's topic preparation against the real local broker: a topic that exists with
 * fewer partitions than asked for is grown to them (what `mqload tune` relies on when it raises
 * a topic's partitions), and one with more is left alone (Kafka cannot remove partitions).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { TestKafka } from '../helpers/broker.js';

const kafka = new TestKafka();
after(() => kafka.cleanup());

test('kafka ensureTopics grows an existing topic to the partitions asked for, and never shrinks it', { timeout: 60_000 }, async () => {
  const name = await kafka.topic('mqload-grow', 2);
  const count = () => kafka.driver.offsets!.partitionCount(name);
  assert.equal(await count(), 2);
  await kafka.driver.ensureTopics([{ name, partitions: 5, replicationFactor: 1 }]);
  assert.equal(await count(), 5, 'grown to 5');
  await kafka.driver.ensureTopics([{ name, partitions: 3, replicationFactor: 1 }]);
  assert.equal(await count(), 5, 'asking for fewer leaves it at 5');
});
