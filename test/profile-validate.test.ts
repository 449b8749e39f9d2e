import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateProfile } from '../src/profile/validate.js';
import { PROFILE_CHECKS } from '../src/profile/checks.js';
import { levenshtein, closestName } from '../src/profile/suggest.js';

/** The quickstart profile as plain data (a fresh copy each call). */
function quickstart(): Record<string, any> {
  return {
    name: 'quickstart',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'], client: 'kafkajs', config: {} },
    topics: [{ name: 'mqload-quickstart', partitions: 6, replicationFactor: 1 }],
    message: { size: 1024, keys: 'round-robin' },
    producers: { count: 2, mode: 'async', acks: 'all', maxInFlight: 1000, batch: { maxRecords: 100, lingerMs: 5 }, compression: 'none' },
    consumers: { groups: 1, perGroup: 2, processing: { delayMs: 0 } },
    load: { warmup: '5s', phases: [{ executor: 'constant-arrival-rate', rate: 5000, duration: '30s' }] },
    thresholds: { publish_latency: ['p(99)<100'], e2e_latency: ['p(99)<250'] },
  };
}

function paths(raw: unknown): string[] {
  return validateProfile(raw, 'test').problems.map((p) => p.path);
}

function problemAt(raw: unknown, path: string) {
  const found = validateProfile(raw, 'test').problems.find((p) => p.path === path);
  assert.ok(found, `expected a problem at ${path}; got ${JSON.stringify(validateProfile(raw, 'test').problems)}`);
  return found;
}

test('the quickstart profile is valid', () => {
  const { profile, problems } = validateProfile(quickstart(), 'test');
  assert.deepEqual(problems, []);
  assert.equal(profile?.name, 'quickstart');
});

test('one profile with many mistakes reports every one of them at once', () => {
  const raw = quickstart();
  raw.producer = { count: 1 }; // typo key
  raw.producers.maxInFlight = -1;
  raw.message.size = 'big';
  raw.producers.mode = 'oneway'; // with acks: all
  raw.load.phases.push({ executor: 'constant-arival-rate', rate: 10, duration: '5s' });
  raw.load.phases.push({ executor: 'max-throughput', duration: '10 sec' });
  raw.thresholds.publish_latancy = ['p(99)<1'];
  raw.thresholds.e2e_latency = ['p(99)<<5'];
  const { profile, problems } = validateProfile(raw, 'test');
  assert.equal(profile, null);
  const byPath = new Map(problems.map((p) => [p.path, p]));
  const expected = [
    '/producer',
    '/producers/maxInFlight',
    '/message/size',
    '/producers/acks',
    '/load/phases/1/executor',
    '/load/phases/2/duration',
    '/thresholds/publish_latancy',
    '/thresholds/e2e_latency/0',
  ];
  for (const path of expected) assert.ok(byPath.has(path), `missing ${path} in ${JSON.stringify(problems, null, 1)}`);
  assert.equal(problems.length, expected.length, JSON.stringify(problems, null, 1));
  assert.match(byPath.get('/producer')!.hint!, /did you mean "producers"\?/);
  assert.match(byPath.get('/producers/maxInFlight')!.message, /≥ 1 \(got -1\)/);
  assert.match(byPath.get('/message/size')!.message, /integer \(got "big"\)/);
  assert.match(byPath.get('/producers/acks')!.message, /oneway.*acks must be 0/);
  assert.match(byPath.get('/load/phases/1/executor')!.hint!, /did you mean "constant-arrival-rate"\?.*max-throughput/);
  assert.match(byPath.get('/load/phases/2/duration')!.message, /duration.*got "10 sec"/);
  assert.match(byPath.get('/thresholds/publish_latancy')!.hint!, /publish_latency/);
  for (const p of problems) assert.ok(p.message.length > 5 && !p.message.includes('anyOf'), p.message);
});

test('validation never mutates its input', () => {
  const raws = [quickstart(), { ...quickstart(), producers: { count: 1, mode: 'oneway' } }, { ...quickstart(), consumers: undefined, bogus: 1 }];
  for (const raw of raws) {
    const snapshot = structuredClone(raw);
    validateProfile(raw, 'test');
    assert.deepEqual(raw, snapshot);
  }
  const frozen = quickstart();
  delete frozen.consumers;
  const deepFreeze = (o: any): any => (Object.values(o).forEach((v) => typeof v === 'object' && v !== null && deepFreeze(v)), Object.freeze(o));
  assert.ok(validateProfile(deepFreeze(frozen), 'test').profile);
});

test('defaults are filled into the returned copy', () => {
  const raw = {
    name: 'minimal',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
    topics: [{ name: 't', partitions: 3, replicationFactor: 1 }],
    message: { size: 100 },
    producers: { count: 1, mode: 'async' },
    load: { phases: [{ executor: 'ramping-arrival-rate', stages: [{ target: 10, duration: '1s' }] }] },
  };
  const { profile, problems } = validateProfile(raw, 'test');
  assert.deepEqual(problems, []);
  assert.ok(profile);
  assert.deepEqual(profile.producers, {
    count: 1,
    mode: 'async',
    acks: 'all',
    maxInFlight: 1000,
    batch: { maxRecords: 100, lingerMs: 5 },
    compression: 'none',
    idempotent: false,
    retries: 5,
    topic: 't',
  });
  assert.deepEqual(profile.message, { size: 100, keys: 'round-robin', keySpace: 1000 });
  assert.equal(validateProfile({ ...raw, message: { size: 1, keys: 'hot' } }, 'test').profile?.message.hotShare, 0.8);
  // the output validates again, unchanged (overrides re-validate a defaulted profile)
  const again = validateProfile(profile, 'again');
  assert.deepEqual(again.problems, []);
  assert.deepEqual(again.profile, profile);
  assert.deepEqual(profile.consumers, { groups: 1, perGroup: 1, processing: { delayMs: 0 }, commit: 'auto', topic: 't' });
  assert.equal(profile.load.warmup, '0s');
  assert.equal(profile.load.cooldown, '5s');
  assert.deepEqual(profile.load.phases[0], { executor: 'ramping-arrival-rate', startRate: 0, stages: [{ target: 10, duration: '1s' }] });
  assert.equal(profile.driver.client, 'platformatic', 'the default Kafka client');
  assert.deepEqual(profile.collect, { intervalMs: 1000, host: true, brokerProcess: true, lag: true, client: true });
  assert.deepEqual(profile.verify, { enabled: true, graceMs: 5000 });
  assert.equal(profile.topics[0]!.deleteAfterRun, false);
  // oneway defaults
  const oneway = validateProfile({ ...raw, producers: { count: 1, mode: 'oneway' } }, 'test').profile!;
  assert.equal(oneway.producers.acks, 0);
  assert.equal(oneway.producers.retries, 0);
  // explicit values win
  const set = validateProfile({ ...raw, producers: { count: 1, mode: 'sync', acks: 1, retries: 2 }, collect: { intervalMs: 500 } }, 'test').profile!;
  assert.equal(set.producers.acks, 1);
  assert.equal(set.producers.retries, 2);
  assert.equal(set.collect?.intervalMs, 500);
});

test('non-object profiles are one problem at the root', () => {
  for (const raw of [null, undefined, 'name: x', 42, []]) {
    const { profile, problems } = validateProfile(raw, 'test');
    assert.equal(profile, null);
    assert.deepEqual(problems.map((p) => p.path), ['/']);
  }
});

test('missing required fields are reported by path', () => {
  const raw = quickstart();
  delete raw.driver.brokers;
  delete raw.load;
  delete raw.topics[0].partitions;
  const got = paths(raw);
  for (const p of ['/driver/brokers', '/load', '/topics/0/partitions']) assert.ok(got.includes(p), `${p} in ${got}`);
});

test('replicationFactor is optional and defaults to 1', () => {
  const raw = quickstart();
  delete raw.topics[0].replicationFactor;
  const v = validateProfile(raw, 'test');
  assert.deepEqual(v.problems, []);
  assert.equal(v.profile!.topics[0]!.replicationFactor, 1);
});

test('union errors collapse to one message per path', () => {
  const raw = quickstart();
  raw.producers.acks = 'most';
  raw.producers.compression = 'brotli';
  raw.load.phases = [
    { executor: 'ramping-arrival-rate', stages: [{ target: -1, duration: '1s' }], rate: 5 },
    { rate: 5, duration: '1s' },
    { executor: 'max-throughput' },
  ];
  const { problems } = validateProfile(raw, 'test');
  assert.deepEqual(
    problems.map((p) => p.path).sort(),
    ['/load/phases/0/rate', '/load/phases/0/stages/0/target', '/load/phases/1/executor', '/load/phases/2/duration', '/producers/acks', '/producers/compression'].sort(),
  );
  assert.match(problemAt(raw, '/producers/acks').message, /one of "all", -1, 0, 1 \(got "most"\)/);
  assert.match(problemAt(raw, '/load/phases/0/rate').message, /unknown key "rate"/);
  assert.match(problemAt(raw, '/load/phases/1/executor').message, /is required/);
});

test('unknown executor lists the valid ones', () => {
  const raw = quickstart();
  raw.load.phases[0] = { executor: 'shared-iterations', iterations: 5 };
  const p = problemAt(raw, '/load/phases/0/executor');
  assert.match(p.message, /unknown executor "shared-iterations"/);
  assert.equal(p.hint, 'valid: constant-arrival-rate, ramping-arrival-rate, max-throughput');
  assert.equal(paths(raw).length, 1);
});

test('unknown keys deep in the tree, with and without a close match', () => {
  const raw = quickstart();
  raw.producers.batch.lingerMS = 5;
  raw.consumers.zzzzzz = 1;
  assert.match(problemAt(raw, '/producers/batch/lingerMS').hint!, /did you mean "lingerMs"/);
  assert.match(problemAt(raw, '/consumers/zzzzzz').hint!, /known keys here: groups, perGroup/);
});

test('each cross-field check fires on its own case', () => {
  const cases: Array<[string, (r: Record<string, any>) => void, string, RegExp]> = [
    ['oneway with acks 1', (r) => ((r.producers.mode = 'oneway'), (r.producers.acks = 1)), '/producers/acks', /acks must be 0/],
    ['idempotent with acks 1', (r) => ((r.producers.idempotent = true), (r.producers.acks = 1)), '/producers/idempotent', /acks all/],
    ['idempotent with oneway default acks', (r) => ((r.producers.idempotent = true), (r.producers.mode = 'oneway'), delete r.producers.acks), '/producers/idempotent', /acks is 0/],
    ['unknown producer topic', (r) => (r.producers.topic = 'other'), '/producers/topic', /not listed/],
    ['unknown consumer topic', (r) => (r.consumers.topic = 'other'), '/consumers/topic', /not listed/],
    ['duplicate topic', (r) => r.topics.push({ ...r.topics[0] }), '/topics/1/name', /duplicate/],
    ['hotShare without hot keys', (r) => (r.message.hotShare = 0.5), '/message/hotShare', /only applies to keys: hot/],
    ['hot keys with one key', (r) => ((r.message.keys = 'hot'), (r.message.keySpace = 1)), '/message/keySpace', /at least 2 keys/],
    ['unknown metric', (r) => (r.thresholds.latency = ['avg<1']), '/thresholds/latency', /unknown threshold metric/],
    ['bad expression', (r) => (r.thresholds.publish_latency = ['p(99)<1', 'p99<1']), '/thresholds/publish_latency/1', /parentheses/],
    ['e2e without consumers', (r) => (r.consumers = { groups: 0, perGroup: 0 }), '/thresholds/e2e_latency', /measured by consumers/],
    ['stored_latency without sink', (r) => (r.thresholds.stored_latency = ['p(99)<1']), '/thresholds/stored_latency', /sink/],
    ['lost_messages with verify off', (r) => ((r.thresholds.lost_messages = ['count==0']), (r.verify = { enabled: false })), '/thresholds/lost_messages', /verification/],
    ['exec without command', (r) => (r.faults = [{ at: '5s', action: 'exec' }]), '/faults/0/command', /needs a command/],
    ['command on a non-exec fault', (r) => (r.faults = [{ at: '5s', action: 'broker-kill', command: 'x' }]), '/faults/0/command', /only applies to action exec/],
    ['broker-pause without duration', (r) => (r.faults = [{ at: '5s', action: 'broker-pause' }]), '/faults/0/duration', /needs a duration/],
    ['fault after the run', (r) => (r.faults = [{ at: '2m', action: 'broker-kill' }]), '/faults/0/at', /after the run ends/],
    ['sink without consumers', (r) => (r.consumers = { groups: 0, perGroup: 0, sink: { type: 'postgres', url: 'postgres://x', table: 't', mode: 'insert' } }), '/consumers/sink', /runs none/],
    ['groups without members', (r) => (r.consumers = { groups: 2, perGroup: 0 }), '/consumers/perGroup', /starts no consumer/],
    ['zero-length load', (r) => (r.load.phases = [{ executor: 'constant-arrival-rate', rate: 1, duration: 0 }]), '/load/phases', /0s in total/],
    ['nothing to do', (r) => ((r.producers.count = 0), (r.consumers = { groups: 0, perGroup: 0 }), delete r.thresholds), '/', /nothing to do/],
  ];
  for (const [name, mutate, path, message] of cases) {
    const raw = quickstart();
    mutate(raw);
    const p = validateProfile(raw, 'test').problems.find((x) => x.path === path);
    assert.ok(p, `${name}: no problem at ${path}: ${JSON.stringify(validateProfile(raw, 'test').problems)}`);
    assert.match(p.message, message, name);
  }
  assert.ok(PROFILE_CHECKS.every((c) => /^[a-z0-9-]+$/.test(c.name)));
});

test('cross-field checks stay quiet on valid variations', () => {
  const ok: Array<(r: Record<string, any>) => void> = [
    (r) => ((r.producers.mode = 'oneway'), delete r.producers.acks),
    (r) => ((r.producers.mode = 'oneway'), (r.producers.acks = 0)),
    (r) => ((r.producers.idempotent = true), (r.producers.acks = -1)),
    (r) => ((r.message.keys = 'hot'), (r.message.hotShare = 0.9)),
    (r) => ((r.producers.count = 0), delete r.thresholds.publish_latency),
    (r) => ((r.consumers = { groups: 0, perGroup: 0 }), delete r.thresholds.e2e_latency),
    (r) => (r.faults = [{ at: '10s', action: 'broker-pause', duration: '5s' }, { at: 20, action: 'exec', command: 'true' }]),
  ];
  for (const mutate of ok) {
    const raw = quickstart();
    mutate(raw);
    assert.deepEqual(validateProfile(raw, 'test').problems, [], mutate.toString());
  }
});

test('cross-field checks survive badly shaped data', () => {
  const shapes: unknown[] = [
    { producers: 'x', topics: 'y', load: { phases: 'z' }, thresholds: ['a'], faults: { at: 1 } },
    { producers: null, consumers: null, message: null, load: null, thresholds: null, faults: [null, 1] },
    { topics: [null, 1, { name: 5 }], load: { phases: [null, { executor: 'ramping-arrival-rate', stages: [null] }] } },
  ];
  for (const raw of shapes) assert.ok(validateProfile(raw, 'test').problems.length > 0);
});

test('levenshtein and closestName', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('producer', 'producers'), 1);
  assert.equal(closestName('Producer', ['producers', 'consumers']), 'producers');
  assert.equal(closestName('xyz', ['producers', 'consumers']), undefined);
});
