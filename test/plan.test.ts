import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, rateAt, peakRate, acksLevel } from '../src/plan/plan.js';
import { describePlan, describePhase } from '../src/plan/summary.js';
import { validateProfile } from '../src/profile/validate.js';
import type { Profile } from '../src/profile/schema.js';
import { UsageError } from '../src/errors.js';

function profile(over: Record<string, unknown> = {}): Profile {
  const { profile: p, problems } = validateProfile(
    {
      name: 'plan',
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
      topics: [{ name: 't', partitions: 6, replicationFactor: 1 }],
      message: { size: 100 },
      producers: { count: 5, mode: 'async', maxInFlight: 64 },
      consumers: { groups: 2, perGroup: 3 },
      load: { warmup: '5s', cooldown: '2s', phases: [{ executor: 'constant-arrival-rate', rate: 1000, duration: '10s' }] },
      ...over,
    },
    'test',
  );
  assert.deepEqual(problems, []);
  return p!;
}

test('producers and consumers are spread over the workers; shares sum to 1', () => {
  const plan = buildPlan(profile(), { workers: 4, runId: 'r1' });
  assert.equal(plan.workers.length, 4);
  const producers = plan.workers.flatMap((w) => w.producers);
  const consumers = plan.workers.flatMap((w) => w.consumers);
  assert.deepEqual(producers.map((p) => p.producerId).sort(), ['p0', 'p1', 'p2', 'p3', 'p4']);
  assert.ok(Math.abs(producers.reduce((s, p) => s + p.share, 0) - 1) < 1e-12);
  assert.deepEqual(consumers.map((c) => c.consumerId).sort(), ['c0-0', 'c0-1', 'c0-2', 'c1-0', 'c1-1', 'c1-2']);
  assert.deepEqual(plan.groups, ['mqload-r1-g0', 'mqload-r1-g1']);
  assert.deepEqual([...new Set(consumers.map((c) => c.groupId))].sort(), plan.groups);
  assert.ok(consumers.every((c) => c.groupId === `mqload-r1-g${c.consumerId[1]}`));
  const loads = plan.workers.map((w) => w.producers.length + w.consumers.length);
  assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, String(loads));
  const prodPerWorker = plan.workers.map((w) => w.producers.length);
  assert.ok(Math.max(...prodPerWorker) - Math.min(...prodPerWorker) <= 1, String(prodPerWorker));
  assert.deepEqual(plan.workers.map((w) => w.workerIndex), [0, 1, 2, 3]);
});

test('workers with nothing to do are omitted; one worker gets everything', () => {
  const small = buildPlan(profile({ producers: { count: 1, mode: 'async' }, consumers: { groups: 1, perGroup: 1 } }), { workers: 8, runId: 'x' });
  assert.equal(small.workers.length, 2);
  assert.ok(small.workers.every((w) => w.producers.length + w.consumers.length > 0));
  const one = buildPlan(profile(), { workers: 1, runId: 'x' });
  assert.equal(one.workers.length, 1);
  assert.equal(one.workers[0]!.producers.length, 5);
  assert.equal(one.workers[0]!.consumers.length, 6);
  const none = buildPlan(profile({ consumers: { groups: 0, perGroup: 0 } }), { workers: 3, runId: 'x' });
  assert.deepEqual(none.groups, []);
  assert.equal(none.workers.flatMap((w) => w.consumers).length, 0);
  assert.throws(() => buildPlan(profile(), { workers: 0, runId: 'x' }), UsageError);
  assert.throws(() => buildPlan(profile(), { workers: 1.5, runId: 'x' }), UsageError);
});

test('send modes map to acks, window and retries', () => {
  const sync = buildPlan(profile({ producers: { count: 1, mode: 'sync', maxInFlight: 500 } }), { workers: 1, runId: 'x' }).workers[0]!.producers[0]!;
  assert.deepEqual([sync.mode, sync.acks, sync.maxInFlight, sync.retries], ['sync', -1, 1, 5]);
  const oneway = buildPlan(profile({ producers: { count: 1, mode: 'oneway', retries: 3 } }), { workers: 1, runId: 'x' }).workers[0]!.producers[0]!;
  assert.deepEqual([oneway.acks, oneway.retries, oneway.maxInFlight], [0, 0, 1000]);
  const leader = buildPlan(profile({ producers: { count: 1, mode: 'async', acks: 1, compression: 'gzip', idempotent: false } }), { workers: 1, runId: 'x' }).workers[0]!.producers[0]!;
  assert.deepEqual([leader.acks, leader.maxInFlight, leader.compression, leader.topic], [1, 1000, 'gzip', 't']);
  assert.equal(acksLevel('all'), -1);
  assert.equal(acksLevel(0), 0);
});

test('plan carries driver, message, interval and consumer settings', () => {
  const plan = buildPlan(
    profile({
      message: { size: 10, keys: 'hot', hotShare: 0.5 },
      consumers: { groups: 1, perGroup: 1, processing: { delayMs: 3 }, commit: 'before-process' },
      collect: { intervalMs: 500 },
    }),
    { workers: 2, runId: 'r' },
  );
  assert.deepEqual(plan.message, { size: 10, keys: 'hot', keySpace: 1000, hotShare: 0.5 });
  assert.deepEqual(plan.driver.brokers, ['127.0.0.1:9092']);
  assert.equal(plan.intervalMs, 500);
  const c = plan.workers.flatMap((w) => w.consumers)[0]!;
  assert.deepEqual([c.topic, c.commit, c.processingDelayMs], ['t', 'before-process', 3]);
});

test('segments: warm-up, constant load, cool-down; timings add up', () => {
  const plan = buildPlan(profile(), { workers: 1, runId: 'x' });
  assert.deepEqual(plan.segments, [
    { startMs: 0, endMs: 5000, fromRate: 1000, toRate: 1000, kind: 'warmup', phaseIndex: -1 },
    { startMs: 5000, endMs: 15_000, fromRate: 1000, toRate: 1000, kind: 'load', phaseIndex: 0 },
    { startMs: 15_000, endMs: 17_000, fromRate: 0, toRate: 0, kind: 'cooldown', phaseIndex: -1 },
  ]);
  assert.deepEqual([plan.warmupMs, plan.loadMs, plan.cooldownMs, plan.totalMs], [5000, 10_000, 2000, 17_000]);
});

test('segments: ramps are one segment per stage; max-throughput is null; zero-length stages skipped', () => {
  const plan = buildPlan(
    profile({
      load: {
        warmup: '1s',
        cooldown: 0,
        phases: [
          { executor: 'ramping-arrival-rate', startRate: 10, stages: [{ target: 100, duration: '2s' }, { target: 500, duration: 0 }, { target: 500, duration: '1s' }] },
          { executor: 'max-throughput', duration: '3s' },
          { executor: 'constant-arrival-rate', rate: 7, duration: 1 },
        ],
      },
    }),
    { workers: 1, runId: 'x' },
  );
  assert.deepEqual(
    plan.segments.map((s) => [s.kind, s.phaseIndex, s.startMs, s.endMs, s.fromRate, s.toRate]),
    [
      ['warmup', -1, 0, 1000, 10, 10],
      ['load', 0, 1000, 3000, 10, 100],
      ['load', 0, 3000, 4000, 500, 500],
      ['load', 1, 4000, 7000, null, null],
      ['load', 2, 7000, 8000, 7, 7],
    ],
  );
  assert.equal(plan.totalMs, 8000);
  assert.equal(peakRate(plan.segments), null);
  // warm-up before max-throughput is unthrottled too
  const mt = buildPlan(profile({ load: { warmup: '2s', phases: [{ executor: 'max-throughput', duration: '1s' }] } }), { workers: 1, runId: 'x' });
  assert.deepEqual([mt.segments[0]!.kind, mt.segments[0]!.fromRate], ['warmup', null]);
});

test('rateAt interpolates ramps and is 0 outside the plan', () => {
  const plan = buildPlan(
    profile({ load: { warmup: 0, cooldown: '1s', phases: [{ executor: 'ramping-arrival-rate', stages: [{ target: 100, duration: '10s' }] }, { executor: 'max-throughput', duration: '1s' }] } }),
    { workers: 1, runId: 'x' },
  );
  assert.equal(rateAt(plan, -1), 0);
  assert.equal(rateAt(plan, 0), 0);
  assert.equal(rateAt(plan, 2500), 25);
  assert.equal(rateAt(plan, 9999), 99.99);
  assert.equal(rateAt(plan, 10_000), null);
  assert.equal(rateAt(plan, 10_999), null);
  assert.equal(rateAt(plan, 11_000), 0);
  assert.equal(rateAt(plan, 12_000), 0);
  assert.equal(peakRate(plan.segments.slice(0, 1)), 100);
});

test('the input profile is not changed by planning', () => {
  const p = profile();
  const snapshot = structuredClone(p);
  buildPlan(p, { workers: 3, runId: 'x' });
  assert.deepEqual(p, snapshot);
});

test('summary lines describe the plan', () => {
  const lines = describePlan(buildPlan(profile(), { workers: 1, runId: 'x' }));
  assert.ok(lines.some((l) => l === 'load: 1000 msg/s for 10s'));
  assert.ok(lines.some((l) => l.startsWith('producers: 5 async → t, acks all, 64 in flight')));
  assert.ok(lines.some((l) => l.startsWith('consumers: 2 groups × 3')));
  assert.ok(lines.some((l) => l === 'time: warm-up 5s + load 10s + cool-down 2s = 17s'));
  assert.equal(describePhase({ executor: 'ramping-arrival-rate', stages: [{ target: 5, duration: '1m' }] }), 'ramp 0→5 msg/s over 1m');
});
