import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, recordMs, encodeHistogram, decodeHistogram, mergeEncoded, latencyStats, percentileMs } from '../../src/metrics/histogram.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('merged interval histograms give the percentiles of all values together, not averages of percentiles', () => {
  const r = rng(7);
  // Worker A: fast (~1 ms), worker B: slow tail (~200 ms) — averaging p99s would be badly wrong.
  const a = createHistogram();
  const b = createHistogram();
  const all: number[] = [];
  for (let i = 0; i < 9000; i++) {
    const v = 0.5 + r();
    recordMs(a, v);
    all.push(v);
  }
  for (let i = 0; i < 1000; i++) {
    const v = 150 + 100 * r();
    recordMs(b, v);
    all.push(v);
  }
  const merged = mergeEncoded([encodeHistogram(a), encodeHistogram(b), undefined]);
  all.sort((x, y) => x - y);
  const exact = (p: number) => all[Math.ceil((p / 100) * all.length) - 1]!;
  for (const p of [50, 90, 95, 99, 99.9]) {
    const got = percentileMs(merged, p);
    assert.ok(Math.abs(got - exact(p)) / exact(p) < 0.01, `p${p}: ${got} vs exact ${exact(p)}`);
  }
  const averaged = (percentileMs(a, 99) + percentileMs(b, 99)) / 2;
  assert.ok(Math.abs(averaged - exact(99)) > 50, 'sanity: averaging percentiles would differ a lot');
  assert.equal(merged.totalCount, 10_000);
});

test('encode/decode round-trips counts and extremes', () => {
  const h = createHistogram();
  recordMs(h, 0.001);
  recordMs(h, 12.5, 10);
  recordMs(h, 59_000);
  const back = decodeHistogram(encodeHistogram(h)!);
  const s = latencyStats(back)!;
  assert.equal(s.count, 12);
  assert.ok(Math.abs(s.max - 59_000) / 59_000 < 0.001, `max ${s.max}`);
  assert.equal(s.min, 0.001);
});

test('values beyond the range are clamped, not dropped; empty histograms encode to undefined', () => {
  const h = createHistogram();
  recordMs(h, 3_600_000); // one hour
  recordMs(h, -5);
  assert.equal(h.totalCount, 2);
  assert.ok(latencyStats(h)!.max >= 590_000);
  assert.equal(encodeHistogram(createHistogram()), undefined);
  assert.equal(latencyStats(createHistogram()), null);
});
