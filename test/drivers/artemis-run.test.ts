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
import { checkFanOutRun, checkSendModeRun, profileOf, runWithExtensions } from '../verify/run-helpers.js';
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
    await checkSendModeRun((x) => t.diagnostic(x), `art-run-${mode}`, driver(), { name: address, routing: 'anycast', persistent: mode !== 'oneway', deleteAfterRun: true }, mode);
    assert.equal(await addressExists(address), false, 'deleteAfterRun removed the address');
  });
}

test('artemis run fan-out: 3 groups on a multicast address each receive every message', { timeout: 90_000 }, async (t) => {
  await checkFanOutRun((x) => t.diagnostic(x), 'art-run-fanout', driver(), { name: artemisName('art-run-fanout'), routing: 'multicast', deleteAfterRun: true });
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
