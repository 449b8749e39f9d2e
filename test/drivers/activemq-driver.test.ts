/**
 * The ActiveMQ Classic driver (AMQP 1.0, rhea) against a real local ActiveMQ, started through
 * the launcher when it is not running (and stopped again if the tests started it): the broker
 * listens on loopback only and refuses a wrong password; every send mode reports each ticket
 * exactly once and delivers what was acknowledged; a virtual topic fans out to a queue per
 * group, a queue splits between competing consumers; backlog is queue depth (QueueSize, of
 * which InFlightCount); a crashed after-process consumer's deliveries come again, flagged.
 * Each test creates its own destinations and queues (unique names) and deletes them afterwards.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ACTIVEMQ_URL, TestActivemq, activemqName, useLocalActivemq } from '../helpers/activemq.js';
import { Received } from '../helpers/destinations.js';
import { CountingListener, producerOptions, sendAll, sleep, waitFor } from '../helpers/rabbitmq.js';
import { readActivemqState } from '../../src/local/activemq/broker.js';
import { ActivemqDriver } from '../../src/drivers/activemq/driver.js';
import { BrokerUnreachableError } from '../../src/errors.js';

// Cleanup first: `after` hooks run in registration order, and the lease may stop the broker.
const amq = new TestActivemq();
after(() => amq.cleanup());
useLocalActivemq();

test('activemq local broker listens on 127.0.0.1 only (ss -ltnp); a wrong password is refused', { timeout: 20_000 }, async () => {
  const s = readActivemqState();
  assert.ok(s, 'the broker is recorded');
  const lines = execFileSync('ss', ['-ltnp'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`pid=${s.pid},`));
  const ports = lines.map((l) => Number((l.split(/\s+/)[3] ?? '').split(':').pop()));
  assert.deepEqual(ports.sort(), [s.amqpPort, s.jolokiaPort].sort(), `only AMQP and Jolokia listen:\n${lines.join('\n')}`);
  for (const l of lines) assert.match(l.split(/\s+/)[3] ?? '', /^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+$/, l);
  const wrong = new ActivemqDriver({ type: 'activemq', brokers: [], url: ACTIVEMQ_URL.replace('amqp://', 'amqp://mqload:wrong-password@') }, 'bad');
  await assert.rejects(wrong.probe(5000), (e: unknown) => e instanceof BrokerUnreachableError && !String((e as Error).message).includes('wrong-password'));
  const info = await amq.driver().probe(5000);
  assert.equal(info.clusterId, 'mqload');
});

for (const mode of ['sync', 'async', 'oneway'] as const) {
  test(`activemq ${mode}: acked + failed = sent, each ticket once, the group receives every acked message in order`, { timeout: 60_000 }, async () => {
    const group = activemqName('g');
    const topic = await amq.topic({ routing: 'queue', persistent: mode !== 'oneway' }, [group]);
    const d = amq.driver();
    const got = new Received();
    await amq.consumer(d, topic, group, 'after-process', got);
    const n = mode === 'sync' ? 200 : 2000;
    const window = mode === 'sync' ? 1 : 300;
    const l = new CountingListener();
    const p = await amq.producer(d, producerOptions(topic, mode, window), l);
    await sendAll(p, l, n, window);
    assert.equal(l.ackedCount + l.failedCount, n, 'every ticket reported');
    assert.equal(l.failedCount, 0, [...l.errors.keys()].join('; '));
    await waitFor(() => got.count >= l.ackedCount, 20_000, `delivery of ${l.ackedCount} (got ${got.count})`);
    await sleep(200);
    assert.equal(got.count, l.ackedCount, 'delivered = acked');
    assert.deepEqual(got.values(), Array.from({ length: n }, (_, i) => i), 'one queue, one producer: in order, no duplicate');
    assert.ok(got.messages.every((m, i) => m.partition === 0 && m.offset === null && !m.redelivered && m.size === String(i).length), 'lane 0, no position, not redelivered, payload size');
  });
}

test('activemq virtual topic to 3 groups: each group queue gets every message; two consumers of a group compete', { timeout: 60_000 }, async () => {
  const groups = [activemqName('g'), activemqName('g'), activemqName('g')];
  const topic = await amq.topic({ routing: 'virtual-topic' }, groups);
  const d = amq.driver({ prefetch: 20, consumerBatch: 10 });
  const got = groups.map(() => new Received());
  const second = new Received();
  for (let i = 0; i < 3; i++) await amq.consumer(d, topic, groups[i]!, 'after-process', got[i]!, () => sleep(1));
  await amq.consumer(d, topic, groups[0]!, 'after-process', second, () => sleep(1));
  const l = new CountingListener();
  const p = await amq.producer(d, producerOptions(topic, 'async', 300), l);
  await sendAll(p, l, 1500, 300);
  assert.equal(l.ackedCount, 1500);
  await waitFor(() => got[0]!.count + second.count >= 1500 && got.slice(1).every((g) => g.count >= 1500), 30_000, `1500 in each group (${got.map((g) => g.count).join(', ')} + ${second.count})`);
  for (const g of got.slice(1)) assert.deepEqual(g.values(), Array.from({ length: 1500 }, (_, i) => i));
  assert.ok(got[0]!.count > 100 && second.count > 100, `group 0's consumers share its queue: ${got[0]!.count} / ${second.count}`);
  assert.deepEqual([...got[0]!.values(), ...second.values()].sort((x, y) => x - y), Array.from({ length: 1500 }, (_, i) => i), 'each message once per group');
});

test('activemq backlog: QueueSize without consumers, a consumer\'s held prefetch counts as in flight; unknown groups read 0', { timeout: 40_000 }, async () => {
  const group = activemqName('g');
  const topic = await amq.topic({}, [group]);
  const d = amq.driver({ prefetch: 50 });
  const l = new CountingListener();
  const p = await amq.producer(d, producerOptions(topic, 'async', 100), l);
  await sendAll(p, l, 321, 100);
  const [r, unknown] = await d.backlog([
    { groupId: group, topic },
    { groupId: activemqName('none'), topic },
  ]);
  assert.deepEqual(r, { groupId: group, topic, messages: 321, unacked: 0 });
  assert.equal(unknown!.messages, 0);
  let release: () => void = () => undefined;
  const held = new Promise<void>((res) => (release = res));
  const c = await d.createConsumer({ groupId: group, consumerId: 'holder', topic, commit: 'after-process', onBatch: () => held });
  try {
    await c.start();
    let now = r!;
    for (let i = 0; i < 50 && (now.unacked ?? 0) < 50; i++) {
      await sleep(100);
      [now] = (await d.backlog([{ groupId: group, topic }])) as [typeof now];
    }
    assert.equal(now.unacked, 50, 'the consumer holds its whole prefetch unsettled');
    assert.equal(now.messages, 321, 'QueueSize includes what is in flight');
  } finally {
    release();
    await c.close({ commit: false });
  }
});

test('activemq consumer crash with after-process: unsettled deliveries come again, nothing lost', { timeout: 60_000 }, async () => {
  const group = activemqName('g');
  const topic = await amq.topic({ persistent: true }, [group]);
  const d = amq.driver({ prefetch: 100, consumerBatch: 10 });
  const l = new CountingListener();
  const p = await amq.producer(d, producerOptions(topic, 'async', 200), l);
  await sendAll(p, l, 400, 200);
  const first = new Received();
  let crash: () => void = () => undefined;
  const crashed = new Promise<void>((res) => (crash = res));
  const c1 = await amq.consumer(d, topic, group, 'after-process', first, () => {
    crash();
    return new Promise<void>(() => undefined);
  });
  await crashed;
  await sleep(200);
  await c1.close({ commit: false });
  const second = new Received();
  await amq.consumer(d, topic, group, 'after-process', second);
  await waitFor(() => second.count >= 400, 20_000, `400 deliveries (got ${second.count})`);
  assert.equal(new Set(second.values()).size, 400, 'nothing lost');
  const held = new Set(second.values().slice(0, 100));
  assert.ok(first.values().every((v) => held.has(v)), 'the batch the crashed consumer was handling comes again first');
  assert.ok(second.messages.filter((m) => m.redelivered).every((m) => held.has(Number(m.headers['n']?.toString()))), 'flagged ones were in the crashed consumer\'s prefetch');
});
