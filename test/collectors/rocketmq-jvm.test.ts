/**
 * The local RocketMQ's two JVMs through their Jolokia agents, against the real broker (started
 * through the lease when it is not running, stopped again if this file started it): the RocketMQ
 * collector set reads heap used/max and GC counters of the broker JVM and of the name server JVM
 * (labelled apart), the broker's flush and replication mode from its config, the agents refuse a
 * wrong password, and every port of the local RocketMQ, the agents' included, listens on
 * loopback only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocalRocketmq, sleep } from '../helpers/rocketmq.js';
import { rocketmqCollectors } from '../../src/collectors/rocketmq/index.js';
import { exposedListeners, readRocketmqState, rocketmqJvmTargets } from '../../src/local/rocketmq/broker.js';
import { listeningSockets } from '../../src/local/rabbitmq/node.js';
import { JolokiaClient } from '../../src/drivers/jolokia.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { ROCKETMQ_SAMPLE_NAMES } from '../../src/collectors/rocketmq/prometheus.js';
import type { SampleReading } from '../../src/collectors/types.js';
import type { Profile } from '../../src/profile/schema.js';

useLocalRocketmq();

const J = SAMPLE_NAMES.jvm;

test('rocketmq collectors read heap and GC of the broker and name server JVMs, and the broker\'s flush mode', { timeout: 60_000 }, async () => {
  const state = readRocketmqState();
  assert.ok(state?.jolokiaUrl && state.namesrvJolokiaUrl, 'the state names both agents');
  const profile = { driver: { type: 'rocketmq', brokers: [state.bootstrap] }, collect: { intervalMs: 1000 } } as unknown as Profile;
  const collectors = rocketmqCollectors({ profile });
  assert.deepEqual(collectors.map((c) => c.name), [`rocketmq:${state.metricsUrl}`, `jolokia:${state.jolokiaUrl}`, `jolokia:${state.namesrvJolokiaUrl}`]);
  for (const c of collectors) assert.deepEqual(await c.start(), { available: true }, c.name);
  const read = async (): Promise<SampleReading[]> => (await Promise.all(collectors.map((c) => c.sample()))).flat();
  await read();
  await sleep(1100);
  const samples = await read();
  for (const [role, url] of [['broker', state.jolokiaUrl], ['namesrv', state.namesrvJolokiaUrl]] as const) {
    const s = samples.find((x) => x.source === 'jolokia' && x.labels?.['jvm'] === role);
    assert.ok(s, `a jolokia sample labelled jvm=${role}`);
    assert.equal(s.instance, url);
    const v = s.values;
    assert.ok(v[J.heapUsed]! > 0 && v[J.heapMax]! > 0 && v[J.heapUsed]! <= v[J.heapMax]!, `${role} heap used ${v[J.heapUsed]} of ${v[J.heapMax]}`);
    assert.ok(v[J.gcYoungCount]! >= 0 && v[J.gcYoungSeconds]! >= 0, `${role} young GC counters: ${JSON.stringify(v)}`);
    assert.ok(v[J.gcOldCount] !== undefined, `${role} old GC counter`);
    assert.ok(v[J.gcTimeRatio]! >= 0, `${role} GC time ratio from the second reading`);
    assert.ok(v[J.threads]! > 10, `${role} threads`);
  }
  const heapOf = (role: string) => samples.find((x) => x.labels?.['jvm'] === role)!.values[J.heapMax]!;
  // -Xmx: the broker's is the settings' heap (512m by default), the name server's 256m.
  assert.ok(heapOf('broker') > heapOf('namesrv'), `broker heap max ${heapOf('broker')} above the name server's ${heapOf('namesrv')}`);
  const broker = samples.find((x) => x.source === 'rocketmq' && !x.labels);
  assert.equal(broker?.values[ROCKETMQ_SAMPLE_NAMES.broker.syncFlush], 0, 'the local broker runs ASYNC_FLUSH');
  assert.equal(broker?.values[ROCKETMQ_SAMPLE_NAMES.broker.syncReplication], 0, 'the local broker is an ASYNC_MASTER');
  assert.ok(!JSON.stringify(samples).includes('password'));
  for (const c of collectors) await c.stop();
});

test('the agents refuse a wrong password, and every port of the local RocketMQ listens on loopback only', { timeout: 30_000 }, async () => {
  const state = readRocketmqState()!;
  const targets = rocketmqJvmTargets(state);
  assert.deepEqual(targets.map((t) => t.jvm), ['broker', 'namesrv']);
  for (const { target } of targets) {
    await assert.rejects(new JolokiaClient({ ...target, password: `${target.password}-wrong` }).read('java.lang:type=Memory', 'HeapMemoryUsage'), /HTTP 401/);
  }
  const agentPorts = [state.jolokiaPort, state.namesrvJolokiaPort];
  const listeners = listeningSockets().filter((l) => agentPorts.includes(l.port));
  for (const port of agentPorts) assert.ok(listeners.some((l) => l.port === port), `something listens on ${port}`);
  assert.deepEqual(listeners.filter((l) => l.address !== '127.0.0.1').map((l) => `${l.address}:${l.port}`), [], 'the agents\' bridges bind 127.0.0.1');
  assert.deepEqual(exposedListeners(state), []);
});
