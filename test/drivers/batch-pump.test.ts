/**
 * The shared turn batching of consumers (src/drivers/turn-collector.ts, src/drivers/batch-pump.ts):
 * one hand-over per event-loop turn, batches handled one at a time in order, paused while
 * inactive, retained and put back as consumers ask.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchPump } from '../../src/drivers/batch-pump.js';
import { TurnCollector } from '../../src/drivers/turn-collector.js';

test('turn collector: everything pushed in one turn arrives together, the next turn separately', async () => {
  const turns: number[][] = [];
  const c = new TurnCollector<number>((items) => turns.push(items));
  for (let i = 0; i < 5; i++) c.push(i);
  assert.deepEqual(turns, [], 'nothing before the turn ends');
  await new Promise((r) => setImmediate(r));
  c.push(5);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(turns, [[0, 1, 2, 3, 4], [5]]);
});

test('batch pump: one batch at a time, in order; stops while inactive; counts queued messages', async () => {
  let active = true;
  const handled: string[] = [];
  let inHandler = 0;
  let taken = 0;
  const pump = new BatchPump<string>({
    active: () => active,
    handle: async (b) => {
      inHandler++;
      assert.equal(inHandler, 1, 'never two batches at once');
      await new Promise((r) => setTimeout(r, 2));
      handled.push(b);
      inHandler--;
    },
    onTaken: () => taken++,
  });
  pump.push('a', 3);
  pump.push('b', 2);
  assert.equal(pump.queued, 5);
  pump.kick();
  pump.kick();
  await pump.idle;
  assert.deepEqual(handled, ['a', 'b']);
  assert.equal(pump.queued, 0);
  assert.equal(taken, 2);
  active = false;
  pump.push('c', 1);
  pump.kick();
  await pump.idle;
  assert.deepEqual(handled, ['a', 'b'], 'inactive: nothing handled');
  pump.unshift('z', 4);
  pump.retain((b) => b !== 'c');
  assert.equal(pump.length, 1);
  assert.equal(pump.queued, 4);
  active = true;
  pump.kick();
  await pump.idle;
  assert.deepEqual(handled, ['a', 'b', 'z']);
  pump.push('d', 1);
  pump.clear();
  assert.equal(pump.length + pump.queued, 0);
});

test('BatchPump merges batches that piled up, up to maxMerged messages, never across what merge refuses', async () => {
  const handled: string[] = [];
  const pump = new BatchPump<string>({
    active: () => true,
    handle: async (b) => {
      handled.push(b);
    },
    // Batches are strings of one letter per message; those starting with 'x' come from another channel.
    merge: (a, b) => (a[0] === 'x' || b[0] === 'x' ? null : a + b),
    maxMerged: 5,
  });
  for (const b of ['ab', 'cd', 'e', 'fg', 'xy', 'h']) pump.push(b, b.length);
  pump.kick();
  await pump.idle;
  assert.deepEqual(handled, ['abcde', 'fg', 'xy', 'h']);
  assert.equal(pump.queued, 0);
});
