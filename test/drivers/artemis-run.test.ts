/**
 * Artemis through the whole run path (plan → workers → record → verification) against a real
 * local Artemis (started through the launcher when it is not running, stopped again if the
 * tests started it), as the RabbitMQ run test does:
 * - sync, async and one-way: sent = acked + failed, the group receives what was acknowledged,
 *   one end-to-end latency per received message, no loss, duplicate or reorder;
 * - multicast fan-out to 3 groups: each group receives every message.
 * Each run uses a unique address, deleted afterwards with its queues (deleteAfterRun).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';
import { profileOf, runWithExtensions } from '../verify/run-helpers.js';
import { ArtemisManagement } from '../../src/drivers/artemis/management.js';
import { JolokiaClient } from '../../src/drivers/artemis/jolokia.js';
import { jolokiaUrlOf } from '../../src/drivers/artemis/config.js';
import { endpointOf } from '../../src/drivers/artemis/url.js';

useLocalArtemis();

const driver = (config: Record<string, number | boolean> = {}) => ({ type: 'artemis', url: ARTEMIS_URL, config });

/** Whether an address still exists on the broker (deleteAfterRun must have removed it). */
async function addressExists(name: string): Promise<boolean> {
  const cfg = { type: 'artemis' as const, brokers: [], url: ARTEMIS_URL };
  const e = endpointOf(cfg)!;
  const m = new ArtemisManagement(new JolokiaClient({ base: jolokiaUrlOf(cfg), user: e.user, password: e.password, timeoutMs: 5000 }));
  return (await m.routingTypes(name)) !== null;
}

for (const mode of ['sync', 'async', 'oneway'] as const) {
  test(`artemis run ${mode}: counts add up, the group receives what was acknowledged, delivery verified`, { timeout: 90_000 }, async (t) => {
    const address = artemisName(`art-run-${mode}`);
    const profile = profileOf({
      name: `art-run-${mode}`,
      driver: driver(),
      topics: [{ name: address, routing: 'anycast', persistent: mode !== 'oneway', deleteAfterRun: true }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 2, mode, ...(mode === 'oneway' ? {} : { acks: 1 }), maxInFlight: 500 },
      consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
      load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: mode === 'sync' ? 100 : 500, duration: '3s' }] },
      verify: { graceMs: 8000 },
    });
    const { summary } = await runWithExtensions(profile);
    const p = summary.produce;
    const d = summary.delivery?.[0];
    t.diagnostic(`produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; publish ${JSON.stringify(summary.latencyMs.publish)}`);
    assert.equal(summary.status, 'completed');
    assert.ok(p.sent >= (mode === 'sync' ? 250 : 1400), `sent ${p.sent} after warm-up`);
    assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
    assert.equal(p.failed, 0);
    assert.ok(d, 'delivery is verified');
    assert.equal(d.duplicated, 0);
    assert.equal(d.reordered, 0);
    if (mode === 'oneway') {
      assert.equal(d.unique, d.sent, 'on a healthy broker every one-way send arrives');
    } else {
      assert.equal(summary.consume.received, p.acked, 'consumers receive what was acked');
      assert.equal(d.lost, 0);
      assert.equal(d.unique, d.acked);
      assert.equal(summary.latencyMs.publish?.count, p.acked, 'one publish latency per ack');
    }
    const e2e = summary.latencyMs.e2e;
    assert.ok(e2e && e2e.count === summary.consume.received, 'one e2e latency per received message');
    assert.ok(e2e.p50 > 0 && e2e.p50 < 5000, `e2e p50 ${e2e.p50}`);
    assert.equal(await addressExists(address), false, 'deleteAfterRun removed the address');
  });
}

test('artemis run fan-out: 3 groups on a multicast address each receive every message', { timeout: 90_000 }, async (t) => {
  const profile = profileOf({
    name: 'art-run-fanout',
    driver: driver(),
    topics: [{ name: artemisName('art-run-fanout'), routing: 'multicast', deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 500 },
    consumers: { groups: 3, perGroup: 1, commit: 'auto' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 500, duration: '3s' }] },
    verify: { graceMs: 8000 },
  });
  const { summary } = await runWithExtensions(profile);
  t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(summary.delivery)}`);
  assert.equal(summary.delivery?.length, 3);
  for (const d of summary.delivery ?? []) {
    assert.equal(d.lost, 0);
    assert.equal(d.duplicated, 0);
    assert.equal(d.unique, summary.produce.acked + (d.sent - summary.produce.sent), `group ${d.group} got every message`);
  }
  assert.equal(summary.consume.received, 3 * summary.produce.acked);
});

test('artemis run through a broker restart: producer and consumer reconnect, nothing acknowledged is lost', { timeout: 180_000 }, async (t) => {
  const profile = profileOf({
    name: 'art-run-restart',
    driver: driver(),
    topics: [{ name: artemisName('art-run-restart'), routing: 'anycast', persistent: true, deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    // Artemis stops in 1–2 s and answers again 3–10 s later (the web console comes last): the load outlasts it.
    load: { warmup: '0s', cooldown: '3s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '30s' }] },
    verify: { graceMs: 15_000 },
    faults: [{ at: '4s', action: 'broker-restart' }],
  });
  const { summary } = await runWithExtensions(profile);
  const d = summary.delivery?.[0];
  const f = summary.faults?.[0];
  t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(d)}; fault ${JSON.stringify(f)}`);
  assert.ok(d && f);
  assert.equal(summary.produce.sent, summary.produce.acked + summary.produce.failed);
  assert.ok(f.outageEndSec !== null && f.outageEndSec !== undefined, 'sends succeeded again after the restart');
  assert.ok(d.acked > 1000, `acked ${d.acked}`);
  assert.equal(d.lost, 0, 'durable messages on a durable queue survive the restart');
});
