import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationSpec, formatDuration, isDuration, parseDurationMs } from '../src/profile/duration.js';
import { UsageError } from '../src/errors.js';

test('parseDurationMs reads each unit and plain seconds', () => {
  assert.equal(parseDurationMs('500ms'), 500);
  assert.equal(parseDurationMs('30s'), 30_000);
  assert.equal(parseDurationMs('5m'), 300_000);
  assert.equal(parseDurationMs('1h'), 3_600_000);
  assert.equal(parseDurationMs('1.5s'), 1500);
  assert.equal(parseDurationMs('0.25m'), 15_000);
  assert.equal(parseDurationMs(0), 0);
  assert.equal(parseDurationMs(2.5), 2500);
  assert.equal(parseDurationMs('0s'), 0);
});

test('parseDurationMs rejects what the schema rejects, with a hint', () => {
  for (const bad of ['10 sec', '1m30s', '', 's', '-1s', '5', '5d', '1.s']) {
    assert.throws(() => parseDurationMs(bad), (err: unknown) => err instanceof UsageError && err.hint.includes('30s'), bad);
    assert.equal(isDuration(bad), false, bad);
  }
  assert.throws(() => parseDurationMs(-1), UsageError);
  assert.throws(() => parseDurationMs(Number.NaN), UsageError);
  assert.throws(() => parseDurationMs(Number.POSITIVE_INFINITY), UsageError);
  assert.equal(isDuration('30s'), true);
  assert.equal(isDuration(30), true);
  assert.equal(isDuration(null), false);
});

test('formatDuration is short and human', () => {
  assert.equal(formatDuration(0), '0ms');
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(1500), '1.5s');
  assert.equal(formatDuration(30_000), '30s');
  assert.equal(formatDuration(59_990), '1m');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(3_900_000), '1h5m');
  assert.equal(formatDuration(3_661_000), '1h1m1s');
  assert.equal(formatDuration(-2000), '-2s');
});

test('durationSpec round-trips through parseDurationMs', () => {
  for (const ms of [0, 1, 999, 1000, 1500, 60_000, 90_000, 3_600_000, 5_400_000, 123_456]) {
    assert.equal(parseDurationMs(durationSpec(ms)), ms, String(ms));
  }
  assert.equal(durationSpec(90_000), '90s');
  assert.equal(durationSpec(120_000), '2m');
});
