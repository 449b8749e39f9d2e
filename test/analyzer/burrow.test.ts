/** Burrow-style partition and group evaluation on exact offset sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePartition, groupStatus, mergeObservations, worstPartition, type OffsetObservation } from '../../src/analyzer/burrow.js';

const opts = { allowedLag: 0, intervals: 10 };
/** Observations at t = 1, 2, … from parallel offset and lag lists. */
const obs = (offsets: number[], lags: number[]): OffsetObservation[] => offsets.map((offset, i) => ({ t: i + 1, offset, lag: lags[i]! }));

test('OK when the latest lag is within allowed lag', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30], [5, 5, 0]), opts), 'OK');
  assert.equal(evaluatePartition(obs([10, 20, 30], [5, 5, 3]), { ...opts, allowedLag: 3 }), 'OK');
});

test('WARN when offsets advance but lag never decreases', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30, 40, 50], [5, 6, 6, 8, 9]), opts), 'WARN');
});

test('OK when lag decreases somewhere while offsets advance', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30, 40, 50], [5, 6, 4, 8, 9]), opts), 'OK');
});

test('OK (not WARN) when lag was at zero in one commit', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30, 40, 50], [0, 6, 7, 8, 9]), opts), 'OK');
});

test('STALL when the consumer is active but offsets never move', () => {
  assert.equal(evaluatePartition(obs([10, 10, 10, 10], [5, 6, 7, 8]), { ...opts, consumerActive: true }), 'STALL');
});

test('STOP when offsets never moved and the consumer is not known to be active', () => {
  assert.equal(evaluatePartition(obs([10, 10, 10, 10], [5, 6, 7, 8]), opts), 'STOP');
  assert.equal(evaluatePartition(obs([10, 10, 10, 10], [5, 6, 7, 8]), { ...opts, consumerActive: false }), 'STOP');
});

test('STOP when the offset stopped advancing for longer than it advanced', () => {
  // advanced at t=1..3, frozen t=4..8: now − last advance (5) > last advance − first (2)
  assert.equal(evaluatePartition(obs([10, 20, 30, 30, 30, 30, 30, 30], [1, 2, 3, 4, 5, 6, 7, 8]), opts), 'STOP');
  // frozen only briefly: not a STOP (lag grows, offsets move: WARN)
  assert.equal(evaluatePartition(obs([10, 20, 30, 40, 50, 60, 60], [1, 2, 3, 4, 5, 6, 7]), opts), 'WARN');
});

test('an explicit now later than the last observation can turn a partition into STOP', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30], [1, 2, 3]), { ...opts, now: 3 }), 'WARN');
  assert.equal(evaluatePartition(obs([10, 20, 30], [1, 2, 3]), { ...opts, now: 10 }), 'STOP');
});

test('REWIND when an offset decreased and has not recovered', () => {
  assert.equal(evaluatePartition(obs([10, 20, 30, 15, 18], [1, 2, 1, 20, 25]), opts), 'REWIND');
  assert.notEqual(evaluatePartition(obs([10, 20, 30, 15, 35], [1, 2, 1, 20, 25]), opts), 'REWIND');
});

test('null without observations', () => {
  assert.equal(evaluatePartition([], opts), null);
});

test('observations are merged into at most `intervals` commits, keeping the last of each slot', () => {
  const many = Array.from({ length: 100 }, (_, i) => ({ t: i, offset: i * 10, lag: i }));
  const merged = mergeObservations(many, 10);
  assert.equal(merged.length, 10);
  assert.equal(merged[merged.length - 1]!.t, 99);
  assert.ok(merged.every((m, i) => i === 0 || m.t > merged[i - 1]!.t));
  assert.equal(mergeObservations(many.slice(0, 5), 10).length, 5);
});

test('group status is the worst partition; STOP, STALL and REWIND are ERR', () => {
  assert.equal(groupStatus([]), 'OK');
  assert.equal(groupStatus(['OK', 'OK']), 'OK');
  assert.equal(groupStatus(['OK', 'WARN']), 'WARN');
  assert.equal(groupStatus(['WARN', 'STALL']), 'ERR');
  assert.equal(groupStatus(['OK', 'REWIND']), 'ERR');
  assert.equal(groupStatus(['STOP']), 'ERR');
  assert.equal(worstPartition(['STALL', 'STOP', 'WARN']), 'STOP');
});
