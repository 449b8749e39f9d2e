import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartitionAccumulator, type PartitionBatch } from '../../src/drivers/kafka/accumulator.js';
import type { OutgoingMessage } from '../../src/drivers/types.js';

const msg = (key: string | null, size = 10): OutgoingMessage => ({ key: key === null ? null : Buffer.from(key), value: Buffer.alloc(size), headers: {} });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collector(opts: { maxRecords?: number; maxBytes?: number; lingerMs?: number; partitions?: number }) {
  const sent: PartitionBatch[] = [];
  /** Partitions of each sendBatches call. */
  const calls: number[][] = [];
  const acc = new PartitionAccumulator({
    partitions: opts.partitions ?? 3,
    maxRecords: opts.maxRecords ?? 100,
    maxBytes: opts.maxBytes ?? 1 << 20,
    lingerMs: opts.lingerMs ?? 1000,
    partitionOf: (key) => key.length % (opts.partitions ?? 3),
    sendBatches: (bs) => {
      sent.push(...bs);
      calls.push(bs.map((b) => b.partition));
    },
  });
  return { acc, sent, calls };
}

test('a batch goes out alone when full by count or by bytes, with its tickets in order', () => {
  const { acc, sent, calls } = collector({ maxRecords: 3, maxBytes: 25 });
  acc.add(0, msg('a'));
  acc.add(1, msg('a'));
  assert.equal(sent.length, 0);
  acc.add(2, msg('a'));
  assert.deepEqual(sent.map((b) => [b.partition, b.tickets]), [[1, [0, 1, 2]]]);
  acc.add(3, msg('bb', 20));
  acc.add(4, msg('bb', 20)); // 40 bytes ≥ 25
  assert.deepEqual(sent[1]!.tickets, [3, 4]);
  assert.equal(sent[1]!.partition, 2);
  assert.deepEqual(calls, [[1], [2]]);
  acc.close();
});

test('unkeyed messages stick to one partition until its batch is sent, then move on', () => {
  const { acc, sent } = collector({ maxRecords: 2 });
  for (let i = 0; i < 6; i++) acc.add(i, msg(null));
  assert.deepEqual(sent.map((b) => b.partition), [0, 1, 2]);
  acc.close();
});

test('lingering batches of every partition go out together after lingerMs; flush sends everything at once; lingerMs 0 sends each message', async () => {
  const { acc, sent, calls } = collector({ lingerMs: 20 });
  acc.add(0, msg('a'));
  acc.add(1, msg('bb'));
  assert.equal(acc.waiting, 2);
  await sleep(80);
  assert.equal(sent.length, 2, 'both partitions lingered out');
  assert.deepEqual(calls, [[1, 2]], 'in one call (one request per broker)');
  assert.equal(acc.waiting, 0);
  acc.add(2, msg('a'));
  acc.flush();
  assert.equal(sent.length, 3);
  acc.close();
  const now = collector({ lingerMs: 0 });
  now.acc.add(0, msg('a'));
  now.acc.add(1, msg('a'));
  assert.equal(now.sent.length, 2);
});

test('coalesce: full batches of one turn go out together at its end, distinct partitions per call, in order; flush sends them first', async () => {
  const sent: PartitionBatch[] = [];
  const calls: number[][] = [];
  const acc = new PartitionAccumulator({
    partitions: 3,
    maxRecords: 2,
    maxBytes: 1 << 20,
    lingerMs: 1000,
    partitionOf: () => 0,
    coalesce: true,
    sendBatches: (bs) => {
      sent.push(...bs);
      calls.push(bs.map((b) => b.partition));
    },
  });
  for (let i = 0; i < 8; i++) acc.add(i, msg(null)); // batches of 2 on 0, 1, 2, 0
  assert.equal(sent.length, 0, 'nothing before the end of the turn');
  assert.equal(acc.waiting, 8);
  await Promise.resolve();
  assert.deepEqual(calls, [[0, 1, 2], [0]], 'a partition already in the call starts the next one');
  assert.deepEqual(sent.map((b) => b.tickets), [[0, 1], [2, 3], [4, 5], [6, 7]]);
  acc.add(8, msg(null));
  acc.add(9, msg(null));
  acc.add(10, msg(null)); // [8, 9] full and waiting; 10 open on the next partition
  acc.flush();
  assert.deepEqual(sent.slice(4).map((b) => b.tickets), [[8, 9], [10]], 'the waiting full batch before the open one');
  assert.equal(acc.waiting, 0);
  await Promise.resolve();
  assert.equal(sent.length, 6, 'the microtask finds nothing left');
  acc.close();
});
