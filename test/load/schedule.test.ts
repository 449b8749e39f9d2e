import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivalSchedule, targetRateAt } from '../../src/load/schedule.js';
import type { RateSegment } from '../../src/plan/types.js';

/** Takes every intended time the schedule yields (throttled segments only). */
function drain(s: ArrivalSchedule, endMs: number): number[] {
  const out: number[] = [];
  for (;;) {
    const n = s.peek(endMs);
    if (n.kind !== 'at') break;
    out.push(n.tMs);
    s.take();
  }
  return out;
}

const seg = (startMs: number, endMs: number, fromRate: number | null, toRate: number | null, kind: RateSegment['kind'] = 'load'): RateSegment => ({
  startMs,
  endMs,
  fromRate,
  toRate,
  kind,
  phaseIndex: kind === 'load' ? 0 : -1,
});

test('constant rate: evenly spaced intended times, exact count', () => {
  const times = drain(new ArrivalSchedule([seg(0, 10_000, 1000, 1000)], 0.5), 10_000);
  assert.equal(times.length, 5000);
  assert.ok(Math.abs(times[0]! - 2) < 1e-9, `first at 2 ms, got ${times[0]}`);
  for (let i = 1; i < times.length; i++) assert.ok(Math.abs(times[i]! - times[i - 1]! - 2) < 1e-6);
});

test('linear ramp: count equals the integral and spacing shrinks', () => {
  const times = drain(new ArrivalSchedule([seg(0, 10_000, 0, 1000)], 1), 10_000);
  assert.equal(times.length, 5000); // ∫ 0→1000 over 10 s = 5000
  const firstGap = times[1]! - times[0]!;
  const lastGap = times[times.length - 1]! - times[times.length - 2]!;
  assert.ok(firstGap > lastGap * 10, `gaps should shrink along the ramp (${firstGap} vs ${lastGap})`);
  // Half the messages by the time the cumulative count reaches half: t = 10 s / √2.
  assert.ok(Math.abs(times[2499]! - 10_000 / Math.SQRT2) < 5);
});

test('segments chain: warm-up, load, zero-rate cool-down', () => {
  const s = new ArrivalSchedule([seg(0, 2000, 100, 100, 'warmup'), seg(2000, 4000, 500, 500), seg(4000, 6000, 0, 0, 'cooldown')], 1);
  const times = drain(s, 6000);
  assert.equal(times.length, 200 + 1000);
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), 'monotonic');
  assert.ok(times.filter((t) => t <= 2000).length === 200);
  assert.equal(s.peek(6000).kind, 'done');
});

test('unthrottled segment reports max-throughput until its end', () => {
  const s = new ArrivalSchedule([seg(0, 1000, null, null)], 1);
  const n = s.peek(10);
  assert.equal(n.kind, 'unthrottled');
  assert.equal(n.kind === 'unthrottled' ? n.untilMs : -1, 1000);
  assert.equal(s.peek(1000).kind, 'done');
});

test('future messages are not yielded early', () => {
  const s = new ArrivalSchedule([seg(0, 10_000, 10, 10)], 1);
  const n = s.peek(0);
  assert.equal(n.kind, 'at');
  assert.equal(n.kind === 'at' ? n.tMs : -1, 100);
});

test('targetRateAt interpolates ramps and returns null when unthrottled', () => {
  const segs = [seg(0, 1000, 0, 100), seg(1000, 2000, null, null)];
  assert.equal(targetRateAt(segs, 500), 50);
  assert.equal(targetRateAt(segs, 1500), null);
  assert.equal(targetRateAt(segs, 5000), 0);
});
