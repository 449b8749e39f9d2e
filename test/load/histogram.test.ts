import { test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import assert from 'node:assert/strict';
import { createHistogram, recordMs, encodeHistogram, decodeHistogram, mergeEncoded, latencyStats, percentileMs, forEachRecorded, histogramMean, HIGHEST_TRACKABLE_US, createRecordingHistogram, recordingFallbackReason } from '../../src/metrics/histogram.js';

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

/** What the library's recorded-values iterator yields: [lowest equivalent value, range size, count] per slot. */
function iterated(histogram: ReturnType<typeof createHistogram>): Array<[number, number, number]> {
  const h = histogram as hdr.JsHistogram;
  const out: Array<[number, number, number]> = [];
  const it = h.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    if (v.countAddedInThisIterationStep === 0) continue;
    out.push([h.lowestEquivalentValue(v.valueIteratedTo), h.sizeOfEquivalentValueRange(v.valueIteratedTo), v.countAddedInThisIterationStep]);
  }
  return out;
}

test('forEachRecorded and histogramMean match the library iterator and mean exactly', () => {
  const r = rng(11);
  const cases: Array<[string, (h: ReturnType<typeof createHistogram>) => void]> = [
    ['empty', () => undefined],
    ['bucket 0 only (< 2048 µs)', (h) => { for (let i = 0; i < 3000; i++) h.recordValue(1 + Math.floor(r() * 2047)); }],
    ['log-normal latencies', (h) => { for (let i = 0; i < 5000; i++) recordMs(h, Math.exp(Math.log(20) + 2 * (r() + r() + r() - 1.5))); }],
    ['extremes', (h) => { h.recordValue(1); h.recordValue(2047); h.recordValue(2048); h.recordValueWithCount(HIGHEST_TRACKABLE_US, 3); }],
    ['bucket edges', (h) => { for (let b = 11; b < 29; b++) { h.recordValue(2 ** b - 1); h.recordValue(2 ** b); h.recordValue(2 ** b + 1); } }],
  ];
  for (const [name, fill] of cases) {
    const h = createHistogram();
    fill(h);
    const walked: Array<[number, number, number]> = [];
    forEachRecorded(h, (lowest, size, count) => walked.push([lowest, size, count]));
    assert.deepEqual(walked, iterated(h), name);
    assert.equal(histogramMean(h), h.mean, name);
  }
  // After a subtraction (the cumulative histogram minus warm-up), too.
  const all = createHistogram();
  const warm = createHistogram();
  for (let i = 0; i < 2000; i++) {
    const us = 1 + Math.floor(r() * 1e6);
    all.recordValue(us);
    if (i % 3 === 0) warm.recordValue(us);
  }
  all.subtract(warm);
  assert.equal(histogramMean(all), all.mean, 'after subtract');
  const walked: Array<[number, number, number]> = [];
  forEachRecorded(all, (lowest, size, count) => walked.push([lowest, size, count]));
  assert.deepEqual(walked, iterated(all), 'after subtract');
});

test('a recording histogram (WebAssembly) encodes to the same counts as a JS one, and resets', () => {
  const r = rng(5);
  const rec = createRecordingHistogram();
  assert.equal(recordingFallbackReason(), null, 'WebAssembly is available in Node');
  assert.ok(rec instanceof hdr.WasmHistogram, rec.constructor.name);
  for (let round = 0; round < 2; round++) {
    const js = createHistogram();
    for (let i = 0; i < 3000; i++) {
      const ms = i % 100 === 0 ? 1e9 : Math.exp(Math.log(5) + 2 * (r() + r() - 1));
      recordMs(rec, ms);
      recordMs(js, ms);
    }
    recordMs(rec, 3, 7);
    recordMs(js, 3, 7);
    // What the coordinator sees: the decoded shipment of either.
    const back = decodeHistogram(encodeHistogram(rec)!);
    const jsBack = decodeHistogram(encodeHistogram(js)!);
    assert.deepEqual(latencyStats(back), latencyStats(jsBack), `round ${round}`);
    const a: number[][] = [];
    const b: number[][] = [];
    forEachRecorded(back, (lowest, size, count) => a.push([lowest, size, count]));
    forEachRecorded(jsBack, (lowest, size, count) => b.push([lowest, size, count]));
    assert.deepEqual(a, b, `round ${round}: every slot`);
    rec.reset();
    assert.equal(rec.totalCount, 0);
    assert.equal(encodeHistogram(rec), undefined);
  }
});
