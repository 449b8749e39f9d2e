/**
 * Both RabbitMQ collectors against the real broker and its plugins (management on :15672,
 * Prometheus on :15692; `scripts/rabbitmq-plugins.sh` enables them on loopback). A uniquely named
 * queue gets N messages and one consumer that holds PREFETCH of them unacknowledged; the
 * samples must show ready, unacked and total per queue, the consumer, node memory under the
 * watermark, file descriptors and processes, no alarms, and never the collector user's password
 * (a dedicated monitoring user with a random password reads the API). Skips only when no
 * RabbitMQ listens at all.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { RabbitMqManagementCollector, RabbitMqPrometheusCollector, resolveRabbitMqEndpoints, RABBITMQ_SAMPLE_NAMES as R } from '../../src/collectors/rabbitmq/index.js';
import type { SampleReading } from '../../src/collectors/types.js';
import { RABBITMQ_URL, MANAGEMENT_BASE, PROMETHEUS_ENDPOINT, adminApi, eventually, rabbitmqMissing, requirePlugins, uniqueRabbitName } from './rabbitmq-env.js';

const N = 120;
const PREFETCH = 25;
const skip = await rabbitmqMissing();
const queue = uniqueRabbitName('mqload-coltest');
const user = uniqueRabbitName('mqload-coltest-user');
const password = `pw-${randomBytes(12).toString('hex')}`;
let conn: amqp.ChannelModel | null = null;
let userCreated = false;

/** The collector's view through the dedicated user: driver.url carries its password. */
function endpoints() {
  const u = new URL(RABBITMQ_URL);
  u.username = user;
  u.password = password;
  return resolveRabbitMqEndpoints({ driver: { url: u.toString() }, collect: { rabbitmqManagement: MANAGEMENT_BASE, rabbitmqPrometheus: PROMETHEUS_ENDPOINT } });
}

const queueSample = (samples: SampleReading[]) => samples.find((s) => s.labels?.['queue'] === queue);
const nodeSample = (samples: SampleReading[]) => samples.find((s) => s.labels?.['node'] !== undefined);
const totalsSample = (samples: SampleReading[]) => samples.find((s) => s.labels === undefined);

function assertNoSecret(what: string, data: unknown): void {
  const text = JSON.stringify(data);
  assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)), `${what} contains the password`);
}

before(async () => {
  if (skip) return;
  await requirePlugins();
  await adminApi('PUT', `/api/users/${encodeURIComponent(user)}`, { password, tags: 'monitoring' });
  userCreated = true;
  await adminApi('PUT', `/api/permissions/%2F/${encodeURIComponent(user)}`, { configure: '', write: '', read: '' });
  conn = await amqp.connect(RABBITMQ_URL);
  const pub = await conn.createConfirmChannel();
  await pub.assertQueue(queue, { durable: false, autoDelete: false });
  for (let i = 0; i < N; i++) pub.sendToQueue(queue, Buffer.from(`m${i}`));
  await pub.waitForConfirms();
  const sub = await conn.createChannel();
  await sub.prefetch(PREFETCH);
  await sub.consume(queue, () => {}, { noAck: false }); // never acks: PREFETCH stay unacked
});

after(async () => {
  if (skip) return;
  const errors: unknown[] = [];
  if (conn) {
    const ch = await conn.createChannel().catch((e: unknown) => void errors.push(e));
    if (ch) await ch.deleteQueue(queue).catch((e: unknown) => void errors.push(e));
    await conn.close().catch((e: unknown) => void errors.push(e));
  }
  if (userCreated) await adminApi('DELETE', `/api/users/${encodeURIComponent(user)}`).catch((e: unknown) => void errors.push(e));
  assert.deepEqual(errors, [], 'cleanup failed');
});

test('management collector: queue depth, consumer, node resources, connection states', { skip, timeout: 60_000 }, async () => {
  const c = new RabbitMqManagementCollector({ ...endpoints(), management: MANAGEMENT_BASE }, { timeoutMs: 5000 });
  const status = await c.start();
  assert.deepEqual(status, { available: true });
  assert.equal(c.name, `rabbitmq:${new URL(MANAGEMENT_BASE).host}`);
  const first = await c.sample();
  assertNoSecret('samples', first);
  // The breakdown is fetched on the first sample (then at most every 5 s).
  const node = nodeSample(first);
  assert.ok(node, 'a node sample');
  assert.ok(node.values[R.node.memoryBinary]! > 0, `memory breakdown: ${JSON.stringify(node.values)}`);
  assert.ok(node.values['memory_queue_procs_bytes']! >= 0);
  // Management statistics are refreshed every 5 s: poll until the queue shows the messages.
  let last: SampleReading[] = first;
  // Queue, channel and connection statistics are emitted separately, each every 5 s: wait for all three.
  const q = await eventually(`queue ${queue} with ${N - PREFETCH} ready, ${PREFETCH} unacked, its consumer and its channels listed`, 30_000, async () => {
    last = await c.sample();
    const s = queueSample(last);
    const totals = totalsSample(last)?.values;
    const channelsListed = totals !== undefined && totals[R.totals.channels]! >= 2 && totals[R.totals.channelUnacked]! >= PREFETCH && totals[R.totals.prefetchLimit]! >= PREFETCH;
    // The queue's consumer count is refreshed apart from its message counts: wait for it too.
    const consumerListed = s?.values[R.queue.consumers] === 1;
    return s && s.values[R.queue.ready] === N - PREFETCH && s.values[R.queue.unacked] === PREFETCH && consumerListed && channelsListed ? s : undefined;
  }, () => JSON.stringify({ queue: queueSample(last), totals: totalsSample(last)?.values }));
  assert.equal(q.source, 'rabbitmq');
  assert.deepEqual(q.labels, { vhost: '/', queue });
  assert.equal(q.values[R.queue.depth], N);
  assert.equal(q.values[R.queue.consumers], 1);
  assert.equal(q.values[R.queue.inFlow], 0);
  const cap = q.values[R.queue.consumerCapacity]!;
  assert.ok(cap >= 0 && cap <= 1, `consumer capacity ${cap}`);
  for (const name of [R.queue.publishPerSec, R.queue.deliverPerSec, R.queue.ackPerSec, R.queue.redeliverPerSec]) assert.ok(q.values[name]! >= 0, name);

  const n = nodeSample(last)!.values;
  assert.ok(n[R.node.memUsed]! > 0 && n[R.node.memUsed]! < n[R.node.memLimit]!, `mem ${n[R.node.memUsed]} of ${n[R.node.memLimit]}`);
  assert.ok(n[R.node.memUsedRatio]! > 0 && n[R.node.memUsedRatio]! < 1);
  assert.ok(n[R.node.fdsUsed]! > 0 && n[R.node.fdsUsed]! < n[R.node.fdsLimit]!);
  assert.ok(n[R.node.processesUsed]! > 0 && n[R.node.processesUsed]! < n[R.node.processesLimit]!);
  assert.equal(n[R.node.memAlarm], 0);
  assert.equal(n[R.node.diskAlarm], 0);

  const t = totalsSample(last)!.values;
  assert.ok(t[R.totals.connections]! >= 1 && t[R.totals.channels]! >= 2, JSON.stringify(t));
  assert.equal(t[R.totals.connectionsBlocked], 0);
  assert.equal(t[R.totals.connectionsBlocking], 0);
  assert.ok(t[R.totals.prefetchLimit]! >= PREFETCH, `prefetch ${t[R.totals.prefetchLimit]}`);
  assert.ok(t[R.totals.channelUnacked]! >= PREFETCH);
  assert.ok(t[R.queue.depth]! >= N, 'the broker-wide depth includes the test queue');
  assert.ok(t['queues']! >= 1);
  assertNoSecret('samples', last);
  await c.stop();
});

test('Prometheus collector: aggregated series, per-queue depth and publish rate', { skip, timeout: 60_000 }, async () => {
  const c = new RabbitMqPrometheusCollector({ ...endpoints(), prometheus: PROMETHEUS_ENDPOINT }, 5000);
  assert.deepEqual(await c.start(), { available: true });
  let last: SampleReading[] = await c.sample();
  const node = nodeSample(last)!;
  assert.equal(node.source, 'rabbitmq-prometheus');
  const n = node.values;
  assert.ok(n[R.node.memUsed]! > 0 && n[R.node.memUsed]! < n[R.node.memLimit]!);
  assert.ok(n[R.node.fdsUsed]! > 0 && n[R.node.processesUsed]! > 0);
  assert.equal(n[R.node.memAlarm], 0);
  assert.equal(n[R.node.diskAlarm], 0);
  assert.equal(n[R.node.fdAlarm], 0);
  assert.ok(n[R.node.memoryBinary]! > 0);
  const agg = totalsSample(last)!.values;
  assert.ok(agg[R.queue.depth]! >= N && agg[R.queue.consumers]! >= 1, JSON.stringify(agg));
  const q = await eventually(`per-queue series of ${queue}`, 15_000, async () => {
    last = await c.sample();
    const s = queueSample(last);
    return s && s.values[R.queue.ready] === N - PREFETCH ? s : undefined;
  }, () => JSON.stringify(queueSample(last)));
  assert.equal(q.values[R.queue.unacked], PREFETCH);
  assert.equal(q.values[R.queue.depth], N);
  assert.equal(q.values[R.queue.consumers], 1);
  assert.ok(q.values[R.queue.consumerCapacity]! >= 0 && q.values[R.queue.consumerCapacity]! <= 1);

  // Publish more between samples: the per-queue and broker-wide publish rates turn positive.
  const ch = await conn!.createConfirmChannel();
  for (let i = 0; i < 50; i++) ch.sendToQueue(queue, Buffer.from('more'));
  await ch.waitForConfirms();
  await ch.close();
  await eventually('a positive publish rate', 15_000, async () => {
    last = await c.sample();
    const s = queueSample(last);
    return (s?.values[R.queue.publishPerSec] ?? 0) > 0 ? s : undefined;
  }, () => JSON.stringify(queueSample(last)));
  assertNoSecret('samples', last);
  await c.stop();
});
