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
import { CountingListener, producerOptions, sendAll, waitFor } from './rabbitmq.js';
import { Received } from './destinations.js';

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

let warmedUp: Promise<void> | null = null;

/**
 * Once per process: one message through a fresh topic, producer and consumer group, so the first
 * run of a suite does not pay the broker's and proxy's first-use costs (route and group creation,
 * JIT) inside its workers' 60 s start-up limit. Failures surface in the tests themselves.
 */
export function warmUpRocketmq(): Promise<void> {
  warmedUp ??= (async () => {
    const rmq = new TestRocketmq();
    try {
      const group = rocketmqName('warm-g');
      const topic = await rmq.topic({}, [group]);
      const d = rmq.driver();
      const got = new Received();
      await rmq.consumer(d, topic, group, 'after-process', got);
      const l = new CountingListener();
      const p = await rmq.producer(d, producerOptions(topic, 'sync', 1), l);
      await sendAll(p, l, 1, 1);
      await waitFor(() => got.count >= 1, 30_000, 'the warm-up message').catch(() => undefined);
    } catch {
      // The tests report what does not work.
    } finally {
      await rmq.cleanup().catch(() => undefined);
    }
  })();
  return warmedUp;
}
