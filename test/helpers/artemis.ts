/**
 * Helpers for tests against a real local Artemis (`mqload local up --broker artemis`):
 * {@link useLocalArtemis} starts it through the launcher only when it is not running and stops it
 * after the last test file that uses it (a lease per test process, so parallel files share one
 * broker; a broker that was running before the tests is left running). {@link TestArtemis} is a
 * driver over a topology the test names that deletes its addresses and queues in `cleanup()`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ArtemisDriver } from '../../src/drivers/artemis/driver.js';
import { artemisHome } from '../../src/drivers/artemis/access.js';
import type { DriverConfig } from '../../src/drivers/types.js';
import { artemisDown, artemisStatus, artemisUp } from '../../src/local/artemis/broker.js';
import { isProcessAlive } from '../../src/local/process.js';
import { TestDestinations, uniqueDestination } from './destinations.js';

export { CountingListener, producerOptions, sendAll, sleep, waitFor } from './rabbitmq.js';
export { Received } from './destinations.js';

/** The local broker's AMQP URL; no password: the driver takes the local access file's. */
export const ARTEMIS_URL = process.env['MQLOAD_TEST_ARTEMIS_URL'] ?? 'amqp://127.0.0.1:5673';

/** A unique address or group name for one test. */
export const artemisName = uniqueDestination;

const leaseDir = () => join(artemisHome(), 'test-leases');
const startedMarker = () => join(artemisHome(), 'test-started');

/** Leases of test processes still alive (stale ones removed). */
function liveLeases(): number[] {
  if (!existsSync(leaseDir())) return [];
  const out: number[] = [];
  for (const f of readdirSync(leaseDir())) {
    const pid = Number(f);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) out.push(pid);
    else if (pid !== process.pid) rmSync(join(leaseDir(), f), { force: true });
  }
  return out;
}

/**
 * Registers `before`/`after` hooks: the local Artemis runs during this file's tests (started if
 * needed, bounded by the launcher's start-up timeout) and is stopped afterwards when the tests
 * started it and no other test process still holds a lease.
 */
export function useLocalArtemis(): void {
  before(async () => {
    mkdirSync(leaseDir(), { recursive: true });
    writeFileSync(join(leaseDir(), String(process.pid)), '');
    const s = await artemisStatus();
    if (s.processAlive && s.answering) return;
    const r = await artemisUp();
    if (!r.alreadyRunning) writeFileSync(startedMarker(), String(r.state.pid));
  });
  after(async () => {
    rmSync(join(leaseDir(), String(process.pid)), { force: true });
    if (liveLeases().length === 0 && existsSync(startedMarker())) {
      rmSync(startedMarker(), { force: true });
      await artemisDown();
    }
  });
}

/** An Artemis driver over the named topology that cleans up after itself. */
export class TestArtemis extends TestDestinations<ArtemisDriver> {
  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'artemis', brokers: [], url: ARTEMIS_URL, config: extra, topology: this.topology };
  }

  protected make(config: DriverConfig): ArtemisDriver {
    return new ArtemisDriver(config, artemisName('mqload-test'));
  }
}
