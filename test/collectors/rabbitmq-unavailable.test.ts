/**
 * The RabbitMQ collectors when their plugin is not there (closed port, an HTTP server without
 * the paths, rejected credentials): `start()` resolves unavailable with a reason that says which
 * collector, why and how to enable it, the runner reports it once and never samples it, nothing
 * throws, and no reason carries the password. Also the endpoint resolution from the profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rabbitmqCollectors, resolveRabbitMqEndpoints } from '../../src/collectors/rabbitmq/index.js';
import { buildCollectors, CollectorRunner, type CollectorEvent } from '../../src/collectors/index.js';
import type { Profile } from '../../src/profile/schema.js';
import { listening, MANAGEMENT_BASE } from './rabbitmq-env.js';

const SECRET = 'n0t-for-logs%2Fpw';

/** A free loopback port with nothing listening (bound, read, closed). */
async function closedPort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function profile(collect: Record<string, unknown>): Profile {
  return {
    name: 'rmq-unavailable',
    driver: { type: 'rabbitmq', brokers: ['127.0.0.1:5672'], url: `amqp://guest:${SECRET}@127.0.0.1:5672/%2F` },
    topics: [{ name: 'q', partitions: 1 }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 1, duration: '1s' }] },
    collect: { host: false, lag: false, client: false, ...collect },
  } as unknown as Profile;
}

test('closed ports: each collector is reported unavailable once, with how to enable it, and never sampled', async () => {
  const [m, p] = [await closedPort(), await closedPort()];
  const collectors = buildCollectors({ profile: profile({ rabbitmqManagement: `http://127.0.0.1:${m}`, rabbitmqPrometheus: `127.0.0.1:${p}` }), groups: [], topics: [], driver: null, localBroker: null, workerStats: null });
  assert.deepEqual(collectors.map((c) => c.name).sort(), [`rabbitmq-prometheus:127.0.0.1:${p}`, `rabbitmq:127.0.0.1:${m}`].sort());
  const runner = new CollectorRunner(collectors, { intervalMs: 100 });
  const events: CollectorEvent[] = [];
  let batches = 0;
  runner.onEvent((e) => events.push(e));
  runner.onSamples(() => batches++);
  const statuses = await runner.start();
  await new Promise((r) => setTimeout(r, 600));
  await runner.stop();
  assert.equal(batches, 0);
  assert.deepEqual(events.map((e) => e.kind), ['collector-unavailable', 'collector-unavailable']);
  const mgmt = statuses[`rabbitmq:127.0.0.1:${m}`]!;
  const prom = statuses[`rabbitmq-prometheus:127.0.0.1:${p}`]!;
  assert.equal(mgmt.available, false);
  assert.match(mgmt.reason!, /^RabbitMQ management API unavailable \(.*ECONNREFUSED.*\): enable it with `rabbitmq-plugins enable rabbitmq_management`/);
  assert.match(mgmt.reason!, new RegExp(`127\\.0\\.0\\.1:${m}`));
  assert.match(prom.reason!, /^RabbitMQ Prometheus endpoint unavailable \(.*ECONNREFUSED.*\): enable it with `rabbitmq-plugins enable rabbitmq_prometheus`/);
  for (const text of [JSON.stringify(events), JSON.stringify(statuses)]) {
    assert.ok(!text.includes(SECRET) && !text.includes(decodeURIComponent(SECRET)), `password leaked: ${text}`);
  }
});

test('an HTTP server without the plugin paths (404) gets the same hint; other statuses do not', async () => {
  const srv = http.createServer((req, res) => {
    res.statusCode = req.url?.startsWith('/metrics') ? 404 : 503;
    res.end('no');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  try {
    const [mgmt, prom] = rabbitmqCollectors({ profile: profile({ rabbitmqManagement: `http://127.0.0.1:${port}`, rabbitmqPrometheus: `127.0.0.1:${port}` }) });
    const m = await mgmt!.start();
    assert.equal(m.available, false);
    assert.match(m.reason!, /HTTP 503/);
    assert.doesNotMatch(m.reason!, /rabbitmq-plugins enable/, '503 is not "plugin off"');
    const p = await prom!.start();
    assert.match(p.reason!, /HTTP 404.*rabbitmq-plugins enable rabbitmq_prometheus/);
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
});

test('rejected credentials: the reason says 401, never the password', { skip: !(await listening(new URL(MANAGEMENT_BASE).hostname, 15672)) && 'no management API on :15672' }, async () => {
  const [mgmt] = rabbitmqCollectors({ profile: profile({ rabbitmqManagement: MANAGEMENT_BASE, rabbitmqPrometheus: false }) });
  const st = await mgmt!.start();
  assert.equal(st.available, false);
  assert.match(st.reason!, /HTTP 401/);
  assert.ok(!st.reason!.includes(SECRET) && !st.reason!.includes(decodeURIComponent(SECRET)));
});

test('endpoints: defaults from driver.url, overrides, false, vhost and credentials', () => {
  const d = resolveRabbitMqEndpoints({ driver: { url: 'amqp://alice:s%40cret@mq.example:5672/prod%2Fa' } });
  assert.equal(d.management, 'http://mq.example:15672');
  assert.equal(d.prometheus, 'mq.example:15692');
  assert.equal(d.vhost, 'prod/a');
  assert.deepEqual(d.auth, { user: 'alice', password: 's@cret' });
  assert.equal(d.redact('x s@cret y s%40cret'), 'x *** y ***');
  const root = resolveRabbitMqEndpoints({ driver: { brokers: ['10.0.0.5:5672'] } });
  assert.equal(root.vhost, '/');
  assert.deepEqual(root.auth, { user: 'guest', password: 'guest' });
  assert.equal(root.management, 'http://10.0.0.5:15672');
  const o = resolveRabbitMqEndpoints({ driver: { url: 'amqp://a:b@h/' }, collect: { rabbitmqManagement: 'https://mon:pw@m.example/rabbit/', rabbitmqPrometheus: false } });
  assert.equal(o.management, 'https://m.example/rabbit');
  assert.deepEqual(o.auth, { user: 'mon', password: 'pw' });
  assert.equal(o.prometheus, null);
  assert.throws(() => resolveRabbitMqEndpoints({ driver: { url: 'amqp://u:hunter2@[bad' } }), (err: Error) => !err.message.includes('hunter2'));
  assert.equal(rabbitmqCollectors({ profile: profile({ rabbitmqManagement: false, rabbitmqPrometheus: false }) }).length, 0);
});
