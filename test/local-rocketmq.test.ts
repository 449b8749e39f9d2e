/**
 * The local RocketMQ through its launcher, as fault injection uses it: pause (SIGSTOP of the
 * broker JVM: alive, not answering) and resume, kill (SIGKILL: gone) and up again with the same
 * settings, restart of every part, nothing listening beyond loopback (the JVMs' Jolokia agents
 * included); `mqload local status --broker rocketmq` exit code and a Kafka flag refused. Started only when it is not running, stopped again if this file started it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocalRocketmq } from './helpers/rocketmq.js';
import { runCli } from './helpers/cli.js';
import { rocketmqLauncher } from '../src/local/rocketmq/launcher.js';
import { exposedListeners, readRocketmqState } from '../src/local/rocketmq/broker.js';

useLocalRocketmq();

describe('local rocketmq', { timeout: 300_000 }, () => {
  test('rocketmq launcher: pause, resume, kill, up and restart; it answers after each', { timeout: 240_000 }, async () => {
    const before = rocketmqLauncher.recorded();
    assert.ok(before && rocketmqLauncher.isAlive(before));
    assert.equal(rocketmqLauncher.processes().length, 2, 'broker and name server');
    const state = readRocketmqState()!;
    assert.deepEqual(exposedListeners(state), [], 'gRPC, name server, remoting, exporter and both Jolokia agents: loopback only');
    assert.deepEqual(rocketmqLauncher.foreignAddresses({ type: 'rocketmq', brokers: [`localhost:${before.bootstrap.split(':')[1]}`] }, before), []);
    assert.deepEqual(rocketmqLauncher.foreignAddresses({ type: 'rocketmq', brokers: ['10.1.2.3:8081'] }, before), ['10.1.2.3:8081']);

    await rocketmqLauncher.signal('SIGSTOP');
    try {
      const paused = await rocketmqLauncher.status({ timeoutMs: 1000 });
      assert.equal(paused.processAlive, true);
      assert.equal(paused.answering, false, 'a frozen broker does not answer');
    } finally {
      await rocketmqLauncher.signal('SIGCONT');
    }
    assert.equal((await rocketmqLauncher.status({ timeoutMs: 5000 })).answering, true);

    await rocketmqLauncher.signal('SIGKILL');
    assert.equal((await rocketmqLauncher.status()).processAlive, false);
    const up = await rocketmqLauncher.up();
    assert.notEqual(up.pid, before.pid);
    assert.equal(up.bootstrap, before.bootstrap, 'same settings after a kill');

    const restarted = await rocketmqLauncher.restart({ downForMs: 200 });
    assert.notEqual(restarted.pid, up.pid);
    assert.equal((await rocketmqLauncher.status()).answering, true, 'every part answers again, both Jolokia agents included');
    assert.deepEqual(exposedListeners(state), []);
  });

  test('mqload local status --broker rocketmq exits 0 when up; a Kafka flag is a usage error', { timeout: 60_000 }, async () => {
    const r = await runCli(['local', 'status', '--broker', 'rocketmq']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /RocketMQ 5\.5\.0 is running/);
    assert.match(r.stdout, /127\.0\.0\.1:8081/);
    const bad = await runCli(['local', 'up', '--broker', 'rocketmq', '--jmx-port', '7999']);
    assert.equal(bad.code, 2);
  });
});
