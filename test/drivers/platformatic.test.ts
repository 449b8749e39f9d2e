/**
 * What is specific to the platformatic client (the conformance suite covers the common contract):
 * key → partition as kafkajs and Java place it, the tagged-field fix, producing into a topic
 * created a moment ago, the `mq` header round trip, and every compression codec it declares.
 * Against the real local Kafka (see test/helpers/broker.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader, produceV11 } from '@platformatic/kafka';
import { kafkajsPartitioner } from '../../src/drivers/kafka/kafkajs/producer.js';
import { javaPartitioner } from '../../src/drivers/kafka/platformatic/producer.js';
import { installTaggedFieldsFix } from '../../src/drivers/kafka/platformatic/tagged-fields.js';
import { KAFKA_CLIENTS } from '../../src/drivers/kafka/clients.js';
import { createDriver } from '../../src/drivers/index.js';
import type { Driver, ProducerOptions, ReceivedBatch } from '../../src/drivers/types.js';
import { readStamp, stampHeaders, stampPrefix } from '../../src/load/headers.js';
import { TestKafka, testBrokers, uniqueName } from '../helpers/broker.js';

describe('platformatic: partitioner', () => {
  test('a key goes to the partition kafkajs (and Java) choose, for 1,000 keys and several partition counts', () => {
    for (const n of [1, 3, 6, 7, 32]) {
      const ours = javaPartitioner(n);
      const theirs = kafkajsPartitioner(n);
      for (let i = 0; i < 1000; i++) {
        const key = Buffer.from(i % 2 ? `key-${i}` : `${i * 7919}:${'x'.repeat(i % 17)}`);
        assert.equal(ours(key), theirs(key), `key ${key.toString()} with ${n} partitions`);
      }
    }
  });
});

describe('platformatic: tagged fields', () => {
  test('a tagged-field section with fields is skipped whole (KIP-482 layout)', () => {
    installTaggedFieldsFix();
    // count 2; tag 0 size 3 (3 bytes); tag 1 size 0; then an INT32 42.
    const buf = Buffer.from([0x02, 0x00, 0x03, 0xaa, 0xbb, 0xcc, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2a]);
    const r = Reader.from(buf);
    r.readTaggedFields();
    assert.equal(r.readInt32(), 42);
  });

  test('an empty section is one byte', () => {
    installTaggedFieldsFix();
    const r = Reader.from(Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07]));
    r.readTaggedFields();
    assert.equal(r.readInt32(), 7);
  });

  test('a Produce v11 response of Kafka 4.1 with NOT_LEADER_OR_FOLLOWER reads as a stale-metadata error, not "Out of bounds"', () => {
    installTaggedFieldsFix();
    // Captured from the local Kafka 4.1.1 right after creating a 6-partition topic: partitions 1
    // and 0 answer error 6 with a CurrentLeader tagged field, NodeEndpoints follows at the top.
    const response = Buffer.from(
      '021d706c617462656e63682d313739363136303033333037362d71716362070000000200000000000000000000ffffffffffffffff000000000000000001' +
        '00000000000500000000000000000000ffffffffffffffff0000000000000000010000000000010006ffffffffffffffffffffffffffffffffffffffffffffffff' +
        '010000000000000006ffffffffffffffffffffffffffffffffffffffffffffffff01000100090000000100000000000000000300000000000000000000ffffffff' +
        'ffffffff00000000000000000100000000000400000000000000000000ffffffffffffffff0000000000000000010000000000000001001502000000010a3132' +
        '372e302e302e31000023840000',
      'hex',
    );
    const err = (() => {
      try {
        produceV11.parseResponse(1, 0, 11, Reader.from(response));
      } catch (e) {
        return e as { code?: string; response?: { responses: Array<{ partitionResponses: Array<{ index: number; errorCode: number }> }> }; findBy?: (k: string, v: unknown) => unknown };
      }
      return null;
    })();
    assert.ok(err, 'the partition errors are reported');
    assert.equal(err.code, 'PLT_KFK_RESPONSE');
    assert.deepEqual(err.response?.responses[0]?.partitionResponses.map((p) => [p.index, p.errorCode]), [[2, 0], [5, 0], [1, 6], [0, 6], [3, 0], [4, 0]]);
    assert.ok(err.findBy?.('hasStaleMetadata', true), 'the library retries it on fresh metadata');
  });
});

const producerOptions = (topic: string, over: Partial<ProducerOptions> = {}): ProducerOptions => ({
  producerId: 'p-1',
  topic,
  mode: 'async',
  window: 10000,
  acks: -1,
  compression: 'none',
  idempotent: false,
  retries: 3,
  batching: { maxRecords: 100, lingerMs: 5 },
  ...over,
});

/** Produces `count` messages through `driver`; resolves with the number acked, rejects on the first failure. */
async function produce(driver: Driver, opts: ProducerOptions, count: number, message: (i: number) => { key: Buffer | null; value: Buffer; headers: Record<string, Buffer> }): Promise<number> {
  let acked = 0;
  let settled = 0;
  let failure: unknown = null;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const seen = new Set<number>();
  const producer = await driver.createProducer(opts, {
    acked: (tickets) => {
      for (const t of tickets) {
        assert.ok(!seen.has(t), `ticket ${t} reported twice`);
        seen.add(t);
      }
      acked += tickets.length;
      settled += tickets.length;
      if (settled >= count) resolve();
    },
    failed: (tickets, err) => {
      failure ??= err;
      settled += tickets.length;
      if (settled >= count) resolve();
    },
  });
  try {
    for (let i = 0; i < count; i++) producer.send(i, message(i));
    producer.flush();
    await done;
  } finally {
    await producer.close();
  }
  if (failure !== null) throw failure;
  return acked;
}

/** Consumes until `count` messages arrived (or `timeoutMs`), with the platformatic client. */
async function consume(driver: Driver, topic: string, groupId: string, count: number, timeoutMs = 30000): Promise<ReceivedBatch[]> {
  const batches: ReceivedBatch[] = [];
  let n = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const consumer = await driver.createConsumer({
    groupId,
    consumerId: 'c-1',
    topic,
    commit: 'after-process',
    onBatch: async (b) => {
      batches.push(b);
      n += b.messages.length;
      if (n >= count) resolve();
    },
  });
  await consumer.start();
  const timer = setTimeout(resolve, timeoutMs);
  await done;
  clearTimeout(timer);
  await consumer.close();
  return batches;
}

describe('platformatic: against Kafka', () => {
  let kafka: TestKafka;
  let driver: Driver;
  before(() => {
    kafka = new TestKafka();
    driver = createDriver({ type: 'kafka', brokers: testBrokers(), client: 'platformatic' }, { clientId: uniqueName('mqload-plat') });
  });
  after(async () => {
    await driver.close();
    await kafka.cleanup();
  });

  test('keyed messages into a topic created a moment ago all arrive, on the partitions Java would choose, with the mq header intact', async () => {
    const topic = await kafka.topic('plat-keys', 6);
    const count = 3000;
    const prefix = stampPrefix('run1', 'p-1');
    const value = Buffer.alloc(100, 1);
    const acked = await produce(driver, producerOptions(topic, { acks: 1 }), count, (i) => ({ key: Buffer.from(`k${i % 1000}`), value, headers: stampHeaders(prefix, i, 1_700_000_000_000 + i, i < 10) }));
    assert.equal(acked, count);
    const batches = await consume(driver, topic, kafka.group('plat-keys'), count);
    const partitionOf = javaPartitioner(6);
    const seqs = new Set<number>();
    const lastOffset = new Map<number, bigint>();
    for (const b of batches) {
      for (const m of b.messages) {
        assert.equal(m.partition, b.partition);
        assert.equal(m.partition, partitionOf(m.key!), `key ${m.key?.toString()}`);
        const offset = BigInt(m.offset!);
        assert.ok((lastOffset.get(m.partition) ?? -1n) < offset, 'offsets rise within a partition');
        lastOffset.set(m.partition, offset);
        assert.equal(m.size, 100);
        const stamp = readStamp(m.headers);
        assert.ok(stamp, 'mq header present');
        assert.equal(stamp.runId, 'run1');
        assert.equal(stamp.producerId, 'p-1');
        assert.equal(stamp.warmup, stamp.seq < 10);
        assert.equal(m.key!.toString(), `k${stamp.seq % 1000}`);
        seqs.add(stamp.seq);
      }
    }
    assert.equal(seqs.size, count);
  });

  for (const codec of KAFKA_CLIENTS.platformatic.codecs) {
    test(`compression ${codec}: the broker accepts the batches and they read back`, async () => {
      const topic = await kafka.topic(`plat-${codec}`, 2);
      const count = 500;
      const value = Buffer.from('compressible '.repeat(40));
      await produce(driver, producerOptions(topic, { compression: codec }), count, (i) => ({ key: null, value, headers: { mq: Buffer.from(`r/p/${i}/1`) } }));
      const batches = await consume(driver, topic, kafka.group(`plat-${codec}`), count);
      const got = batches.flatMap((b) => b.messages);
      assert.equal(got.length, count);
      assert.ok(got.every((m) => m.size === value.length));
    });
  }

  test('zstd is refused with a hint where node:zlib has no zstd', { skip: KAFKA_CLIENTS.platformatic.codecs.includes('zstd') }, async () => {
    const topic = await kafka.topic('plat-zstd', 1);
    await assert.rejects(driver.createProducer(producerOptions(topic, { compression: 'zstd' }), { acked: () => {}, failed: () => {} }), /zstd/);
  });

  test('idempotent: many batches of one partition outstanding at once are all accepted, and written once', async () => {
    const topic = await kafka.topic('plat-idem', 2);
    const count = 5000;
    const value = Buffer.alloc(200, 3);
    const acked = await produce(driver, producerOptions(topic, { idempotent: true, acks: -1, retries: 10, batching: { maxRecords: 50, lingerMs: 1 } }), count, (i) => ({ key: null, value, headers: { mq: Buffer.from(`r/p/${i}/1`) } }));
    assert.equal(acked, count);
    const offsets = await driver.offsets!.topicOffsets(topic);
    assert.equal(offsets.reduce((n, o) => n + Number(o.high - o.low), 0), count, 'the log holds each message once');
  });

  test('sync mode (window 1, no linger) gets each message acknowledged on its own', async () => {
    const topic = await kafka.topic('plat-sync', 1);
    let acks = 0;
    const producer = await driver.createProducer(producerOptions(topic, { mode: 'sync', window: 1, batching: { maxRecords: 100, lingerMs: 1000 } }), {
      acked: (t) => (acks += t.length),
      failed: (_t, err) => assert.fail(String(err)),
    });
    try {
      for (let i = 0; i < 20; i++) {
        const before = acks;
        const t0 = performance.now();
        producer.send(i, { key: null, value: Buffer.from('x'), headers: {} });
        while (acks === before) await new Promise((r) => setTimeout(r, 1));
        assert.ok(performance.now() - t0 < 900, 'not held back by the linger');
      }
    } finally {
      await producer.close();
    }
    assert.equal(acks, 20);
  });
});
