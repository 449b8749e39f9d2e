/**
 * `amqps://` for real without touching the broker's configuration: a throwaway CA and
 * certificates (openssl CLI) and a Node TLS server on 127.0.0.1:0 piping to the local RabbitMQ's
 * plain port 5672, demanding a client certificate (test/helpers/tls-proxy.ts).
 * - `mqload run` through it with the CA, client certificate, encrypted key, passphrase and
 *   servername: producers and consumers connect, every message is delivered, and neither the
 *   password nor the passphrase is in the run record, the reports or the output;
 * - without the CA, `mqload run` fails with exit 3 and a user error naming the host and the
 *   setting to change, no stack trace, no password (here one the broker never sees);
 * - the other TLS mistakes a user makes (no servername for a certificate without the IP, no client
 *   certificate, a wrong passphrase, an unreadable CA file), each with its own hint and exit code;
 * - validation: TLS settings need amqps://, a certificate needs its key.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RabbitDriver } from '../../src/drivers/rabbitmq/driver.js';
import { MqloadError } from '../../src/errors.js';
import { validateProfile } from '../../src/profile/validate.js';
import { redactProfile } from '../../src/profile/redact.js';
import type { RunSummary } from '../../src/record/summary.js';
import { runCli } from '../helpers/cli.js';
import { rabbitName } from '../helpers/rabbitmq.js';
import { makeTestPki, startTlsProxy, type TestPki, type TlsProxy } from '../helpers/tls-proxy.js';

const PASSPHRASE = 'key-phrase-5091-zq';
let pki: TestPki;
let proxy: TlsProxy;
const work = mkdtempSync(join(tmpdir(), 'mqload-tls-run-'));

before(async () => {
  pki = makeTestPki(PASSPHRASE);
  proxy = await startTlsProxy(pki, { host: '127.0.0.1', port: 5672 });
});
after(async () => {
  await proxy?.close();
  pki?.remove();
  rmSync(work, { recursive: true, force: true });
});

const url = (password: string) => `amqps://guest:${password}@127.0.0.1:${proxy.port}/%2F`;
const fullTls = () => ({ tlsCaFile: pki.caFile, tlsServername: pki.serverName, tlsCertFile: pki.certFile, tlsKeyFile: pki.keyFile, tlsKeyPassphrase: PASSPHRASE });

/** Every file under `dir`, as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'utf8') }];
  });
}

function profileFile(name: string, driverUrl: string, config: Record<string, string | boolean>): string {
  const file = join(work, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      driver: { type: 'rabbitmq', url: driverUrl, config: { prefetch: 200, managementUrl: 'http://127.0.0.1:15672', ...config } },
      topics: [{ name: rabbitName(name), deleteAfterRun: true }],
      message: { size: 200 },
      producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
      load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '3s' }] },
      collect: { rabbitmqManagement: false, rabbitmqPrometheus: false },
      verify: { graceMs: 8000 },
    }),
  );
  return file;
}

test('mqload run over amqps:// with CA, client certificate, encrypted key and servername: every message delivered, no secret written', { timeout: 120_000 }, async (t) => {
  const out = join(work, 'run-ok');
  const file = profileFile('rmq-tls-ok', url('guest'), fullTls());
  const r = await runCli(['run', file, '--out', out, '--metrics-port', '0', '--workers', '2'], { timeoutMs: 110_000 });
  t.diagnostic(`exit ${r.code}\n${r.stderr.slice(-1500)}`);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  const d = summary.delivery?.[0];
  assert.equal(summary.status, 'completed');
  assert.ok(summary.produce.acked >= 800, `acked ${summary.produce.acked}`);
  assert.equal(summary.produce.failed, 0);
  assert.ok(d && d.lost === 0 && d.unique === d.acked, `delivery ${JSON.stringify(d)}`);
  assert.ok(proxy.accepted >= 5, `producers, consumers and the admin connection came through the TLS server (${proxy.accepted})`);
  const written = [...filesUnder(out), { path: 'stdout', text: r.stdout }, { path: 'stderr', text: r.stderr }];
  assert.ok(written.length > 5, 'the record was written');
  const key = readFileSync(pki.keyFile, 'utf8').split('\n')[1]!;
  for (const f of written) {
    assert.ok(!f.text.includes(PASSPHRASE), `${f.path} holds the key passphrase`);
    assert.ok(!f.text.includes(key), `${f.path} holds the private key`);
    assert.doesNotMatch(f.text, /guest:guest|:guest@/, `${f.path} holds the password`);
  }
  const profile = JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')) as { driver: { url: string; config: Record<string, unknown> } };
  assert.equal(profile.driver.config['tlsKeyPassphrase'], '***');
  assert.equal(profile.driver.config['tlsKeyFile'], '***');
  assert.equal(profile.driver.config['tlsServername'], pki.serverName, 'what is not secret stays readable');
  assert.doesNotMatch(profile.driver.url, /guest:/);
});

test('mqload run over amqps:// without the CA: exit 3, the host and tlsCaFile named, no stack trace, no password', { timeout: 60_000 }, async () => {
  const password = 'pw-never-shown-7319';
  const out = join(work, 'run-no-ca');
  const { tlsCaFile: _ca, ...noCa } = fullTls();
  const file = profileFile('rmq-tls-no-ca', url(password), noCa);
  const r = await runCli(['run', file, '--out', out, '--metrics-port', '0'], { timeoutMs: 50_000 });
  const text = r.stdout + r.stderr;
  assert.equal(r.code, 3, text);
  assert.match(text, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`), 'names the host');
  assert.match(text, /certificate is not trusted/);
  assert.match(text, /tlsCaFile/, 'says which setting to change');
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  for (const f of [{ path: 'output', text }, ...filesUnder(out)]) {
    assert.ok(!f.text.includes(password), `${f.path} holds the password`);
    assert.ok(!f.text.includes(PASSPHRASE), `${f.path} holds the passphrase`);
  }
});

test('amqps:// mistakes each get their own message and hint; secrets stay out of them', { timeout: 60_000 }, async () => {
  const password = 'pw-never-shown-4410';
  const attempt = async (config: Record<string, string | boolean>, login = password) => {
    const d = new RabbitDriver({ type: 'rabbitmq', brokers: [], url: url(login), config }, rabbitName('tls-probe'));
    try {
      await d.probe(5000);
      return null;
    } catch (err) {
      assert.ok(err instanceof MqloadError, `a user error, not ${String(err)}`);
      assert.ok(!`${err.message} ${err.hint}`.includes(password) && !`${err.message} ${err.hint}`.includes(PASSPHRASE), err.message);
      return err;
    } finally {
      await d.close();
    }
  };
  const full = fullTls();
  const noName = await attempt({ tlsCaFile: full.tlsCaFile, tlsCertFile: full.tlsCertFile, tlsKeyFile: full.tlsKeyFile, tlsKeyPassphrase: PASSPHRASE });
  assert.equal(noName?.exitCode, 3);
  assert.match(noName!.message, /another host name/);
  assert.match(noName!.hint, /tlsServername/);
  const noClientCert = await attempt({ tlsCaFile: full.tlsCaFile, tlsServername: full.tlsServername });
  assert.equal(noClientCert?.exitCode, 3);
  assert.match(noClientCert!.message, /refused the handshake \(.*certificate required\)/);
  assert.match(noClientCert!.hint, /tlsCertFile and tlsKeyFile/);
  const wrongPassphrase = await attempt({ ...full, tlsKeyPassphrase: 'not-the-phrase' });
  assert.equal(wrongPassphrase?.exitCode, 4, 'a local file problem, before any broker contact');
  assert.match(wrongPassphrase!.message, /tlsKeyFile cannot be decrypted with tlsKeyPassphrase/);
  assert.ok(!wrongPassphrase!.message.includes('not-the-phrase'));
  const missingCa = await attempt({ ...full, tlsCaFile: join(work, 'no-such-ca.pem') });
  assert.equal(missingCa?.exitCode, 4);
  assert.match(missingCa!.message, /tlsCaFile: cannot read .*no-such-ca\.pem: ENOENT/);
  const refused = await attempt(full);
  assert.equal(refused?.exitCode, 3, 'TLS is fine now; the broker refuses the password');
  assert.match(refused!.message, /ACCESS_REFUSED/);
  assert.match(refused!.hint, /user and password of driver\.url/);
  assert.equal(await attempt(full, 'guest'), null, 'with every setting and the right password it connects');
});

test('amqps:// settings: validation wants amqps:// for them and a key with a certificate; key and passphrase are secret', () => {
  const base = (driverUrl: string | undefined, config: Record<string, string | boolean>) => ({
    name: 'rmq-tls-validate',
    driver: { type: 'rabbitmq', ...(driverUrl ? { url: driverUrl } : {}), config },
    topics: [{ name: 'ex' }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
  });
  const paths = (driverUrl: string | undefined, config: Record<string, string | boolean>) => validateProfile(base(driverUrl, config), 'test').problems.map((p) => p.path);
  assert.deepEqual(paths('amqps://guest:x@h/%2F', { tlsCaFile: '/ca.pem', tlsCertFile: '/c.pem', tlsKeyFile: '/k.pem', tlsKeyPassphrase: 'p', tlsServername: 'h', tlsRejectUnauthorized: true }), []);
  assert.deepEqual(paths('amqp://guest:x@h/%2F', { tlsCaFile: '/ca.pem', tlsServername: 'h' }), ['/driver/config/tlsCaFile', '/driver/config/tlsServername']);
  assert.deepEqual(paths(undefined, { tlsCertFile: '/c.pem' }), ['/driver/config/tlsCertFile'], 'the default URL is amqp://');
  assert.deepEqual(paths('amqps://h', { tlsCertFile: '/c.pem' }), ['/driver/config/tlsKeyFile']);
  assert.deepEqual(paths('amqps://h', { tlsKeyFile: '/k.pem', tlsKeyPassphrase: 'p' }), ['/driver/config/tlsCertFile']);
  assert.deepEqual(paths('amqps://h', { tlsKeyPassphrase: 'p' }), ['/driver/config/tlsKeyPassphrase']);
  assert.deepEqual(paths('amqps://h', { tlsCafile: '/ca.pem' }), ['/driver/config/tlsCafile'], 'a typo is refused');
  const shown = redactProfile(base('amqps://guest:pw-9@h/%2F', { tlsCaFile: '/ca.pem', tlsKeyFile: '/k.pem', tlsKeyPassphrase: 'phrase-77' }));
  assert.deepEqual(shown.driver.config, { tlsCaFile: '/ca.pem', tlsKeyFile: '***', tlsKeyPassphrase: '***' });
  assert.equal(shown.driver.url, 'amqps://guest:***@h/%2F');
});
