/**
 * Helpers for tests against the local RocketMQ (`mqload local up --broker rocketmq`):
 * {@link useLocalRocketmq} holds a lease on it (started when not running, stopped after the last
 * test process that started it, see local-lease.ts); {@link TestRocketmq} is a driver over topics
 * the test names that deletes its topics and groups in `cleanup()`.
 */
import { RocketmqDriver } from '../../src/drivers/rocketmq/driver.js';
import type { DriverConfig } from '../../src/drivers/types.js';
import { rocketmqDown, rocketmqStatus, rocketmqUp } from '../../src/local/rocketmq/broker.js';
import { rocketmqPaths } from '../../src/local/rocketmq/paths.js';
import { useLocalBroker } from './local-lease.js';
import { TestDestinations, uniqueDestination } from './destinations.js';

export { CountingListener, producerOptions, sendAll, sleep, waitFor } from './rabbitmq.js';
export { Received } from './destinations.js';

/** The local proxy's gRPC endpoint. */
export const ROCKETMQ_ENDPOINT = process.env['MQLOAD_TEST_ROCKETMQ_ENDPOINT'] ?? '127.0.0.1:8081';

/** A unique topic or group name for one test. */
export const rocketmqName = uniqueDestination;

/** Registers the lease hooks on the local RocketMQ for this file. */
export function useLocalRocketmq(): void {
  useLocalBroker({
    home: () => rocketmqPaths().home,
    answering: async () => {
      const s = await rocketmqStatus();
      return s.processAlive && s.answering;
    },
    up: async () => {
      const r = await rocketmqUp();
      return { alreadyRunning: r.alreadyRunning, pid: r.state.pid };
    },
    down: async () => {
      await rocketmqDown();
    },
  });
}

/** A RocketMQ driver over the named topics that cleans up after itself. */
export class TestRocketmq extends TestDestinations<RocketmqDriver> {
  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'rocketmq', brokers: [ROCKETMQ_ENDPOINT], config: extra, topology: this.topology };
  }

  protected make(config: DriverConfig): RocketmqDriver {
    return new RocketmqDriver(config, rocketmqName('mqload-test'));
  }
}
