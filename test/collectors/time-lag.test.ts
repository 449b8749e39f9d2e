import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OffsetTimeTable, MAX_POINTS } from '../../src/collectors/kafka/time-lag.js';

test('fewer than two points gives NaN', () => {
  const t = new OffsetTimeTable();
  assert.ok(Number.isNaN(t.lagSeconds(0, 1000)));
  t.add(100, 1000);
  assert.ok(Number.isNaN(t.lagSeconds(50, 2000)));
  assert.ok(Number.isNaN(t.timeOf(50)));
});

test('committed offset at the log end gives zero lag', () => {
  const t = new OffsetTimeTable();
  t.add(100, 1000);
  t.add(200, 2000);
  assert.equal(t.lagSeconds(200, 5000), 0);
  assert.equal(t.lagSeconds(250, 5000), 0);
});

test('interpolates linearly between the bracketing points', () => {
  const t = new OffsetTimeTable();
  t.add(0, 10_000);
  t.add(100, 20_000);
  t.add(300, 30_000);
  // 150 is a quarter of the way from 100 to 300: t = 20 s + 0.25 × 10 s = 22.5 s.
  assert.equal(t.timeOf(150), 22_500);
  assert.equal(t.lagSeconds(150, 31_000), 8.5);
  assert.equal(t.timeOf(100), 20_000);
  assert.equal(t.timeOf(0), 10_000);
});

test('extrapolates below the oldest point along the oldest-newest line', () => {
  const t = new OffsetTimeTable();
  t.add(1000, 10_000);
  t.add(1100, 11_000);
  t.add(1200, 12_000);
  // slope 100 offsets/s: offset 500 was the end 5 s before the oldest point.
  assert.equal(t.timeOf(500), 5_000);
  assert.equal(t.lagSeconds(500, 12_000), 7);
});

test('a flat segment keeps its first and latest time; lag counts from the latest', () => {
  const t = new OffsetTimeTable();
  t.add(100, 1_000);
  t.add(200, 2_000);
  t.add(200, 3_000);
  t.add(200, 4_000);
  t.add(300, 5_000);
  assert.deepEqual(t.snapshot(), [
    { offset: 100, atMs: 1_000 },
    { offset: 200, atMs: 2_000 },
    { offset: 200, atMs: 4_000 },
    { offset: 300, atMs: 5_000 },
  ]);
  // The group was caught up with offset 200 until 4 s (the last time 200 was the end).
  assert.equal(t.timeOf(200), 4_000);
  assert.equal(t.lagSeconds(200, 6_000), 2);
  // Inside the flat segment's span but below it: between 100 @1 s and 200 @2 s.
  assert.equal(t.timeOf(150), 1_500);
});

test('rejects non-monotonic points', () => {
  const t = new OffsetTimeTable();
  assert.equal(t.add(100, 1000), true);
  assert.equal(t.add(90, 2000), false, 'offset went down');
  assert.equal(t.add(110, 500), false, 'time went back');
  assert.equal(t.snapshot().length, 1);
});

test('keeps at most MAX_POINTS points, dropping the oldest', () => {
  const t = new OffsetTimeTable();
  for (let i = 0; i < MAX_POINTS + 10; i++) t.add(i * 10, i * 1000);
  const pts = t.snapshot();
  assert.equal(pts.length, MAX_POINTS);
  assert.deepEqual(pts[0], { offset: 100, atMs: 10_000 });
});

test('a table that is one flat segment cannot place an older offset', () => {
  const t = new OffsetTimeTable();
  t.add(100, 1000);
  t.add(100, 2000);
  assert.ok(Number.isNaN(t.lagSeconds(50, 3000)));
  assert.equal(t.lagSeconds(100, 3000), 0);
});

test('lag is never negative', () => {
  const t = new OffsetTimeTable();
  t.add(0, 10_000);
  t.add(100, 20_000);
  t.add(200, 30_000);
  // Observed before the interpolated time (clock skew between the two admin calls).
  assert.equal(t.lagSeconds(150, 20_000), 0);
});
