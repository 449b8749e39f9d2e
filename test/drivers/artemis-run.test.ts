/**
 * Artemis through the whole run path, beyond the conformance suite (which runs the send modes,
 * fan-out, backlog, crashes and a restart on Artemis too): `deleteAfterRun` removes the run's
 * address and its queues. Against a real local Artemis (started through the launcher when it is
 * not running, stopped again if the tests started it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTEMIS_URL, artemisName, useLocalArtemis } from '../helpers/artemis.js';
import { profileOf, runWithExtensions } from '../verify/run-helpers.js';
import { ArtemisManagement } from '../../src/drivers/artemis/management.js';
import { JolokiaClient } from '../../src/drivers/jolokia.js';
import { jolokiaUrlOf } from '../../src/drivers/artemis/config.js';
import { endpointOf } from '../../src/drivers/artemis/url.js';

useLocalArtemis();

/** Whether an address still exists on the broker. */
async function addressExists(name: string): Promise<boolean> {
  const cfg = { type: 'artemis' as const, brokers: [], url: ARTEMIS_URL };
  const e = endpointOf(cfg)!;
  const m = new ArtemisManagement(new JolokiaClient({ base: jolokiaUrlOf(cfg), user: e.user, password: e.password, timeoutMs: 5000 }));
  return (await m.routingTypes(name)) !== null;
}

for (const routing of ['anycast', 'multicast'] as const) {
  test(`artemis run, ${routing}: deleteAfterRun removes the address and its queues`, { timeout: 60_000 }, async (t) => {
    const address = artemisName(`art-del-${routing}`);
    const profile = profileOf({
      name: `art-del-${routing}`,
      driver: { type: 'artemis', url: ARTEMIS_URL },
      topics: [{ name: address, routing, deleteAfterRun: true }],
      message: { size: 200 },
      producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
      load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '2s' }] },
      verify: { graceMs: 5000 },
    });
    const { summary } = await runWithExtensions(profile);
    t.diagnostic(`delivery ${JSON.stringify(summary.delivery)}`);
    assert.equal(summary.delivery?.[0]?.lost, 0);
    assert.equal(await addressExists(address), false, 'deleteAfterRun removed the address');
  });
}
