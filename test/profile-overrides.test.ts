import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { addProfileOverrideOptions, applyOverrides, overridesFromOptions } from '../src/profile/overrides.js';
import { validateProfile } from '../src/profile/validate.js';
import { parseDurationMs } from '../src/profile/duration.js';
import { ConfigError, UsageError } from '../src/errors.js';
import type { Phase, Profile } from '../src/profile/schema.js';

function base(phases: Phase[], extra: Record<string, unknown> = {}): Profile {
  const { profile, problems } = validateProfile(
    {
      name: 'o',
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
      topics: [{ name: 't', partitions: 3, replicationFactor: 1 }],
      message: { size: 100 },
      producers: { count: 2, mode: 'async' },
      load: { phases },
      ...extra,
    },
    'test',
  );
  assert.deepEqual(problems, []);
  return profile!;
}

const constant: Phase = { executor: 'constant-arrival-rate', rate: 100, duration: '10s' };
const ramp: Phase = { executor: 'ramping-arrival-rate', startRate: 50, stages: [{ target: 200, duration: '10s' }, { target: 400, duration: '30s' }] };
const max: Phase = { executor: 'max-throughput', duration: '20s' };

function phaseMs(ph: Phase): number {
  return ph.executor === 'ramping-arrival-rate' ? ph.stages.reduce((s, st) => s + parseDurationMs(st.duration), 0) : parseDurationMs(ph.duration);
}

test('flags are parsed from commander options', () => {
  const cmd = addProfileOverrideOptions(new Command('run').exitOverride());
  cmd.parse(['--brokers', 'a:1, b:2', '--rate', '2500.5', '--duration', '2m', '--mode', 'oneway', '--producers', '3', '--consumers', '0', '--message-size', '512'], { from: 'user' });
  assert.deepEqual(overridesFromOptions(cmd.opts()), { brokers: ['a:1', 'b:2'], rate: 2500.5, durationMs: 120_000, mode: 'oneway', producers: 3, consumers: 0, messageSize: 512 });
  assert.deepEqual(overridesFromOptions({}), {});
  assert.deepEqual(overridesFromOptions({ duration: '45' }), { durationMs: 45_000 });
});

test('bad flag values are usage errors naming the flag', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ brokers: 'localhost' }, '--brokers'],
    [{ brokers: ',' }, '--brokers'],
    [{ rate: 'fast' }, '--rate'],
    [{ rate: '0' }, '--rate'],
    [{ rate: '-5' }, '--rate'],
    [{ duration: '10 sec' }, '--duration'],
    [{ duration: '0s' }, '--duration'],
    [{ mode: 'turbo' }, '--mode'],
    [{ producers: '1.5' }, '--producers'],
    [{ producers: '-1' }, '--producers'],
    [{ consumers: 'two' }, '--consumers'],
    [{ messageSize: '1k' }, '--message-size'],
    [{ rate: '' }, '--rate'],
  ];
  for (const [opts, flag] of cases) {
    assert.throws(() => overridesFromOptions(opts), (e: unknown) => e instanceof UsageError && e.message.startsWith(flag) && e.exitCode === 2, JSON.stringify(opts));
  }
});

test('--rate on one phase makes it constant at that rate, same duration', () => {
  for (const ph of [constant, ramp, max]) {
    const p = applyOverrides(base([ph]), { rate: 750 });
    assert.equal(p.load.phases.length, 1);
    const out = p.load.phases[0]!;
    assert.equal(out.executor, 'constant-arrival-rate');
    assert.equal(out.executor === 'constant-arrival-rate' && out.rate, 750);
    assert.equal(phaseMs(out), phaseMs(ph));
  }
});

test('--rate on several phases scales them so the peak is the flag', () => {
  const p = applyOverrides(base([constant, ramp, max]), { rate: 800 });
  const [c, r, m] = p.load.phases as [Phase, Phase, Phase];
  assert.ok(c.executor === 'constant-arrival-rate' && r.executor === 'ramping-arrival-rate');
  assert.equal(c.rate, 200);
  assert.equal(r.startRate, 100);
  assert.deepEqual(r.stages.map((s) => s.target), [400, 800]);
  assert.deepEqual(m, max);
  // only unthrottled phases: they become constant
  const only = applyOverrides(base([max, max]), { rate: 10 });
  assert.deepEqual(only.load.phases, [{ executor: 'constant-arrival-rate', rate: 10, duration: '20s' }, { executor: 'constant-arrival-rate', rate: 10, duration: '20s' }]);
});

test('--duration sets one phase, scales several', () => {
  assert.deepEqual(applyOverrides(base([constant]), { durationMs: 90_000 }).load.phases, [{ ...constant, duration: '90s' }]);
  const single = applyOverrides(base([ramp]), { durationMs: 20_000 }).load.phases[0]!;
  assert.ok(single.executor === 'ramping-arrival-rate');
  assert.deepEqual(single.stages.map((s) => parseDurationMs(s.duration)), [5000, 15_000]);
  const several = applyOverrides(base([constant, ramp, max]), { durationMs: 35_000 });
  assert.deepEqual(several.load.phases.map(phaseMs), [5000, 20_000, 10_000]);
  const warm = applyOverrides(base([constant], { load: { warmup: '3s', phases: [constant] } }), { durationMs: 1000 });
  assert.equal(warm.load.warmup, '3s');
});

test('--mode adjusts acks and retries', () => {
  const asyncProfile = base([constant]);
  const oneway = applyOverrides(asyncProfile, { mode: 'oneway' });
  assert.equal(oneway.producers.mode, 'oneway');
  assert.equal(oneway.producers.acks, 0);
  assert.equal(oneway.producers.retries, 0);
  const back = applyOverrides(oneway, { mode: 'sync' });
  assert.equal(back.producers.acks, 'all');
  assert.equal(back.producers.retries, 5);
  assert.equal(asyncProfile.producers.acks, 'all', 'input not mutated');
});

test('--brokers, --producers, --consumers, --message-size', () => {
  const p = applyOverrides(base([constant], { consumers: { groups: 0, perGroup: 0 } }), { brokers: ['h:1'], producers: 7, consumers: 3, messageSize: 64 });
  assert.deepEqual(p.driver.brokers, ['h:1']);
  assert.equal(p.producers.count, 7);
  assert.equal(p.consumers?.groups, 1);
  assert.equal(p.consumers?.perGroup, 3);
  assert.equal(p.message.size, 64);
  const two = applyOverrides(base([constant], { consumers: { groups: 2, perGroup: 1 } }), { consumers: 4 });
  assert.equal(two.consumers?.groups, 2);
  assert.equal(two.consumers?.perGroup, 4);
});

test('problems caused by flags say so', () => {
  const idem = base([constant], { producers: { count: 2, mode: 'async', idempotent: true } });
  assert.throws(
    () => applyOverrides(idem, { mode: 'oneway', producers: 20_000 }, 'p.yaml'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.source === 'p.yaml with --mode, --producers' &&
      e.problems.some((p) => p.path === '/producers/idempotent' && /set by --mode/.test(p.message)) &&
      e.problems.some((p) => p.path === '/producers/count' && /set by --mode, --producers/.test(p.message)),
  );
  const withE2e = base([constant], { thresholds: { e2e_latency: ['p(99)<5'] } });
  assert.throws(
    () => applyOverrides(withE2e, { consumers: 0 }),
    (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.path === '/consumers/perGroup' && /set by --consumers/.test(p.message)),
  );
});

test('no flags returns an equal copy', () => {
  const p = base([constant]);
  const out = applyOverrides(p, {});
  assert.deepEqual(out, p);
  assert.notEqual(out, p);
});
