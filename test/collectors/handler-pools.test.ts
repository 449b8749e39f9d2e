/**
 * Request-handler idle on a combined KRaft node: broker and controller pools mark one meter, so
 * the raw ratio runs up to 2; the broker pool's idle is raw − (pools − 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerValueDeriver, type BrokerRawReading } from '../../src/collectors/kafka/broker-values.js';

const reading = (idleNs: number): BrokerRawReading => ({ gauges: {}, counters: { request_handler_idle_ns: idleNs } });

function idleAfter(d: BrokerValueDeriver, idlePerSecond: number, t0 = 0): number {
  d.derive(reading(1e12), t0);
  return d.derive(reading(1e12 + idlePerSecond * 2e9), t0 + 2000)['request_handler_idle_ratio']!;
}

test('a combined node (2 pools) with a saturated broker pool reads as saturated, not idle', () => {
  // Broker pool 20 % idle + controller pool 100 % idle = 1.2 idle-seconds per second on the meter.
  const combined = idleAfter(new BrokerValueDeriver(2), 1.2);
  assert.ok(Math.abs(combined - 0.2) < 1e-9, `got ${combined}`);
  // Raw 1.2 alone proves a second pool, so an unconfigured deriver gets there too...
  assert.ok(Math.abs(idleAfter(new BrokerValueDeriver(1), 1.2) - 0.2) < 1e-9);
  // ...but a fully busy broker pool on a combined node reads raw ≈ 1.0, which only the known pool
  // count can interpret: that is why the local broker's collector is told it has 2 pools.
  assert.ok(Math.abs(idleAfter(new BrokerValueDeriver(2), 1.0)) < 1e-9);
  assert.equal(idleAfter(new BrokerValueDeriver(1), 1.0), 1);
});

test('pools are learnt from a raw reading above 1 and then applied', () => {
  const d = new BrokerValueDeriver();
  assert.ok(Math.abs(idleAfter(d, 1.97) - 0.97) < 1e-9, 'idle combined node: learns 2 pools');
  const busy = d.derive(reading(1e12 + 1.97 * 2e9 + 1.1 * 2e9), 4000)['request_handler_idle_ratio']!;
  assert.ok(Math.abs(busy - 0.1) < 1e-9, `busy broker pool after learning: ${busy}`);
});

test('jitter never learns more than two pools', () => {
  assert.ok(Math.abs(idleAfter(new BrokerValueDeriver(), 2.4) - 1) < 1e-9, 'raw 2.4 → 2 pools → clamped 1');
});

test('a broker-only node (1 pool) reads the ratio as is, clamped to [0, 1]', () => {
  assert.ok(Math.abs(idleAfter(new BrokerValueDeriver(), 0.35) - 0.35) < 1e-9);
  assert.equal(idleAfter(new BrokerValueDeriver(), 1.02), 1);
});
