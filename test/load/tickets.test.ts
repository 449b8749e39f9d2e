import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TicketSlots } from '../../src/load/tickets.js';

test('ticket slots: take up to capacity, release in any order, reuse, and refuse a double report', () => {
  const slots = new TicketSlots(3);
  const a = slots.take(0, 10, 11, true);
  const b = slots.take(1, 20, 21, false);
  const c = slots.take(2, 30, 31, false);
  assert.equal(new Set([a, b, c]).size, 3);
  assert.equal(slots.used, 3);
  assert.throws(() => slots.take(3, 40, 41, false), /all 3 ticket slots/);
  assert.equal(slots.seq[b], 1);
  assert.equal(slots.intended[a], 10);
  assert.equal(slots.sent[c], 31);
  assert.equal(slots.warm[a], 1);
  slots.release(b);
  assert.throws(() => slots.release(b), /reported twice/);
  const d = slots.take(3, 40, 41, false);
  assert.equal(d, b, 'a released slot is reused');
  assert.equal(slots.seq[d], 3);
  slots.release(a);
  slots.release(c);
  slots.release(d);
  assert.equal(slots.used, 0);
});
