/** The one redaction module (src/profile/redact.ts): which names are secret, URLs, profiles, masked values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REDACTED,
  clearMaskedSecrets,
  isSecretKey,
  maskSecrets,
  redactProfile,
  redactText,
  redactValue,
  secretsOf,
} from '../src/profile/redact.js';
import { validateProfile } from '../src/profile/validate.js';
import { driverModule, knownKinds } from '../src/drivers/registry.js';

test('secret client-property names by pattern; ordinary ones are not', () => {
  for (const name of ['sasl.password', 'ssl.key.password', 'ssl.keystore.password', 'sasl.jaas.config', 'sasl.oauthbearer.token.endpoint.url', 'client.secret', 'password', 'PASSWORD', 'api_key', 'ssl.key']) {
    assert.ok(isSecretKey(name), name);
  }
  for (const name of ['sasl.username', 'sasl.mechanism', 'client.id', 'linger.ms', 'batch.size', 'acks', 'keys', 'keySpace', 'url', 'brokers', 'compression.type']) {
    assert.ok(!isSecretKey(name), name);
  }
});

test('URLs keep scheme, user, host and path; the password and secret query parameters go', () => {
  const cases: Array<[string, string]> = [
    ['postgres://user:pw@host/db', `postgres://user:${REDACTED}@host/db`],
    ['amqp://guest:guest@127.0.0.1:5672/vhost', `amqp://guest:${REDACTED}@127.0.0.1:5672/vhost`],
    ['mysql://root:p@ss@127.0.0.1:3306/test', `mysql://root:${REDACTED}@127.0.0.1:3306/test`],
    ['http://:only-password@h:8778/jolokia', `http://:${REDACTED}@h:8778/jolokia`],
    ['postgres://user@host/db?password=abc&sslmode=require', `postgres://user@host/db?password=${REDACTED}&sslmode=require`],
    ['https://h/x?token=t0k&a=1', `https://h/x?token=${REDACTED}&a=1`],
    ['postgres://user@host/db', 'postgres://user@host/db'],
    ['127.0.0.1:9092', '127.0.0.1:9092'],
    ['p(99)<100 & ok', 'p(99)<100 & ok'],
  ];
  for (const [input, want] of cases) assert.equal(redactText(input), want, input);
  assert.equal(
    redactText('sink at mysql://root:hunter2@db:3306/x refused; retry amqp://a:b@c/'),
    `sink at mysql://root:${REDACTED}@db:3306/x refused; retry amqp://a:${REDACTED}@c/`,
  );
});

/** A valid profile carrying secrets in every kind of place. */
function secretProfile(): Record<string, any> {
  return {
    name: 'secrets',
    driver: {
      type: 'kafka',
      brokers: ['127.0.0.1:9092'],
      config: { 'sasl.password': 'saslSecret1', 'ssl.key.password': 424242, 'sasl.username': 'https://svc:urlSecret2@idp.example.com/x', 'linger.ms': 5 },
    },
    topics: [{ name: 't', partitions: 1 }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    consumers: { groups: 1, perGroup: 1, sink: { type: 'postgres', url: 'postgres://postgres:pgSecret3@127.0.0.1:5432/db', table: 'x', mode: 'insert' } },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
    collect: { jolokia: ['http://admin:jolokiaSecret4@127.0.0.1:8778/jolokia'] },
  };
}

const SECRETS = ['saslSecret1', '424242', 'urlSecret2', 'pgSecret3', 'jolokiaSecret4'];

test('redactProfile hides schema-marked nodes, secret-named keys and URL passwords, and nothing else', () => {
  clearMaskedSecrets();
  const raw = secretProfile();
  assert.deepEqual(validateProfile(raw, 'test').problems, [], 'the fixture is a valid profile');
  const before = structuredClone(raw);
  const out = redactProfile(raw) as Record<string, any>;
  assert.deepEqual(raw, before, 'input not mutated');
  const text = JSON.stringify(out);
  for (const s of SECRETS) assert.ok(!text.includes(s), `${s} in ${text}`);
  assert.equal(out.driver.config['sasl.password'], REDACTED);
  assert.equal(out.driver.config['ssl.key.password'], REDACTED, 'numeric secrets too');
  assert.equal(out.driver.config['sasl.username'], `https://svc:${REDACTED}@idp.example.com/x`);
  assert.equal(out.driver.config['linger.ms'], 5);
  assert.equal(out.consumers.sink.url, `postgres://postgres:${REDACTED}@127.0.0.1:5432/db`, 'the user part stays');
  assert.deepEqual(out.collect.jolokia, [`http://admin:${REDACTED}@127.0.0.1:8778/jolokia`]);
  // Everything that is not a secret is unchanged.
  const restore = structuredClone(out);
  restore.driver.config = raw.driver.config;
  restore.consumers.sink.url = raw.consumers.sink.url;
  restore.collect.jolokia = raw.collect.jolokia;
  assert.deepEqual(restore, raw);
  // A secret-marked value that is not a URL is hidden whole; invalid data is handled too.
  const odd = redactProfile({ consumers: { sink: { url: 'host=db password=x' } }, driver: { config: { 'sasl.jaas.config': { nested: 'x' } } } }) as Record<string, any>;
  assert.equal(odd.consumers.sink.url, REDACTED);
  assert.equal(odd.driver.config['sasl.jaas.config'], REDACTED);
});

test('secretsOf finds the values, maskSecrets hides them in any later text; redactValue does not judge key names', () => {
  clearMaskedSecrets();
  const found = secretsOf(secretProfile());
  for (const s of SECRETS) assert.ok(found.includes(s), `${s} in ${found.join(', ')}`);
  assert.ok(secretsOf({ consumers: { sink: { url: 'postgres://u:p%40ss%21@h/db' } } }).includes('p@ss!'), 'decoded URL passwords too');
  assert.equal(redactText('auth failed: saslSecret1 rejected'), 'auth failed: saslSecret1 rejected', 'not masked yet');
  maskSecrets(found);
  maskSecrets(['abc']); // too short to mask safely: ignored
  assert.equal(redactText('auth failed: saslSecret1 rejected'), `auth failed: ${REDACTED} rejected`);
  assert.equal(redactText('abc def'), 'abc def');
  const event = { t: 1, kind: 'note', message: 'jolokia http://admin:jolokiaSecret4@h/ down', data: { token_count: 3, 'pgSecret3 seen': true } };
  assert.deepEqual(redactValue(event), { t: 1, kind: 'note', message: `jolokia http://admin:${REDACTED}@h/ down`, data: { token_count: 3, [`${REDACTED} seen`]: true } });
  clearMaskedSecrets();
});

test('every field a broker kind declares secret (DriverModule.secretFields) is hidden by the schema\'s secret nodes or secret-like names', () => {
  clearMaskedSecrets();
  for (const kind of knownKinds()) {
    for (const field of driverModule(kind).secretFields) {
      if (typeof field !== 'string') continue;
      // Set the declared dotted path under `driver`, nested.
      const driver: Record<string, unknown> = { type: kind };
      const steps = field.split('.');
      let node = driver;
      for (const step of steps.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
      node[steps.at(-1)!] = 'not-a-url-s3cr3t';
      const text = JSON.stringify(redactProfile({ name: 'x', driver }));
      assert.ok(!text.includes('s3cr3t'), `${kind} driver.${field}: ${text}`);
    }
  }
});
