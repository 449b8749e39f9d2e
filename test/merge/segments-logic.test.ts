/**
 * Execution segments without a broker: the split of producers, rate and consumers (every item in
 * exactly one segment, deterministic, shares summing to the whole), the flag parsers, the delivery
 * ledger carried between segments (`toState` / `applyState` give what one ledger of everything
 * gives), and the timeline merge (merged p99 = p99 of the union of the segments' histograms).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegment, shareRange } from '../../src/plan/execution-segment.js';
import { buildPlan } from '../../src/plan/plan.js';
import { profileOf } from '../verify/run-helpers.js';
import { DeliveryLedger } from '../../src/verify/ledger.js';
import { SeqSet, seqSetFromJson, seqSetToJson } from '../../src/verify/seq-set.js';
import { createHistogram, decodeHistogram, encodeHistogram, percentileMs, recordMs } from '../../src/metrics/histogram.js';
import { mergeTimelines } from '../../src/merge/timeline.js';
import type { TimelineEntry } from '../../src/record/format.js';
import { checkSegmentFlags, runIdFlag, startAtFlag } from '../../src/cli/run.js';
import { UsageError } from '../../src/errors.js';

test('shareRange: every item in exactly one segment, blocks differ by at most one, the same every time', () => {
  for (let total = 0; total <= 9; total++) {
    for (let count = 1; count <= 5; count++) {
      const blocks = Array.from({ length: count }, (_, i) => shareRange(total, { index: i + 1, count }));
      assert.equal(blocks[0]!.from, 0);
      assert.equal(blocks[count - 1]!.to, total);
      for (let i = 1; i < count; i++) assert.equal(blocks[i]!.from, blocks[i - 1]!.to, `contiguous ${total}/${count}`);
      const sizes = blocks.map((b) => b.to - b.from);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${total} over ${count}: ${sizes}`);
      assert.deepEqual(blocks, Array.from({ length: count }, (_, i) => shareRange(total, { index: i + 1, count })));
    }
  }
});

test('segment plans: N segments hold every producer and consumer once, with run-wide names, and their rate shares sum to 1', () => {
  const profile = profileOf({
    name: 'seg-plan',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
    topics: [{ name: 't', partitions: 4 }],
    message: { size: 10 },
    producers: { count: 5, mode: 'async' },
    consumers: { groups: 2, perGroup: 3 },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 1000, duration: '10s' }] },
  });
  const whole = buildPlan(profile, { workers: 2, runId: 'r1' });
  for (const count of [1, 2, 3, 4, 7]) {
    const plans = Array.from({ length: count }, (_, i) => buildPlan(profile, { workers: 2, runId: 'r1', segment: { index: i + 1, count } }));
    const producers = plans.flatMap((p) => p.workers.flatMap((w) => w.producers.map((x) => x.producerId)));
    const consumers = plans.flatMap((p) => p.workers.flatMap((w) => w.consumers.map((x) => `${x.groupId}/${x.consumerId}`)));
    assert.deepEqual(producers.sort(), whole.workers.flatMap((w) => w.producers.map((x) => x.producerId)).sort(), `producers over ${count}`);
    assert.deepEqual(consumers.sort(), whole.workers.flatMap((w) => w.consumers.map((x) => `${x.groupId}/${x.consumerId}`)).sort(), `consumers over ${count}`);
    const shares = plans.reduce((s, p) => s + p.execution!.rateShare, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9, `rate shares sum to ${shares}`);
    for (const p of plans) {
      assert.deepEqual(p.groups, whole.groups, 'every segment knows every group');
      assert.ok(p.workers.length >= 1, 'a segment with nothing to do still has a worker');
    }
  }
  // 5 producers over 7 segments: some get none, and their rate share is 0.
  const empty = buildPlan(profile, { workers: 2, runId: 'r1', segment: { index: 1, count: 7 } });
  assert.equal(empty.execution!.rateShare, 0);
  assert.equal(empty.workers.flatMap((w) => w.producers).length, 0);
});

test('segment flags: K/N, run id and start time parsed or refused with exit 2; several segments need --run-id and --start-at', () => {
  assert.deepEqual(parseSegment('2/4'), { index: 2, count: 4 });
  for (const bad of ['0/2', '3/2', '2', 'a/b', '1/0', '1/1001', '-1/2']) assert.throws(() => parseSegment(bad), UsageError, bad);
  assert.equal(runIdFlag('load-1.a_b'), 'load-1.a_b');
  for (const bad of ['', '-x', 'a b', 'x/y', 'a'.repeat(65)]) assert.throws(() => runIdFlag(bad), UsageError, bad);
  assert.equal(startAtFlag('2026-12-03T18:00:00Z'), Date.UTC(2026, 11, 3, 18));
  assert.equal(startAtFlag('2026-12-03T19:00:00.500+01:00'), Date.UTC(2026, 11, 3, 18, 0, 0, 500));
  for (const bad of ['tomorrow', '2026-12-03', '2026-12-03T18:00:00', '2026-13-03T18:00:00Z']) assert.throws(() => startAtFlag(bad), UsageError, bad);
  assert.doesNotThrow(() => checkSegmentFlags({ segment: { index: 1, count: 1 } }));
  assert.throws(() => checkSegmentFlags({ segment: { index: 1, count: 2 }, runId: 'x' }), /needs --start-at/);
  assert.throws(() => checkSegmentFlags({ segment: { index: 1, count: 2 }, startAt: 1 }), /needs --run-id/);
  assert.doesNotThrow(() => checkSegmentFlags({ segment: { index: 2, count: 2 }, startAt: 1, runId: 'x' }));
});

const wire = (seqs: number[]) => {
  const s = new SeqSet();
  for (const n of seqs) s.add(n);
  return s.toWire();
};
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('SeqSet JSON: a set survives the file form, sparse and dense chunks alike', () => {
  const s = new SeqSet();
  for (const n of [...range(0, 5000), ...range(7000, 7003), 100_000, 250_001]) s.add(n);
  const back = seqSetFromJson(JSON.parse(JSON.stringify(seqSetToJson(s))));
  assert.equal(back.size, s.size);
  for (const n of [0, 4999, 7001, 100_000, 250_001]) assert.ok(back.has(n), String(n));
  for (const n of [5000, 6999, 7003, 99_999]) assert.ok(!back.has(n), String(n));
});

test('delivery across segments: two segment ledgers merged give what one ledger of everything gives', () => {
  // p0 in segment 1, p1 in segment 2; group g consumed in both: each segment receives some of each producer.
  const one = new DeliveryLedger(false, true);
  const two = new DeliveryLedger(false, true);
  const all = new DeliveryLedger(false, true);
  const d1 = {
    produced: [{ producerId: 'p0', issued: 100, acked: wire(range(0, 100)), failed: wire([]) }],
    received: [
      { group: 'g', producerId: 'p0', deliveries: 50, duplicates: 0, seqs: wire(range(0, 50)), late: [] },
      { group: 'g', producerId: 'p1', deliveries: 41, duplicates: 0, seqs: wire(range(0, 41)), late: [] },
    ],
  };
  const d2 = {
    produced: [{ producerId: 'p1', issued: 80, acked: wire(range(0, 78)), failed: wire([78, 79]) }],
    received: [
      { group: 'g', producerId: 'p0', deliveries: 51, duplicates: 0, seqs: wire(range(49, 99)), late: [] }, // 49 twice, 99 never
      { group: 'g', producerId: 'p1', deliveries: 37, duplicates: 0, seqs: wire(range(41, 78)), late: [] },
    ],
  };
  one.apply(structuredClone(d1));
  two.apply(structuredClone(d2));
  all.apply(structuredClone(d1));
  all.apply(structuredClone(d2));
  const merged = new DeliveryLedger(false, true);
  for (const l of [one, two]) merged.applyState(JSON.parse(JSON.stringify(l.toState({ complete: true, backlog: {} }))));
  const expected = all.results(['g'], true);
  assert.deepEqual(merged.results(['g'], true), expected);
  assert.equal(expected[0]!.lost, 1, 'p0 #99 acknowledged in segment 1, received by no segment');
  assert.equal(expected[0]!.duplicated, 1, 'p0 #49 received in both segments');
  assert.equal(expected[0]!.acked, 178);
  // Each segment alone would report the other's messages lost: that is why a segment does not judge.
  assert.ok(one.results(['g'], true)[0]!.lost > 0);
});

/** A timeline entry whose publish histogram holds `values` (ms). */
function entry(t: number, values: number[], phase: TimelineEntry['phase'] = 'load'): TimelineEntry {
  const h = createHistogram();
  for (const v of values) recordMs(h, v);
  return {
    t,
    ts: 0,
    phase,
    phaseIndex: 0,
    targetRate: 100,
    intervalSec: 1,
    produce: { sent: values.length, acked: values.length, failed: 0, dropped: 0, bytes: values.length * 10, requests: 1 },
    consume: { received: values.length, bytes: values.length * 10, foreign: 0 },
    inFlight: 1,
    latencyMs: { publish: null, publishDelay: null, e2e: null },
    hist: { publish: encodeHistogram(h) },
  };
}

test('timeline merge: intervals joined by wall clock, counters summed, p99 from the merged histograms (never averaged)', () => {
  const t0 = 1_800_000_000_000;
  const a = [entry(1, [1, 2, 3, 4]), entry(2, [5, 6, 7, 200])];
  // Segment b started 1 s later: its t = 1 is the merged t = 2.
  const b = [entry(1, [10, 11, 12]), entry(2, [300, 400])];
  const merged = mergeTimelines([{ t0, entries: a }, { t0: t0 + 1000, entries: b }], t0, 1000);
  assert.deepEqual(merged.map((m) => m.entry.t), [1, 2, 3]);
  assert.deepEqual(merged.map((m) => m.entry.produce.sent), [4, 7, 2]);
  assert.deepEqual(merged.map((m) => m.entry.targetRate), [100, 200, 100]);
  assert.equal(merged[1]!.entry.inFlight, 2);
  const union = createHistogram();
  for (const e of [a[1]!, b[0]!]) union.add(decodeHistogram(e.hist.publish!));
  assert.equal(merged[1]!.entry.latencyMs.publish!.p99, percentileMs(union, 99));
  assert.equal(merged[1]!.hists.publish.totalCount, 7);
});
