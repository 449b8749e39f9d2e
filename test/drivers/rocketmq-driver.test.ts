/**
 * The RocketMQ driver (gRPC, rocketmq-client-nodejs) against the local RocketMQ, started
 * through the launcher when it is not running (and stopped again if these tests started it):
 * the local broker listens on 127.0.0.1 only; every send mode reports each ticket exactly once
 * and delivers what was acknowledged (one-way emulated: acked at once); two groups each get every
 * message, competing consumers of one group share them; an after-process crash hands back what
 * was held (flagged by its delivery attempt); backlog is consumer lag. Each test makes its own
 * topic and groups (unique names) and deletes them afterwards. The file has a time limit of its
 * own, and must exit by itself once done: every client is shut down (no gRPC handle left).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDriver } from '../../src/drivers/index.js';
import { DEFAULT_ROCKETMQ_TUNING } from '../../src/drivers/rocketmq/config.js';
import { CountingListener, ROCKETMQ_ENDPOINT, Received, TestRocketmq, producerOptions, rocketmqName, sendAll, sleep, useLocalRocketmq, waitFor } from '../helpers/rocketmq.js';
import { readRocketmqState } from '../../src/local/rocketmq/broker.js';
import { RocketmqPrometheusCollector } from '../../src/collectors/rocketmq/index.js';

useLocalRocketmq();
const rmq = new TestRocketmq();
after(() => rmq.cleanup());

describe('rocketmq driver', { timeout: 240_000 }, () => {
  test('the local RocketMQ listens on 127.0.0.1 only (ss -ltnp)', { timeout: 10_000 }, () => {
    const s = readRocketmqState();
    assert.ok(s, 'the broker is recorded');
    const ports = [s.grpcPort, s.namesrvPort, s.brokerPort, s.metricsPort, s.jolokiaPort, s.namesrvJolokiaPort];
    const lines = execFileSync('ss', ['-ltnp'], { encoding: 'utf8' }).split('\n').slice(1).filter((l) => l.trim() !== '');
    const mine = lines.filter((l) => ports.includes(Number((l.split(/\s+/)[3] ?? '').split(':').pop())));
    assert.equal(mine.length, 6, `gRPC, name server, broker, metrics and both JVMs' Jolokia agents listen:\n${mine.join('\n')}`);
    for (const l of mine) assert.match(l.split(/\s+/)[3] ?? '', /^127\.0\.0\.1:\d+$/, l);
    for (const l of lines) assert.ok(!/pid=(\d+)/.test(l) || (!l.includes(`pid=${s.pid},`) && !l.includes(`pid=${s.namesrvPid},`)), `a RocketMQ JVM listens in this namespace: ${l}`);
    for (const p of [s.brokerPort + 1, s.brokerPort - 2, 8080]) assert.ok(!lines.some((l) => (l.split(/\s+/)[3] ?? '').endsWith(`:${p}`) && l.includes('java')), `HA/fast/proxy remoting port ${p} is not reachable here`);
  });

  for (const mode of ['sync', 'async', 'oneway'] as const) {
    test(`rocketmq ${mode}: acked + failed = sent, each ticket once, the group receives every acked message`, { timeout: 60_000 }, async () => {
      const group = rocketmqName('g');
      const topic = await rmq.topic({}, [group]);
      const d = rmq.driver();
      const got = new Received();
      await rmq.consumer(d, topic, group, 'after-process', got);
      const n = mode === 'sync' ? 200 : 1000;
      const window = mode === 'sync' ? 1 : 100;
      const l = new CountingListener();
      const p = await rmq.producer(d, producerOptions(topic, mode, window), l);
      await sendAll(p, l, n, window);
      assert.equal(l.ackedCount + l.failedCount, n, 'every ticket reported');
      assert.equal(l.failedCount, 0, [...l.errors.keys()].join('; '));
      await waitFor(() => got.count >= n, 30_000, `delivery of ${n} (got ${got.count})`);
      await sleep(300);
      assert.deepEqual([...new Set(got.values())].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), 'every message delivered');
      assert.ok(got.messages.every((m) => m.partition >= 0 && m.partition < 4 && m.offset === null && m.size > 0), 'lane = one of the 4 message queues, no position, payload size');
    });
  }

  test('the client library logs into the driver\'s log directory (a run\'s record), never under $HOME', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqload-rmq-log-'));
    const homeLogs = join(homedir(), 'logs', 'rocketmq');
    const before = existsSync(homeLogs);
    const d = createDriver({ type: 'rocketmq', brokers: [ROCKETMQ_ENDPOINT] }, { clientId: 'mqload-test-log', logDir: dir });
    try {
      // A topic the name server does not know: the client logs its failed route lookups, and its start fails.
      await assert.rejects(d.createProducer(producerOptions(rocketmqName('no-such-topic'), 'sync', 1), new CountingListener()), /topic route/i);
      const log = readFileSync(join(dir, 'rocketmq-client.log'), 'utf8');
      assert.match(log, /ERROR .*No topic route info/);
      assert.equal(existsSync(homeLogs), before, 'nothing written to ~/logs/rocketmq');
    } finally {
      await d.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('rocketmq broker exporter: the collector starts on the local broker and reads put rates after traffic', { timeout: 30_000 }, async () => {
    const s = readRocketmqState();
    assert.ok(s);
    const c = new RocketmqPrometheusCollector(s.metricsUrl, 5000);
    assert.deepEqual(await c.start(), { available: true });
    await c.sample();
    const topic = await rmq.topic({}, []);
    const d = rmq.driver();
    const l = new CountingListener();
    await sendAll(await rmq.producer(d, producerOptions(topic, 'async', 50), l), l, 200, 50);
    await sleep(1200);
    const broker = (await c.sample()).find((x) => x.labels === undefined);
    assert.ok(broker && (broker.values['put_messages_per_sec'] ?? 0) > 0, JSON.stringify(broker));
  });

  test('rocketmq fan-out and competing consumers: two groups each get all; two members of one group share', { timeout: 60_000 }, async () => {
    const [g1, g2] = [rocketmqName('g'), rocketmqName('g')];
    const topic = await rmq.topic({}, [g1, g2]);
    const d = rmq.driver();
    const a = new Received();
    const b1 = new Received();
    const b2 = new Received();
    await rmq.consumer(d, topic, g1, 'auto', a);
    await rmq.consumer(d, topic, g2, 'auto', b1);
    await rmq.consumer(d, topic, g2, 'auto', b2);
    const l = new CountingListener();
    const p = await rmq.producer(d, producerOptions(topic, 'async', 100), l);
    await sendAll(p, l, 600, 100);
    await waitFor(() => a.count >= 600 && b1.count + b2.count >= 600, 30_000, `deliveries (g1 ${a.count}, g2 ${b1.count}+${b2.count})`);
    assert.equal(new Set(a.values()).size, 600);
    assert.equal(new Set([...b1.values(), ...b2.values()]).size, 600);
    assert.ok(b1.count > 0 && b2.count > 0, `both members of g2 got some (${b1.count}, ${b2.count})`);
  });

  test('rocketmq backlog is consumer lag; a crash after-process hands the held messages back, flagged', { timeout: 90_000 }, async () => {
    const group = rocketmqName('g');
    const topic = await rmq.topic({}, [group], 'earliest');
    const d = rmq.driver({ invisibleMs: 10000, consumerBatch: 8 });
    const l = new CountingListener();
    const p = await rmq.producer(d, producerOptions(topic, 'async', 100), l);
    await sendAll(p, l, 200, 100);
    await sleep(500);
    const [before] = await d.backlog([{ groupId: group, topic }]);
    assert.equal(before?.messages, 200, 'nothing consumed yet: lag = everything sent');
    const held = new Received();
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((r) => (release = r));
    const c = await rmq.consumer(d, topic, group, 'after-process', held, () => stuck);
    await waitFor(() => held.count > 0, 20_000, 'a first batch');
    const gotBefore = held.count;
    const closing = c.close({ commit: false });
    release();
    await closing;
    const again = new Received();
    await rmq.consumer(d, topic, group, 'after-process', again);
    await waitFor(() => new Set(again.values()).size >= 200, 40_000, `all 200 after the crash (got ${new Set(again.values()).size})`);
    // What comes back flagged: the batch being handled, the batches received and waiting for the
    // handler (one per receiver) and the receives in flight at the crash (one per receiver).
    const mostHeld = gotBefore + 2 * DEFAULT_ROCKETMQ_TUNING.receivers * 8;
    assert.ok(again.redelivered >= 1 && again.redelivered <= mostHeld, `the crashed batch came back flagged (${again.redelivered}; at most ${mostHeld} were held)`);
    await sleep(500);
    let lag = -1;
    for (let i = 0; i < 20 && lag !== 0; i++) {
      lag = (await d.backlog([{ groupId: group, topic }]))[0]?.messages ?? -1;
      if (lag !== 0) await sleep(500);
    }
    assert.equal(lag, 0, 'everything acknowledged: no lag');
  });
});
