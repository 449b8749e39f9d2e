/**
 * Helpers for tests against a real local Artemis (`mqload local up --broker artemis`):
 * {@link useLocalArtemis} starts it through the launcher only when it is not running and stops it
 * after the last test file that uses it (a lease per test process, so parallel files share one
 * broker; a broker that was running before the tests is left running). {@link TestArtemis} is a
 * driver over a topology the test names that deletes its addresses and queues in `cleanup()`.
 */
import { ArtemisDriver } from '../../src/drivers/artemis/driver.js';
import { artemisHome } from '../../src/drivers/artemis/access.js';
import type { DriverConfig } from '../../src/drivers/types.js';
import { artemisDown, artemisStatus, artemisUp } from '../../src/local/artemis/broker.js';
import { useLocalBroker } from './local-lease.js';
import { TestDestinations, uniqueDestination } from './destinations.js';

export { CountingListener, producerOptions, sendAll, sleep, waitFor } from './rabbitmq.js';
export { Received } from './destinations.js';

/** The local broker's AMQP URL; no password: the driver takes the local access file's. */
export const ARTEMIS_URL = process.env['MQLOAD_TEST_ARTEMIS_URL'] ?? 'amqp://127.0.0.1:5673';

/** A unique address or group name for one test. */
export const artemisName = uniqueDestination;

/**
 * Registers `before`/`after` hooks: the local Artemis runs during this file's tests (started if
 * needed, bounded by the launcher's start-up timeout) and is stopped afterwards when the tests
 * started it and no other test process still holds a lease (see local-lease.ts).
 */
export function useLocalArtemis(): void {
  useLocalBroker({
    home: artemisHome,
    answering: async () => {
      const s = await artemisStatus();
      return s.processAlive && s.answering;
    },
    up: async () => {
      const r = await artemisUp();
      return { alreadyRunning: r.alreadyRunning, pid: r.state.pid };
    },
    down: async () => {
      await artemisDown();
    },
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
