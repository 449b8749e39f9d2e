/**
 * The early end of the drain and verification grace (src/run/caught-up.ts): only an exact zero
 * backlog for every group asked about reads as "caught up"; a partial count, a reading missing a
 * group, a broker error or a broker that does not answer in time keep the wait going. The broker
 * here is a stand-in that fails on demand, which a real one cannot be made to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StallWatch, consumersCaughtUp } from '../../src/run/caught-up.js';
import type { BacklogReading, Driver } from '../../src/drivers/types.js';
import type { RunPlan } from '../../src/plan/types.js';

const plan = {
  groups: ['g0', 'g1'],
  workers: [{ consumers: [{ groupId: 'g0', topic: 't' }, { groupId: 'g1', topic: 't' }] }],
} as unknown as RunPlan;

function broker(answer: () => Promise<BacklogReading[]>): Driver {
  return { backlog: answer } as unknown as Driver;
}
const reading = (groupId: string, messages: number, partial?: boolean): BacklogReading => ({ groupId, topic: 't', messages, ...(partial ? { partial } : {}) });

test('caught up only on an exact zero for every group asked about', async () => {
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g0', 0), reading('g1', 0)]), plan), true);
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g0', 0), reading('g1', 3)]), plan), false, 'one group still has messages');
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g0', 0), reading('g1', 0, true)]), plan), false, 'a partial count is a lower bound');
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g0', 0)]), plan), false, 'a group without a reading');
  assert.equal(
    await consumersCaughtUp(broker(async () => [reading('g0', 0), { ...reading('g1', 0), heldUncounted: true }]), plan),
    false,
    'what consumers hold comes back later (RocketMQ invisible messages)',
  );
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g1', 0)]), plan, ['g1']), true, 'only the groups asked about');
  assert.equal(await consumersCaughtUp(broker(async () => [reading('g0', 0)]), plan, ['unknown']), false, 'no known group: nothing to judge');
});

test('a broker error or a slow answer is not caught up', async () => {
  assert.equal(await consumersCaughtUp(broker(async () => Promise.reject(new Error('connection refused'))), plan), false);
  const started = Date.now();
  assert.equal(await consumersCaughtUp(broker(() => new Promise(() => undefined)), plan, undefined, 100), false);
  assert.ok(Date.now() - started < 2000, 'gives up after its timeout');
});

test('StallWatch: stalled after the count stood still for two checks in a row', () => {
  const w = new StallWatch();
  assert.deepEqual([5, 5, 5, 6, 6, 6, 6].map((v) => w.check(v)), [false, false, true, false, false, true, true]);
});
