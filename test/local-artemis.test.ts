/**
 * The local Artemis broker through its launcher, as fault injection uses it: status, pause
 * (SIGSTOP: alive, not answering) and resume, kill (SIGKILL: gone) and up again with the same
 * settings, restart; `mqload local status --broker artemis` exit codes; no secret in the state
 * file or the CLI output. The broker is started only when it is not running and stopped again
 * if this test started it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useLocalArtemis } from './helpers/artemis.js';
import { runCli } from './helpers/cli.js';
import { artemisLauncher } from '../src/local/artemis/launcher.js';
import { readArtemisAccess } from '../src/drivers/artemis/access.js';
import { artemisPaths } from '../src/local/artemis/paths.js';

useLocalArtemis();

test('artemis launcher: pause, resume, kill, up and restart; the broker answers after each', { timeout: 240_000 }, async () => {
  const before = artemisLauncher.recorded();
  assert.ok(before && artemisLauncher.isAlive(before));
  assert.deepEqual(artemisLauncher.processes(), [before.pid]);
  assert.deepEqual(artemisLauncher.foreignAddresses({ type: 'artemis', brokers: [], url: `amqp://localhost:${before.bootstrap.split(':')[1]}` }, before), []);
  assert.deepEqual(artemisLauncher.foreignAddresses({ type: 'artemis', brokers: [], url: 'amqp://10.1.2.3:5673' }, before), ['10.1.2.3:5673']);

  await artemisLauncher.signal('SIGSTOP');
  try {
    const paused = await artemisLauncher.status({ timeoutMs: 1000 });
    assert.equal(paused.processAlive, true);
    assert.equal(paused.answering, false, 'a frozen broker does not answer');
  } finally {
    await artemisLauncher.signal('SIGCONT');
  }
  assert.equal((await artemisLauncher.status({ timeoutMs: 5000 })).answering, true);

  await artemisLauncher.signal('SIGKILL');
  assert.equal((await artemisLauncher.status()).processAlive, false);
  const up = await artemisLauncher.up();
  assert.notEqual(up.pid, before.pid);
  assert.equal(up.bootstrap, before.bootstrap, 'same settings after a kill');
  assert.equal((await artemisLauncher.status()).answering, true);

  const restarted = await artemisLauncher.restart({ downForMs: 500 });
  assert.notEqual(restarted.pid, up.pid);
  assert.equal((await artemisLauncher.status()).answering, true);
});

test('mqload local status --broker artemis: exit 0 when up; no password in its output or the state file', { timeout: 60_000 }, async () => {
  const password = readArtemisAccess()?.password;
  assert.ok(password && password.length >= 16, 'a generated password');
  const r = await runCli(['local', 'status', '--broker', 'artemis']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Artemis 2\.40\.0 is running/);
  assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
  assert.ok(!readFileSync(artemisPaths().stateFile, 'utf8').includes(password));
  const bad = await runCli(['local', 'up', '--broker', 'artemis', '--jmx-port', '7999']);
  assert.equal(bad.code, 2, 'a Kafka flag with --broker artemis is a usage error');
});
