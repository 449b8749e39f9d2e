/**
 * Stream queues started at `topics[].streamOffset`, against the real local RabbitMQ:
 * - the driver: N messages in a fresh stream, a consumer from offset k gets exactly N − k, at
 *   offsets k … N − 1, in order; from a timestamp, exactly what was written after it;
 * - the whole run path: a consumer attached at an offset the run's producers pass mid-run; delivery
 *   verification counts the skipped messages as `beforeStart`, not lost;
 * - validation: a stream offset on a non-stream queue, a bad value, exit 2 with the path.
 * Each test declares its own exchange and stream (unique names) and deletes them afterwards.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerClockLagMs, CountingListener, RABBITMQ_URL, Received, TestRabbit, producerOptions, rabbitName, sendAll, sleep, waitFor } from '../helpers/rabbitmq.js';
import { profileOf, runWithExtensions } from '../verify/run-helpers.js';
import { runCli } from '../helpers/cli.js';
import { validateProfile } from '../../src/profile/validate.js';

const rabbit = new TestRabbit();
after(() => rabbit.cleanup());

test('rabbitmq stream from offset k: a consumer gets exactly N − k messages, offsets k … N − 1, in order', { timeout: 60_000 }, async () => {
  const n = 500;
  const k = 137;
  const group = rabbitName('g');
  const topic = await rabbit.topic({ queueType: 'stream', streamOffset: k }, [group]);
  const d = rabbit.driver({ prefetch: 100 });
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 100), l);
  await sendAll(p, l, n, 100);
  assert.equal(l.ackedCount, n, [...l.errors.keys()].join('; '));
  // The consumer attaches after the stream holds all N (offsets 0 … N − 1 of a fresh stream).
  const got = new Received();
  await rabbit.consumer(d, topic, group, 'after-process', got);
  await waitFor(() => got.count >= n - k, 20_000, `${n - k} deliveries (got ${got.count})`);
  await sleep(300);
  assert.equal(got.count, n - k, 'nothing before the offset, nothing twice');
  assert.deepEqual(got.messages.map((m) => Number(m.offset)), Array.from({ length: n - k }, (_, i) => k + i));
  assert.deepEqual(got.values(), Array.from({ length: n - k }, (_, i) => k + i), 'the message at offset i is the i-th sent');
});

test('rabbitmq stream from a timestamp: only what was written at or after it', { timeout: 60_000 }, async () => {
  const group = rabbitName('g');
  // The timestamp is set once the first batch is in: the topology is read when the consumer is made.
  const topic = await rabbit.topic({ queueType: 'stream' }, [group]);
  const d = rabbit.driver({ prefetch: 100 });
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 100), l);
  await sendAll(p, l, 200, 100);
  // The broker stamps chunks in ms of its own clock and the argument is whole seconds: put a
  // second boundary of the broker's clock between the batches (its clock may trail this machine's).
  const lag = await brokerClockLagMs();
  const brokerNow = () => Date.now() - lag;
  const boundary = Math.ceil((brokerNow() + 1000) / 1000) * 1000;
  while (brokerNow() < boundary + 300) await sleep(50);
  rabbit.topology[topic]!['streamOffset'] = new Date(boundary).toISOString();
  const second = new CountingListener();
  const p2 = await rabbit.producer(d, { ...producerOptions(topic, 'async', 100), producerId: rabbitName('p2') }, second);
  await sendAll(p2, second, 150, 100);
  const got = new Received();
  await rabbit.consumer(rabbit.driver({ prefetch: 100 }), topic, group, 'after-process', got);
  await waitFor(() => got.count >= 150, 20_000, `150 deliveries (got ${got.count}; broker clock ${lag} ms behind)`);
  await sleep(300);
  assert.equal(got.count, 150, 'the first batch lies before the timestamp');
  assert.deepEqual(got.messages.map((m) => Number(m.offset)), Array.from({ length: 150 }, (_, i) => 200 + i));
});

test('rabbitmq run with a stream offset the producers pass mid-run: the skipped messages are beforeStart, nothing lost', { timeout: 90_000 }, async (t) => {
  const k = 300;
  const profile = profileOf({
    name: 'rmq-stream-offset',
    driver: { type: 'rabbitmq', url: RABBITMQ_URL, config: { prefetch: 200 } },
    topics: [{ name: rabbitName('rmq-stream-offset'), queueType: 'stream', streamOffset: k, deleteAfterRun: true }],
    message: { size: 100 },
    producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 200 },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 500, duration: '3s' }] },
    verify: { graceMs: 8000 },
  });
  const { summary, events } = await runWithExtensions(profile);
  const d = summary.delivery?.[0];
  t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(d)}`);
  assert.equal(summary.status, 'completed');
  assert.ok(d, 'delivery is verified');
  assert.ok(d.acked > 1200, `acked ${d.acked}`);
  assert.equal(d.beforeStart, k, 'the fresh stream held this run only: its first k messages lie before the start');
  assert.equal(d.lost, 0);
  assert.equal(d.unique, d.acked - k, 'every message at or after the offset arrived');
  assert.equal(d.duplicated, 0);
  assert.equal(d.verdict, 'ok');
  assert.ok(events.some((e) => e.kind === 'note' && /before the start position 300/.test(e.message)), 'the events say so');
});

test('rabbitmq streamOffset validation: non-stream queue, bad values and a contradiction, with paths; the CLI exits 2', async () => {
  const base = (topic: Record<string, unknown>, consumers: Record<string, unknown> = {}) => ({
    name: 'rmq-stream-validate',
    driver: { type: 'rabbitmq', url: RABBITMQ_URL },
    topics: [{ name: 'ex', ...topic }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    consumers: { groups: 1, perGroup: 1, ...consumers },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
  });
  const problems = (topic: Record<string, unknown>, consumers?: Record<string, unknown>) => validateProfile(base(topic, consumers), 'test').problems;
  for (const ok of [0, 42, 'first', 'next', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00.250+01:00']) assert.deepEqual(problems({ queueType: 'stream', streamOffset: ok }), [], `${ok} is valid`);
  const onClassic = problems({ streamOffset: 5 });
  assert.deepEqual(onClassic.map((p) => p.path), ['/topics/0/streamOffset']);
  assert.match(onClassic[0]!.message, /stream queues only.*classic/);
  for (const bad of [-1, 1.5, 'last', true, '2026-12-01 10:00', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z']) {
    const ps = problems({ queueType: 'stream', streamOffset: bad });
    assert.deepEqual(ps.map((p) => p.path), ['/topics/0/streamOffset'], `${JSON.stringify(bad)}: ${JSON.stringify(ps)}`);
  }
  assert.match(problems({ queueType: 'stream', streamOffset: 'last' })[0]!.message, /first, next, an offset ≥ 0 or an ISO 8601 timestamp/);
  assert.match(problems({ queueType: 'stream', streamOffset: 7 }, { startFrom: 'earliest' })[0]!.message, /startFrom: earliest/);
  assert.deepEqual(problems({ queueType: 'stream', streamOffset: 'first' }, { startFrom: 'earliest' }), []);

  const dir = mkdtempSync(join(tmpdir(), 'mqload-stream-validate-'));
  try {
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(base({ streamOffset: 5 })));
    const r = await runCli(['validate', file], { timeoutMs: 30_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr + r.stdout, /\/topics\/0\/streamOffset/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
