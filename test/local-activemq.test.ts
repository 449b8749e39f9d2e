/**
 * The local ActiveMQ Classic broker through its launcher, as fault injection uses it: status,
 * pause (SIGSTOP: alive, not answering) and resume, kill (SIGKILL: gone) and up again with the
 * same settings, restart; `mqload local status --broker activemq` exit codes; no secret in the
 * state file, the log, the command line or the CLI output; the secret files are mode 0600. The
 * broker is started only when it is not running and stopped again if this test started it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { useLocalActivemq } from './helpers/activemq.js';
import { runCli } from './helpers/cli.js';
import { activemqLauncher } from '../src/local/activemq/launcher.js';
import { activemqAccessFile, readActivemqAccess } from '../src/drivers/activemq/access.js';
import { activemqPaths } from '../src/local/activemq/paths.js';
import { processCommandLine } from '../src/local/process.js';

useLocalActivemq();

test('activemq launcher: pause, resume, kill, up and restart; the broker answers after each', { timeout: 120_000 }, async () => {
  const before = activemqLauncher.recorded();
  assert.ok(before && activemqLauncher.isAlive(before));
  assert.deepEqual(activemqLauncher.processes(), [before.pid]);
  assert.deepEqual(activemqLauncher.foreignAddresses({ type: 'activemq', brokers: [], url: `amqp://localhost:${before.bootstrap.split(':')[1]}` }, before), []);
  assert.deepEqual(activemqLauncher.foreignAddresses({ type: 'activemq', brokers: [], url: 'amqp://10.1.2.3:5674' }, before), ['10.1.2.3:5674']);

  await activemqLauncher.signal('SIGSTOP');
  try {
    // Every thread of the JVM stops at its next return to the kernel: give it a moment.
    await new Promise((r) => setTimeout(r, 300));
    const paused = await activemqLauncher.status({ timeoutMs: 1000 });
    assert.equal(paused.processAlive, true);
    assert.equal(paused.answering, false, 'a frozen broker does not answer');
  } finally {
    await activemqLauncher.signal('SIGCONT');
  }
  assert.equal((await activemqLauncher.status({ timeoutMs: 5000 })).answering, true);

  await activemqLauncher.signal('SIGKILL');
  assert.equal((await activemqLauncher.status()).processAlive, false);
  const up = await activemqLauncher.up();
  assert.notEqual(up.pid, before.pid);
  assert.equal(up.bootstrap, before.bootstrap, 'same settings after a kill');
  assert.equal((await activemqLauncher.status()).answering, true);

  const restarted = await activemqLauncher.restart({ downForMs: 300 });
  assert.notEqual(restarted.pid, up.pid);
  assert.equal((await activemqLauncher.status()).answering, true);
});

test('mqload local status --broker activemq: exit 0 when up; the password only in 0600 files', { timeout: 60_000 }, async () => {
  const password = readActivemqAccess()?.password;
  assert.ok(password && password.length >= 16, 'a generated password');
  const r = await runCli(['local', 'status', '--broker', 'activemq']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /ActiveMQ 6\.3\.1 is running/);
  assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
  const paths = activemqPaths();
  for (const f of [paths.stateFile, paths.stdoutLog]) assert.ok(!readFileSync(f, 'utf8').includes(password), `no password in ${f}`);
  const pid = activemqLauncher.processes()[0];
  assert.ok(pid !== undefined && !(processCommandLine(pid) ?? '').includes(password), 'no password on the command line');
  for (const f of [activemqAccessFile(), paths.settingsFile, paths.jolokiaFile]) assert.equal(statSync(f).mode & 0o777, 0o600, f);
  const bad = await runCli(['local', 'up', '--broker', 'activemq', '--core-port', '7999']);
  assert.equal(bad.code, 2, 'an Artemis flag with --broker activemq is a usage error');
});
