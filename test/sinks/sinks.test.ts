/**
 * The database sinks against the real PostgreSQL and MariaDB: the table is created, `insert`
 * counts a redelivery as a unique-key violation, `upsert` absorbs it into the existing row,
 * rows are counted per run, stored latency is recorded, and an unreachable database fails the
 * connection check. Each test creates and drops its own table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { SinkSpec } from '../../src/profile/schema.js';
import { createSinkAdmin, createSinkWriter } from '../../src/sinks/factory.js';
import { ConsumerSinks } from '../../src/sinks/consumer-sinks.js';
import { nowWallMs } from '../../src/load/headers.js';
import { decodeHistogram } from '../../src/metrics/histogram.js';
import { createSinkHooks } from '../../src/sinks/hooks.js';
import { SinkUnavailableError } from '../../src/sinks/factory.js';
import type { RunContext } from '../../src/run/hooks.js';
import type { Profile } from '../../src/profile/schema.js';

const URLS = {
  postgres: process.env['MQLOAD_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env['MQLOAD_TEST_MYSQL'] ?? 'mysql://root@127.0.0.1:3306/test',
} as const;

const tableName = (type: string) => `mqload_test_${type}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;

function row(runId: string, seq: number) {
  return { runId, msgId: `p0-${seq}`, key: `k-${seq % 7}`, producerId: 'p0', seq, partition: seq % 3, sentUs: Date.now() * 1000 };
}

for (const type of ['postgres', 'mysql'] as const) {
  test(`${type}: insert counts duplicates, upsert absorbs them, rows are counted per run`, { timeout: 30_000 }, async () => {
    const table = tableName(type);
    const admin = createSinkAdmin({ type, url: URLS[type], table, mode: 'insert' });
    const errors: Error[] = [];
    try {
      await admin.ensureTable();
      await admin.ensureTable(); // idempotent
      const insert = createSinkWriter({ type, url: URLS[type], table, mode: 'insert' }, (e) => errors.push(e));
      const upsert = createSinkWriter({ type, url: URLS[type], table, mode: 'upsert', poolSize: 2 }, (e) => errors.push(e));
      try {
        await insert.check();
        assert.equal(await insert.write(row('run-a', 1)), 'inserted');
        assert.equal(await insert.write(row('run-a', 1)), 'duplicate');
        assert.equal(await insert.write(row('run-b', 1)), 'inserted', 'the same message id in another run is another row');
        assert.equal(await upsert.write(row('run-a', 2)), 'inserted');
        assert.equal(await upsert.write(row('run-a', 2)), 'updated');
        assert.equal(await upsert.write(row('run-a', 1)), 'updated');
        assert.equal(await admin.countRows('run-a'), 2);
        assert.equal(await admin.countRows('run-b'), 1);
        assert.equal(await admin.countRows('run-none'), 0);
      } finally {
        await insert.close();
        await upsert.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await admin.dropTable();
      await admin.close();
    }
  });

  test(`${type}: consumer sinks write per consumer, count outcomes and record stored latency`, { timeout: 30_000 }, async () => {
    const table = tableName(type);
    const spec: SinkSpec = { type, url: URLS[type], table, mode: 'insert' };
    const admin = createSinkAdmin(spec);
    const recorded: string[] = [];
    try {
      await admin.ensureTable();
      const sinks = new ConsumerSinks(spec, 'run-c', (m) => recorded.push(m));
      await sinks.open(['c0-0', 'c0-1']);
      const stamp = (seq: number, warmup = false) => ({ runId: 'run-c', producerId: 'p1', seq, sentMs: nowWallMs() - 5, warmup });
      await sinks.write('c0-0', 0, Buffer.from('k-1'), stamp(0));
      await sinks.write('c0-1', 1, null, stamp(1, true));
      await sinks.write('c0-1', 0, Buffer.from('k-1'), stamp(0)); // redelivery to another consumer
      await sinks.write('unknown-consumer', 0, null, stamp(2)); // not this worker's: ignored
      const hist = sinks.takeStoredHistograms();
      assert.ok(hist.all && hist.warm, 'stored latency recorded, with its warm-up part');
      const h = decodeHistogram(hist.all);
      assert.equal(h.totalCount, 2, 'one stored latency per committed row (not for the rejected duplicate)');
      assert.equal(decodeHistogram(hist.warm).totalCount, 1, 'the warm-up message is also in the warm-up part');
      assert.ok(h.minNonZeroValue >= 5000, 'stored latency counts from the send time (µs)');
      assert.deepEqual(sinks.takeStoredHistograms(), { all: undefined, warm: undefined }, 'a new interval starts empty');
      const stats = await sinks.close();
      assert.deepEqual(stats, { writes: 3, inserted: 2, duplicates: 1, errors: 0 });
      await sinks.write('c0-0', 0, null, stamp(9));
      assert.equal(sinks.stats().writes, 3, 'nothing is written after close');
      assert.equal(await admin.countRows('run-c'), 2);
      assert.deepEqual(recorded, []);
    } finally {
      await admin.dropTable();
      await admin.close();
    }
  });

  test(`${type}: an unreachable database fails the connection check`, { timeout: 30_000 }, async () => {
    const url = type === 'postgres' ? 'postgres://postgres@127.0.0.1:1/test' : 'mysql://root@127.0.0.1:1/test';
    const w = createSinkWriter({ type, url, table: 't', mode: 'upsert' }, () => undefined);
    await assert.rejects(w.check());
    await w.close();
  });
}

test('a run whose sink database is unreachable stops at start with exit 4 and a hint (password not shown)', { timeout: 30_000 }, async () => {
  const profile = {
    name: 't',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
    topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    consumers: { groups: 1, perGroup: 1, sink: { type: 'postgres', url: 'postgres://postgres:secret@127.0.0.1:1/test', table: 't', mode: 'insert' } },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
  } as Profile;
  const hooks = createSinkHooks(profile);
  assert.ok(hooks?.beforeLoad);
  // The table is created before anything else touches the run, so a bare context suffices here.
  await assert.rejects(Promise.resolve(hooks.beforeLoad({} as RunContext)), (e: unknown) => {
    assert.ok(e instanceof SinkUnavailableError);
    assert.equal(e.exitCode, 4);
    assert.ok(!e.message.includes('secret'), e.message);
    assert.match(e.hint, /consumers\.sink\.url/);
    return true;
  });
  assert.equal(createSinkHooks({ ...profile, consumers: { groups: 1, perGroup: 1 } }), undefined, 'no sink, no hooks');
});
