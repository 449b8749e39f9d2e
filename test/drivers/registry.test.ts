/**
 * The driver registry: only registered kinds are driven; an unknown `driver.type` is refused
 * with exit 2 and the same words by the registry, `validateProfile`, `mqload validate` and
 * `mqload run` (before any broker is contacted); the schema a profile is checked against is
 * its kind's, so problems name that kind's paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DRIVERS, driverModule, knownKinds } from '../../src/drivers/registry.js';
import { UsageError } from '../../src/errors.js';
import { validateProfile } from '../../src/profile/validate.js';
import { runCli } from '../helpers/cli.js';

function raw(driver: Record<string, unknown>) {
  return {
    name: 'registry',
    driver,
    topics: [{ name: 't', partitions: 2 }],
    message: { size: 100 },
    producers: { count: 1, mode: 'async' },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '2s' }] },
  };
}

test('the registry knows kafka, and each module declares its own kind', () => {
  assert.ok(knownKinds().includes('kafka'));
  for (const [kind, mod] of Object.entries(DRIVERS)) {
    assert.equal(mod!.kind, kind);
    assert.equal(driverModule(kind), mod);
  }
  assert.equal(driverModule('kafka').capabilities({ type: 'kafka', brokers: ['x:1'] }).partitions, true);
});

test("a kind's own defaults come from its module (defaultsFor); the neutral defaults fill the rest", () => {
  const kafka = validateProfile(raw({ type: 'kafka', brokers: ['127.0.0.1:9092'], config: { acks: '1', 'compression.type': 'lz4', 'enable.idempotence': 'false' } }), 'test');
  assert.deepEqual(kafka.problems, []);
  assert.equal(kafka.profile!.driver.client, driverModule('kafka').defaultsFor!({ type: 'kafka', brokers: [] }).driver!.client, 'the default client is the module\'s');
  assert.deepEqual(
    { acks: kafka.profile!.producers.acks, compression: kafka.profile!.producers.compression, idempotent: kafka.profile!.producers.idempotent },
    { acks: 1, compression: 'lz4', idempotent: false },
  );
  const plain = validateProfile(raw({ type: 'kafka', brokers: ['127.0.0.1:9092'] }), 'test').profile!;
  assert.deepEqual({ acks: plain.producers.acks, compression: plain.producers.compression, idempotent: plain.producers.idempotent }, { acks: 'all', compression: 'none', idempotent: false });
  if (DRIVERS.rabbitmq) {
    const rabbit = validateProfile({ ...raw({ type: 'rabbitmq', url: 'amqp://guest:guest@127.0.0.1:5672/%2F' }), topics: [{ name: 't' }] }, 'test');
    assert.deepEqual(rabbit.problems, []);
    assert.equal('client' in rabbit.profile!.driver, false, 'no Kafka client on a RabbitMQ driver');
    assert.deepEqual(rabbit.profile!.driver.config, {});
    assert.equal(rabbit.profile!.producers.acks, 'all');
  }
});

test('an unknown kind is a usage error (exit 2) naming driver.type and listing the known kinds', () => {
  for (const kind of ['nats', 'toString', '__proto__', ...(DRIVERS.rabbitmq ? [] : ['rabbitmq'])]) {
    assert.throws(
      () => driverModule(kind),
      (err: unknown) => {
        assert.ok(err instanceof UsageError);
        assert.equal(err.exitCode, 2);
        assert.match(err.message, /driver\.type/);
        assert.ok(err.message.includes(JSON.stringify(kind)), err.message);
        for (const k of knownKinds()) assert.ok(err.message.includes(k) && err.hint.includes(k), `${k} listed`);
        return true;
      },
    );
  }
});

test('validateProfile reports an unknown kind at /driver/type with the registry\'s words, and still checks the common parts', () => {
  const profile = raw({ type: 'nats', url: 'nats://localhost' });
  (profile.producers as Record<string, unknown>).mode = 'fast';
  const { problems } = validateProfile(profile, 'test');
  const kind = problems.find((p) => p.path === '/driver/type');
  assert.ok(kind, JSON.stringify(problems));
  let words = '';
  try {
    driverModule('nats');
  } catch (err) {
    words = (err as Error).message;
  }
  assert.equal(kind.message, words);
  assert.ok(problems.some((p) => p.path === '/producers/mode'), 'common parts still validated');
  assert.equal(problems.filter((p) => p.path === '/driver/type').length, 1, 'one problem for the kind');
});

test('a missing driver.type is a schema problem; a Kafka profile is checked against the Kafka schema part', () => {
  assert.ok(validateProfile(raw({ brokers: ['127.0.0.1:9092'] }), 'test').problems.some((p) => p.path.startsWith('/driver')));
  const kafka = validateProfile(raw({ type: 'kafka', brokers: ['nohost'], url: 'x' }), 'test').problems.map((p) => p.path).sort();
  assert.deepEqual(kafka, ['/driver/brokers/0', '/driver/url']);
});

test('validate and run refuse an unregistered kind identically: exit 2, before touching a broker', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-registry-'));
  try {
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(raw({ type: 'nats', brokers: ['127.0.0.1:1'] })));
    const v = await runCli(['validate', file]);
    const r = await runCli(['run', file, '--no-collect']);
    assert.equal(v.code, 2, v.stderr);
    assert.equal(r.code, 2, r.stderr);
    for (const out of [v.stdout + v.stderr, r.stderr]) assert.match(out, /driver\.type "nats" is not available in this mqload \(known: kafka/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
