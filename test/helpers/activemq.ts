/**
 * Helpers for tests against a real local ActiveMQ Classic (`mqload local up --broker activemq`):
 * {@link useLocalActivemq} holds a lease on it (started only when not running, stopped after the
 * last test process that started it, see local-lease.ts). {@link TestActivemq} is a driver over a
 * topology the test names that deletes its destinations and group queues in `cleanup()`.
 */
import { ActivemqDriver } from '../../src/drivers/activemq/driver.js';
import { activemqHome } from '../../src/drivers/activemq/access.js';
import type { DriverConfig } from '../../src/drivers/types.js';
import { activemqDown, activemqStatus, activemqUp } from '../../src/local/activemq/broker.js';
import { TestDestinations, uniqueDestination } from './destinations.js';
import { useLocalBroker } from './local-lease.js';

/** The local broker's AMQP URL; no password: the driver takes the local access file's. */
export const ACTIVEMQ_URL = process.env['MQLOAD_TEST_ACTIVEMQ_URL'] ?? 'amqp://127.0.0.1:5674';

/** A unique destination or group name for one test. */
export const activemqName = uniqueDestination;

/** Registers `before`/`after` hooks: the local ActiveMQ runs during this file's tests. */
export function useLocalActivemq(): void {
  useLocalBroker({
    home: activemqHome,
    answering: async () => {
      const s = await activemqStatus();
      return s.processAlive && s.answering;
    },
    up: async () => {
      const r = await activemqUp();
      return { pid: r.state.pid, alreadyRunning: r.alreadyRunning };
    },
    down: async () => {
      await activemqDown();
    },
  });
}

/** An ActiveMQ driver over the named topology that cleans up after itself. */
export class TestActivemq extends TestDestinations<ActivemqDriver> {
  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'activemq', brokers: [], url: ACTIVEMQ_URL, config: extra, topology: this.topology };
  }

  protected make(config: DriverConfig): ActivemqDriver {
    return new ActivemqDriver(config, activemqName('mqload-test'));
  }
}
