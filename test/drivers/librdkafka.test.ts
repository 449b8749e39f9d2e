/**
 * The optional librdkafka client (`driver.client: librdkafka`):
 * - without it (hidden with MQLOAD_HIDE_CLIENTS, as on a machine that only ran `npm ci`),
 *   `mqload validate` and `mqload run` exit 4 and print the exact install command, and
 *   `mqload drivers list` says how to install it;
 * - `mqload drivers install librdkafka` with no toolchain on PATH exits 4 with the apt-get line;
 * - installed: 2,000 keyed async messages go round through the real local Kafka with their `mq`
 *   stamps intact, and land on the partitions Java's murmur2 partitioner picks.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { runCli } from '../helpers/cli.js';
import { TestKafka, testBrokers, uniqueName } from '../helpers/broker.js';
import { createDriver } from '../../src/drivers/index.js';
import { isClientInstalled } from '../../src/drivers/kafka/clients.js';
import { readStamp, stampHeaders, stampPrefix } from '../../src/load/headers.js';
import type { ReceivedMessage } from '../../src/drivers/types.js';

const INSTALL = 'npx mqload drivers install librdkafka';
const dir = mkdtempSync(join(tmpdir(), 'mqload-librdkafka-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function profileFile(): string {
  const path = join(dir, 'librdkafka.yaml');
  writeFileSync(
    path,
    [
      'name: librdkafka-missing',
      'driver: { type: kafka, brokers: ["127.0.0.1:9"], client: librdkafka, config: { linger.ms: 5 } }',
      'topics: [{ name: mqload-librdkafka-missing, partitions: 1, replicationFactor: 1 }]',
      'message: { size: 100 }',
      'producers: { count: 1, mode: async }',
      'load: { phases: [{ executor: constant-arrival-rate, rate: 10, duration: 1s }] }',
      '',
    ].join('\n'),
  );
  return path;
}

const hidden = { MQLOAD_HIDE_CLIENTS: 'librdkafka' };

test('without the package, validate exits 4 and prints the install command', async () => {
  const r = await runCli(['validate', profileFile()], { env: hidden });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, new RegExp(INSTALL));
});

test('without the package, run exits 4 before touching a broker and prints the install command', async () => {
  const r = await runCli(['run', profileFile(), '--out', join(dir, 'runs')], { env: hidden, timeoutMs: 60_000 });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(INSTALL));
});

test('drivers list shows every client, and how to install a missing one', async () => {
  const r = await runCli(['drivers', 'list'], { env: hidden });
  assert.equal(r.code, 0, r.stderr);
  for (const name of ['kafkajs', 'platformatic', 'librdkafka']) assert.match(r.stdout, new RegExp(`^  ${name}\\b`, 'm'));
  assert.match(r.stdout, new RegExp(`librdkafka\\s+not installed: ${INSTALL}`));
});

test('drivers install librdkafka without a toolchain exits 4 with the apt-get line', async () => {
  const r = await runCli(['drivers', 'install', 'librdkafka', '--force'], { env: { PATH: join(dir, 'empty-path') } });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stderr, /apt-get install -y build-essential python3 pkg-config libssl-dev zlib1g-dev libzstd-dev/);
});

const skip = isClientInstalled('librdkafka') ? false : `librdkafka is not installed here (${INSTALL})`;

test('librdkafka round trip: 2,000 keyed async messages, every stamp received, murmur2 partitions', { skip, timeout: 60_000 }, async () => {
  const kafka = new TestKafka();
  after(() => kafka.cleanup());
  const topic = await kafka.topic('rdk-smoke', 3);
  const driver = createDriver({ type: 'kafka', brokers: testBrokers(), client: 'librdkafka' }, { clientId: uniqueName('rdk-smoke') });
  after(() => driver.close());
  const count = 2000;
  const prefix = stampPrefix('smoke', 'p0');
  let acked = 0;
  const failures: unknown[] = [];
  let allAcked!: () => void;
  const done = new Promise<void>((r) => (allAcked = r));
  const seen = new Set<number>();
  const settle = (tickets: readonly number[]) => {
    for (const t of tickets) {
      assert.ok(!seen.has(t), `ticket ${t} reported twice`);
      seen.add(t);
    }
    if (seen.size === count) allAcked();
  };
  const producer = await driver.createProducer(
    { producerId: 'p0', topic, mode: 'async', window: count, acks: -1, compression: 'lz4', idempotent: false, retries: 3, batching: { maxRecords: 100, lingerMs: 5 } },
    {
      acked: (tickets) => {
        acked += tickets.length;
        settle(tickets);
      },
      failed: (tickets, err) => {
        failures.push(err);
        settle(tickets);
      },
    },
  );
  const keyOf = (i: number) => Buffer.from(`k-${i % 50}`);
  for (let i = 0; i < count; i++) producer.send(i, { key: keyOf(i), value: Buffer.alloc(100, 7), headers: stampHeaders(prefix, i, Date.now(), false) });
  producer.flush();
  await done;
  await producer.close();
  assert.deepEqual(failures, []);
  assert.equal(acked, count);

  const partitioner = kafkajs.Partitioners.DefaultPartitioner();
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  const javaPartition = (key: Buffer) => partitioner({ topic, partitionMetadata, message: { key, value: null } });
  const received = new Map<number, ReceivedMessage>();
  let all!: () => void;
  const complete = new Promise<void>((r) => (all = r));
  const consumer = await driver.createConsumer({
    groupId: kafka.group('rdk-smoke'),
    consumerId: 'c0',
    topic,
    commit: 'after-process',
    onBatch: async (batch) => {
      for (const m of batch.messages) {
        const stamp = readStamp(m.headers);
        assert.ok(stamp, `message at ${m.partition}/${m.offset} has no mq stamp`);
        received.set(stamp.seq, m);
      }
      if (received.size >= count) all();
    },
  });
  await consumer.start();
  await complete;
  await consumer.close();
  assert.equal(received.size, count);
  for (const [seq, m] of received) {
    assert.equal(m.key?.toString(), keyOf(seq).toString());
    assert.equal(m.partition, javaPartition(keyOf(seq)), `key ${keyOf(seq).toString()} on the partition Java's murmur2 picks`);
  }
});
