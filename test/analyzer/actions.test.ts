/** The actions of recommendations: consumers (and Kafka partitions) to the number needed; a larger window only when the round trip, not the handler, holds consumers back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consumerActions, describeAction, windowActions } from '../../src/analyzer/actions.js';

test('consumers to the number needed, partitions too once the group would outnumber them', () => {
  assert.deepEqual(consumerActions({ consumers: 2, needed: 6, topic: 't', partitions: 4 }, 'why'), [
    { target: 'profile', path: 'consumers.perGroup', from: 2, to: 6, why: 'why' },
    { target: 'topic', name: 't', setting: 'partitions', from: 4, to: 6, why: 'a consumer group uses at most one consumer per partition' },
  ]);
  assert.equal(consumerActions({ consumers: 2, needed: 3, topic: 't', partitions: 4 }, 'why').length, 1, 'within the partitions');
  assert.deepEqual(consumerActions({ consumers: 6, needed: 4, topic: 't', partitions: 4 }, 'why'), [], 'enough consumers already');
  assert.deepEqual(consumerActions({ consumers: 2, needed: null, topic: null, partitions: null }, 'why'), [], 'not computed: advice only');
});

test('a larger window when the round trip holds consumers back, else more consumers', () => {
  assert.deepEqual(windowActions({ processingBound: false, window: 10, suggestedWindow: 40, consumers: 2, needed: 4 }, 'w'), [{ target: 'profile', path: 'driver.config.prefetch', from: 10, to: 40, why: 'w' }]);
  assert.deepEqual(windowActions({ processingBound: true, window: 10, suggestedWindow: 40, consumers: 2, needed: 4 }, 'w'), [{ target: 'profile', path: 'consumers.perGroup', from: 2, to: 4, why: 'w' }]);
  assert.equal(windowActions({ processingBound: false, window: 500, suggestedWindow: 40, consumers: 2, needed: 4 }, 'w')[0]?.target, 'profile');
  assert.equal(describeAction({ target: 'topic', name: 'orders', setting: 'partitions', from: null, to: 8, why: '' }), 'topic `orders` partitions unset → 8');
});
