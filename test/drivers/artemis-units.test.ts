/**
 * Pure parts of the Artemis driver and local broker, without a broker: URLs (redaction, the
 * local access file's credentials for a URL without a password), the broker.xml acceptors
 * (loopback only), and the profile checks (a bad URL and an anycast address with several groups
 * refused with exit 2, without echoing the password).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessFile, writeArtemisAccess } from '../../src/drivers/artemis/access.js';
import { artemisAddresses, endpointOf, redactArtemisUrl, scrubPassword } from '../../src/drivers/artemis/url.js';
import { jolokiaUrlOf } from '../../src/drivers/artemis/config.js';
import { acceptorAddresses, withAcceptors } from '../../src/local/artemis/broker-xml.js';
import { validateProfile } from '../../src/profile/validate.js';

function withCache<T>(fn: () => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-artemis-unit-'));
  const before = process.env['MQLOAD_CACHE_DIR'];
  process.env['MQLOAD_CACHE_DIR'] = dir;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env['MQLOAD_CACHE_DIR'];
    else process.env['MQLOAD_CACHE_DIR'] = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('artemis URLs: redacted without the password, addresses without secrets, scrubbed messages', () => {
  assert.equal(redactArtemisUrl('amqp://bob:s3cr%40t@broker.example:5672?x=1'), 'amqp://bob@broker.example:5672');
  assert.equal(redactArtemisUrl('amqps://[::1]'), 'amqps://[::1]:5671');
  assert.equal(redactArtemisUrl('http://x'), '<invalid amqp url>');
  assert.deepEqual(artemisAddresses({ url: 'amqp://bob:pw@10.0.0.1:5673' }), ['10.0.0.1:5673']);
  assert.equal(scrubPassword('login failed for s3cr@t (s3cr%40t)', { password: 's3cr@t' }), 'login failed for *** (***)');
});

test('artemis URL without a password takes the local access file (0600) only for the local broker', () => {
  withCache(() => {
    assert.deepEqual(endpointOf({ url: 'amqp://127.0.0.1:5673' }), { tls: false, host: '127.0.0.1', port: 5673, user: '', password: '' });
    writeArtemisAccess({ user: 'mqload', password: 'generated-pw', amqpPort: 5673, httpPort: 8171 });
    assert.equal(statSync(accessFile()).mode & 0o777, 0o600);
    assert.deepEqual(endpointOf({ url: 'amqp://127.0.0.1:5673' }), { tls: false, host: '127.0.0.1', port: 5673, user: 'mqload', password: 'generated-pw' });
    assert.equal(endpointOf({ url: 'amqp://localhost:5672' })!.password, '', 'another port is another broker');
    assert.equal(endpointOf({ url: 'amqp://other@127.0.0.1:5673' })!.password, '', 'another user');
    assert.equal(endpointOf({ url: 'amqp://u:given@127.0.0.1:5673' })!.password, 'given', 'a given password wins');
    assert.equal(jolokiaUrlOf({ type: 'artemis', brokers: [], url: 'amqp://127.0.0.1:5673' }), 'http://127.0.0.1:8171/console/jolokia', "the local broker's web port");
    assert.equal(jolokiaUrlOf({ type: 'artemis', brokers: [], url: 'amqp://h:5672' }), 'http://h:8161/console/jolokia');
  });
});

test('broker.xml: the acceptors are replaced by AMQP and core on 127.0.0.1 only', () => {
  const xml = '<core><acceptors>\n<acceptor name="artemis">tcp://0.0.0.0:61616?protocols=CORE,AMQP</acceptor>\n<acceptor name="amqp">tcp://0.0.0.0:5672?protocols=AMQP</acceptor>\n</acceptors></core>';
  const out = withAcceptors(xml, { amqpPort: 5673, corePort: 61617 });
  assert.deepEqual(acceptorAddresses(out), ['127.0.0.1:5673', '127.0.0.1:61617']);
  assert.ok(!out.includes('0.0.0.0') && !out.includes(':5672'));
  assert.throws(() => withAcceptors('<core/>', { amqpPort: 1, corePort: 2 }), /no <acceptors>/);
});

const base = {
  name: 'art',
  driver: { type: 'artemis', url: 'amqp://127.0.0.1:5673' },
  topics: [{ name: 'a' }],
  message: { size: 100 },
  producers: { count: 1, mode: 'async' },
  load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
};

test('artemis profile checks: a bad URL and anycast with several groups are refused, the password never echoed', () => {
  assert.deepEqual(validateProfile(base, 't').problems, []);
  const bad = validateProfile({ ...base, driver: { type: 'artemis', url: 'http://u:topsecret@h' } }, 't').problems;
  assert.deepEqual(bad.map((p) => p.path), ['/driver/url']);
  assert.ok(!JSON.stringify(bad).includes('topsecret'));
  const anycast = validateProfile({ ...base, topics: [{ name: 'a', routing: 'anycast' }], consumers: { groups: 2, perGroup: 1 } }, 't').problems;
  assert.deepEqual(anycast.map((p) => p.path), ['/topics/0/routing']);
  const unknown = validateProfile({ ...base, topics: [{ name: 'a', exchangeType: 'fanout' }] }, 't').problems;
  assert.ok(unknown.some((p) => p.path.startsWith('/topics/0')), 'RabbitMQ fields are not Artemis fields');
});
