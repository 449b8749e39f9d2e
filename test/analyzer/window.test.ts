/** Window trimming and the shared "sustained" test. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trimWindow } from '../../src/analyzer/window.js';
import { sustained, enoughReadings } from '../../src/analyzer/sustained.js';
import { syntheticRecord } from '../helpers/synthetic-record.js';
import type { RunPhaseKind, TimelineEntry } from '../../src/record/format.js';

function entry(t: number, phase: RunPhaseKind): TimelineEntry {
  return {
    t,
    ts: t * 1000,
    phase,
    phaseIndex: phase === 'load' ? 0 : -1,
    targetRate: 100,
    intervalSec: 1,
    produce: { sent: 0, acked: 0, failed: 0, dropped: 0, bytes: 0, requests: 0 },
    consume: { received: 0, bytes: 0, foreign: 0 },
    inFlight: 0,
    latencyMs: { publish: null, publishDelay: null, e2e: null },
    hist: {},
  };
}

test('drops warm-up, cool-down and drain, and the first and last load interval', () => {
  const timeline = [entry(1, 'warmup'), entry(2, 'warmup'), ...[3, 4, 5, 6, 7, 8].map((t) => entry(t, 'load')), entry(9, 'cooldown'), entry(10, 'drain')];
  const w = trimWindow(timeline, [], []);
  assert.deepEqual(w.timeline.map((e) => e.t), [4, 5, 6, 7]);
  assert.equal(w.from, 3);
  assert.equal(w.to, 7);
  assert.equal(w.durationSec, 4);
  assert.deepEqual(w.dropped, { edges: 2, otherPhases: 4 });
});

test('cuts samples and events to the window and sorts them', () => {
  const timeline = [1, 2, 3, 4, 5].map((t) => entry(t, 'load'));
  const samples = [5.5, 0.5, 2.5, 1.5, 4].map((t) => ({ t, ts: 0, source: 'host', values: { x: t } }));
  const events = [{ t: 0.2, ts: 0, kind: 'note' as const, message: 'before' }, { t: 3, ts: 0, kind: 'note' as const, message: 'inside' }];
  const w = trimWindow(timeline, samples, events);
  assert.deepEqual(w.samples.map((s) => s.t), [1.5, 2.5, 4]);
  assert.deepEqual(w.events.map((e) => e.message), ['inside']);
});

test('empty window when there are two load intervals or fewer', () => {
  const w = trimWindow([entry(1, 'warmup'), entry(2, 'load'), entry(3, 'load'), entry(4, 'cooldown')], [], []);
  assert.equal(w.timeline.length, 0);
  assert.equal(w.durationSec, 0);
  assert.equal(w.dropped.edges, 2);
});

test('a synthetic record keeps loadSec − 2 intervals', () => {
  const r = syntheticRecord({ loadSec: 30, warmupSec: 5, cooldownSec: 3 });
  const w = trimWindow(r.timeline, r.samples, r.events);
  assert.equal(w.timeline.length, 28);
  assert.ok(w.timeline.every((e) => e.phase === 'load'));
  assert.ok(w.samples.every((s) => s.t >= w.from && s.t <= w.to));
});

test('sustained needs both the share and the consecutive run', () => {
  const hi = (v: number): boolean => v > 0;
  assert.equal(sustained([1, 1, 1, 1, 1, 0, 0, 0], hi).holds, true); // 62.5 %, run 5
  assert.equal(sustained([1, 0, 1, 0, 1, 0, 1, 1, 1, 1], hi).holds, false); // 70 %, run 4
  assert.equal(sustained([1, 1, 1, 1, 1, 0, 0, 0, 0, 0], hi).holds, false); // 50 %, run 5
  const r = sustained([1, 1, 1, 1, 1, 1, 0, 0, 0, 0], hi);
  assert.deepEqual(r, { holds: true, total: 10, matched: 6, share: 0.6, longestRun: 6 });
});

test('sustained treats non-finite readings as gaps that break a run', () => {
  const r = sustained([1, 1, 1, NaN, 1, 1, 1], (v) => v > 0);
  assert.equal(r.total, 6);
  assert.equal(r.longestRun, 3);
  assert.equal(r.holds, false);
  assert.equal(sustained([], (v) => v > 0).holds, false);
  assert.equal(enoughReadings([1, 2, 3, NaN, 4]), false);
  assert.equal(enoughReadings([1, 2, 3, 4, 5]), true);
});

test('sustained options override the table', () => {
  assert.equal(sustained([0, 1, 0], (v) => v > 0, { minShare: 0, minConsecutive: 1 }).holds, true);
});
