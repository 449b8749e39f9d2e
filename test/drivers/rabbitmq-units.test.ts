/**
 * Pure parts of the RabbitMQ driver: the confirm ring (delivery tag → ticket, multiple and
 * out-of-order confirms, returns, growth), URL redaction, and the profile checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfirmRing } from '../../src/drivers/rabbitmq/confirm-ring.js';
import { brokersOfUrl, redactUrl, scrubSecret } from '../../src/drivers/rabbitmq/url.js';
import { validateProfile } from '../../src/profile/validate.js';
import { parseTopicSettings } from '../../src/drivers/rabbitmq/topology.js';

test('confirm ring: single, multiple and out-of-order confirms report each ticket once', () => {
  const r = new ConfirmRing(4);
  const tags = [10, 11, 12, 13, 14].map((t) => r.push(t));
  assert.deepEqual(tags, [1, 2, 3, 4, 5]);
  const s: number[] = [];
  const ret: number[] = [];
  r.settle(3, false, s, ret);
  assert.deepEqual(s, [12]);
  r.settle(4, true, s, ret);
  assert.deepEqual(s, [12, 10, 11, 13], 'multiple settles what is pending up to the tag, skipping the settled one');
  r.settle(2, false, s, ret);
  assert.equal(s.length, 4, 'a settled tag is ignored');
  assert.equal(r.size, 1);
  r.settle(5, false, s, ret);
  assert.equal(r.size, 0);
  assert.deepEqual(ret, []);
});

test('confirm ring: a returned tag is reported apart; a stuck low tag makes the ring grow, nothing lost', () => {
  const r = new ConfirmRing(16);
  r.push(0);
  const s: number[] = [];
  const ret: number[] = [];
  // Tag 1 stays unconfirmed while 100 later ones come and go (more than the capacity).
  for (let i = 1; i <= 100; i++) {
    const tag = r.push(i);
    if (i === 50) assert.ok(r.markReturned(tag));
    r.settle(tag, false, s, ret);
  }
  assert.equal(s.length, 99);
  assert.deepEqual(ret, [50]);
  assert.equal(r.size, 1);
  const rest: number[] = [];
  r.drain(rest);
  assert.deepEqual(rest, [0]);
  assert.equal(r.size, 0);
  assert.equal(r.markReturned(1), false);
});

test('urls: the password never shows; hosts default their port', () => {
  assert.equal(redactUrl('amqp://guest:s3cret@127.0.0.1:5672/%2F'), 'amqp://guest@127.0.0.1:5672/%2F');
  assert.equal(redactUrl('amqps://u:p%40ss@rmq.example/prod?heartbeat=5'), 'amqps://u@rmq.example:5671/prod');
  assert.equal(redactUrl('not a url s3cret'), '<invalid amqp url>');
  assert.deepEqual(brokersOfUrl('amqp://h'), ['h:5672']);
  assert.equal(scrubSecret('login with s3cret refused', 'amqp://guest:s3cret@h/'), 'login with *** refused');
});

test('topic settings: defaults and forced durability', () => {
  assert.deepEqual(parseTopicSettings({}), { exchangeType: 'fanout', queueType: 'classic', durable: true, persistent: false, queueArguments: {}, bindingKeys: [''], startFrom: 'run', streamStart: { kind: 'next' } });
  const q = parseTopicSettings({ queueType: 'quorum', durable: false, exchangeType: 'topic' });
  assert.equal(q.durable, true);
  assert.deepEqual(q.bindingKeys, ['#']);
});

const base = {
  name: 'rmq',
  driver: { type: 'rabbitmq', url: 'amqp://guest:hunter22@127.0.0.1:5672/%2F' },
  topics: [{ name: 'ex' }],
  message: { size: 100 },
  producers: { count: 1, mode: 'async' },
  load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
};

function problems(patch: (p: Record<string, unknown>) => void): Array<{ path: string; message: string }> {
  const p = structuredClone(base) as Record<string, unknown>;
  patch(p);
  return validateProfile(p, 'test').problems;
}

test('profile: a plain RabbitMQ profile validates; the password is in no problem text', () => {
  assert.deepEqual(problems(() => undefined), []);
  const bad = problems((p) => ((p['driver'] as Record<string, unknown>)['url'] = 'amqp://guest:hunter22@'));
  assert.ok(bad.some((x) => x.path === '/driver/url'), JSON.stringify(bad));
  assert.ok(!JSON.stringify(bad).includes('hunter22'));
  const http = problems((p) => ((p['driver'] as Record<string, unknown>)['url'] = 'http://guest:hunter22@h/'));
  assert.deepEqual(http.map((x) => x.path), ['/driver/url']);
  assert.ok(!JSON.stringify(http).includes('hunter22'), JSON.stringify(http));
});

test('profile: unknown or wrong driver.config keys are refused with their path', () => {
  const bad = problems((p) => ((p['driver'] as Record<string, unknown>)['config'] = { prefech: 10, heartbeat: 'x', frameMax: 10 }));
  const paths = bad.map((x) => x.path).sort();
  assert.deepEqual(paths, ['/driver/config/frameMax', '/driver/config/heartbeat', '/driver/config/prefech']);
  assert.ok(bad.some((x) => /prefetch/.test(JSON.stringify(x))), 'suggests prefetch');
});

test('profile: cross-field rules of RabbitMQ topics and drivers', () => {
  const t = (extra: Record<string, unknown>) => (p: Record<string, unknown>) => ((p['topics'] as Array<Record<string, unknown>>)[0] = { name: 'ex', ...extra });
  assert.ok(problems(t({ partitions: 3 })).some((x) => x.path === '/topics/0/partitions'));
  assert.ok(problems(t({ replicationFactor: 3 })).some((x) => x.path === '/topics/0/replicationFactor'));
  assert.ok(problems(t({ exchangeType: 'direct' })).some((x) => x.path === '/topics/0/bindingKeys'));
  assert.ok(problems(t({ queueType: 'quorum', durable: false })).some((x) => x.path === '/topics/0/durable'));
  assert.ok(problems(t({ queueArguments: { 'x-max-length': 10 }, exchangeType: 'topic' })).length === 0);
  const stream = problems((p) => {
    t({ queueType: 'stream' })(p);
    p['consumers'] = { groups: 1, perGroup: 2 };
  });
  assert.ok(stream.some((x) => x.path === '/consumers/perGroup'));
  const mandatoryOneway = problems((p) => {
    (p['driver'] as Record<string, unknown>)['config'] = { mandatory: true };
    (p['producers'] as Record<string, unknown>)['mode'] = 'oneway';
  });
  assert.ok(mandatoryOneway.some((x) => x.path === '/driver/config/mandatory'));
  assert.ok(problems((p) => ((p['driver'] as Record<string, unknown>)['brokers'] = ['h:1'])).some((x) => x.path === '/driver/brokers'));
});

test('profile: kafka still needs brokers and refuses RabbitMQ fields', () => {
  const kafka = problems((p) => {
    p['driver'] = { type: 'kafka' };
    (p['topics'] as Array<Record<string, unknown>>)[0] = { name: 'ex', partitions: 1, queueType: 'quorum' };
  });
  const paths = kafka.map((x) => x.path);
  assert.ok(paths.includes('/driver/brokers'), JSON.stringify(kafka));
  assert.ok(paths.includes('/topics/0/queueType'), JSON.stringify(kafka));
});
