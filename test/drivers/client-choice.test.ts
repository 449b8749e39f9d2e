/**
 * Choosing a Kafka client: validation accepts only what the chosen client can do (its
 * `driver.config` properties and compression codecs), Kafka's producer property names in
 * `driver.config` stand for the `producers` fields and may not contradict them, and a client
 * that is not installed makes `validate` and `run` exit 4 with its install command, before any
 * broker is contacted (`MQLOAD_HIDE_CLIENTS` hides an installed client).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProfile } from '../../src/profile/validate.js';
import { KAFKA_CLIENTS, KAFKA_CLIENT_NAMES } from '../../src/drivers/kafka/clients.js';
import { runCli } from '../helpers/cli.js';

function raw(driver: Record<string, unknown>, producers: Record<string, unknown> = {}) {
  return {
    name: 'client-choice',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'], ...driver },
    topics: [{ name: 't', partitions: 2 }],
    message: { size: 100 },
    producers: { count: 1, mode: 'async', ...producers },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '2s' }] },
  };
}

const paths = (r: Record<string, unknown>) => validateProfile(r, 'test').problems.map((p) => p.path);

test('a property the chosen client does not understand is refused with a suggestion', () => {
  const v = validateProfile(raw({ client: 'kafkajs', config: { 'linger.msx': 5 } }), 'test');
  assert.deepEqual(v.problems.map((p) => p.path), ['/driver/config/linger.msx']);
  assert.match(v.problems[0]!.hint ?? '', /linger\.ms/);
  assert.deepEqual(paths(raw({ client: 'kafkajs', config: { 'linger.ms': 5, 'batch.size': 16384, 'request.timeout.ms': 1000 } })), []);
});

test('every client refuses a codec it cannot write and accepts the ones it can', () => {
  for (const name of KAFKA_CLIENT_NAMES) {
    const c = KAFKA_CLIENTS[name];
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      const problems = paths(raw({ client: name }, { compression: codec }));
      if (c.codecs.includes(codec as never)) assert.deepEqual(problems, [], `${name} writes ${codec}`);
      else assert.deepEqual(problems, ['/producers/compression'], `${name} cannot write ${codec}`);
    }
  }
});

test("Kafka's producer property names stand for the producers fields, and may not contradict them", () => {
  const v = validateProfile(raw({ config: { acks: '1', 'compression.type': 'gzip', 'enable.idempotence': false } }), 'test');
  assert.deepEqual(v.problems, []);
  assert.equal(v.profile!.producers.acks, 1);
  assert.equal(v.profile!.producers.compression, 'gzip');
  assert.equal(v.profile!.producers.idempotent, false);
  assert.deepEqual(paths(raw({ config: { acks: 'all' } }, { acks: 1 })), ['/driver/config/acks']);
  assert.deepEqual(paths(raw({ config: { 'compression.type': 'gzip' } }, { compression: 'none' })), ['/driver/config/compression.type']);
  assert.deepEqual(paths(raw({ config: { acks: 'two' } })), ['/driver/config/acks']);
});

test('an unknown client name is a schema problem naming the clients', () => {
  const v = validateProfile(raw({ client: 'rdkafka' }), 'test');
  assert.deepEqual(v.problems.map((p) => p.path), ['/driver/client']);
});

test('a client that is not installed: validate and run exit 4 with the install command, before touching a broker', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-client-choice-'));
  try {
    const file = join(dir, 'p.yaml');
    // An address nothing listens on: exit 3 would mean the broker was contacted first.
    const profile = raw({ client: 'librdkafka', brokers: ['127.0.0.1:1'] });
    writeFileSync(file, JSON.stringify(profile));
    const env = { MQLOAD_HIDE_CLIENTS: 'librdkafka' };
    const v = await runCli(['validate', file], { env });
    assert.equal(v.code, 4, v.stderr);
    assert.match(v.stderr, /npx mqload drivers install librdkafka/);
    const r = await runCli(['run', file, '--no-collect'], { env });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /npx mqload drivers install librdkafka/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
