/**
 * RabbitMQ consumer crashes (`close({ commit: false })`) against the real broker:
 * - after-process: what the crashed consumer held unacked (exactly its prefetch) comes back to
 *   the next consumer with the `redelivered` flag; nothing is lost;
 * - before-process: the batch it acknowledged before handling is lost (exactly that batch); the
 *   full prefetch it held unacknowledged behind it comes back flagged redelivered;
 * - auto (noAck): what the crashed consumer held is gone; the next consumer gets none of it.
 * And pause/resume: a paused consumer gets nothing more until resumed.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CountingListener, Received, TestRabbit, producerOptions, rabbitName, sendAll, sleep, waitFor } from '../helpers/rabbitmq.js';

const rabbit = new TestRabbit();
after(() => rabbit.cleanup());

/** A handler that never returns (a consumer stuck in its work until it dies). */
const stuck = () => new Promise<void>(() => undefined);

test('rabbitmq crash with after-process: the unacked prefetch is redelivered, flagged, nothing lost', { timeout: 60_000 }, async () => {
  const group = rabbitName('g');
  const topic = await rabbit.topic({}, [group]);
  const d = rabbit.driver({ prefetch: 50, consumerBatch: 10 });
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 200), l);
  await sendAll(p, l, 400, 200);
  assert.equal(l.ackedCount, 400);

  const first = new Received();
  const c1 = await rabbit.consumer(d, topic, group, 'after-process', first, stuck);
  await waitFor(() => first.count > 0, 10_000, 'the first batch');
  await sleep(300); // the rest of the prefetch arrives and waits behind the stuck batch
  const [held] = await d.backlog([{ groupId: group, topic }]);
  assert.equal(held!.messages, 350, 'the broker holds back what the consumer has unacked (its prefetch of 50)');
  assert.ok(first.count >= 1 && first.count <= 10, `the handler saw one batch of at most consumerBatch (${first.count})`);
  await c1.close({ commit: false });

  const second = new Received();
  await rabbit.consumer(d, topic, group, 'after-process', second);
  await waitFor(() => second.count >= 400, 20_000, `400 deliveries (got ${second.count})`);
  await sleep(200);
  assert.equal(second.count, 400, 'nothing lost, nothing extra');
  assert.equal(second.redelivered, 50, 'exactly the 50 unacked deliveries are flagged redelivered');
  assert.deepEqual([...new Set(second.values())].length, 400);
  const flagged = second.messages.filter((m) => m.redelivered).map((m) => Number(m.headers['n']?.toString()));
  assert.deepEqual(flagged.sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i), 'the redelivered ones are the first 50');
});

test('rabbitmq crash with before-process: the batch acked before handling is lost, exactly; the unacked prefetch is redelivered', { timeout: 60_000 }, async () => {
  const group = rabbitName('g');
  const topic = await rabbit.topic({}, [group]);
  const d = rabbit.driver({ prefetch: 50, consumerBatch: 10 });
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 200), l);
  await sendAll(p, l, 400, 200);

  const first = new Received();
  const c1 = await rabbit.consumer(d, topic, group, 'before-process', first, stuck);
  await waitFor(() => first.count > 0, 10_000, 'the first batch');
  await sleep(300); // the rest of the prefetch arrives and waits behind the stuck batch
  // The first batch is what had arrived when the handler started (the pump does not wait to fill it).
  const batch = first.count;
  assert.ok(batch >= 1 && batch <= 10, `the handler saw one batch of at most consumerBatch (${batch})`);
  await c1.close({ commit: false });

  const second = new Received();
  await rabbit.consumer(d, topic, group, 'before-process', second);
  await waitFor(() => second.count >= 400 - batch, 20_000, `${400 - batch} deliveries (got ${second.count})`);
  await sleep(500);
  const firstBatch = new Set(first.values());
  assert.equal(second.count, 400 - batch, 'the batch acknowledged before handling never comes back');
  assert.ok(second.values().every((v) => !firstBatch.has(v)), 'none of the lost batch is redelivered');
  // Acking the first batch freed its places of the prefetch window: the consumer held a full
  // prefetch of 50 unacknowledged when it died, and exactly those come back flagged.
  assert.equal(second.redelivered, 50, 'the unacknowledged prefetch comes back flagged');
});

test('rabbitmq crash with auto (noAck): what the crashed consumer held is lost', { timeout: 60_000 }, async () => {
  const group = rabbitName('g');
  const topic = await rabbit.topic({}, [group]);
  const d = rabbit.driver({ consumerBatch: 10 });
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 200), l);
  await sendAll(p, l, 400, 200);

  const first = new Received();
  const c1 = await rabbit.consumer(d, topic, group, 'auto', first, stuck);
  await waitFor(() => first.count > 0, 10_000, 'the first batch');
  // noAck: the broker sends everything at once and forgets it. (The depth adds the management
  // API's unacked count, which trails by its stats interval: allow for that.)
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (await d.backlog([{ groupId: group, topic }]))[0]!.messages > 0) await sleep(50);
  assert.equal((await d.backlog([{ groupId: group, topic }]))[0]!.messages, 0);
  assert.ok(first.count >= 1 && first.count <= 10, `the handler had reached only its first batch (${first.count})`);
  await c1.close({ commit: false });

  const second = new Received();
  await rabbit.consumer(d, topic, group, 'auto', second);
  await sleep(1000);
  assert.equal(second.count, 0, 'nothing comes back: what was never handled and the batch in flight are all lost');
});

test('rabbitmq pause: a paused consumer gets nothing more until resumed', { timeout: 60_000 }, async () => {
  const group = rabbitName('g');
  const topic = await rabbit.topic({}, [group]);
  const d = rabbit.driver();
  const got = new Received();
  const c = await rabbit.consumer(d, topic, group, 'after-process', got);
  const l = new CountingListener();
  const p = await rabbit.producer(d, producerOptions(topic, 'async', 100), l);
  await sendAll(p, l, 100, 100);
  await waitFor(() => got.count >= 100, 10_000, '100 deliveries');
  c.pause();
  await sleep(200);
  const l2 = new CountingListener();
  const p2 = await rabbit.producer(d, producerOptions(topic, 'async', 100), l2);
  await sendAll(p2, l2, 100, 100);
  await sleep(500);
  assert.equal(got.count, 100, 'nothing delivered while paused');
  c.resume();
  await waitFor(() => got.count >= 200, 10_000, `200 deliveries after resume (got ${got.count})`);
});
