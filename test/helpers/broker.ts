/**
 * Helpers for tests that talk to a real broker: where it is, unique names, and cleanup of the
 * topics and groups a test creates.
 */
import { randomBytes } from 'node:crypto';
import { createDriver } from '../../src/drivers/index.js';
import type { Driver } from '../../src/drivers/types.js';

/** Bootstrap addresses of the test Kafka: `$MQLOAD_TEST_BROKERS` (comma-separated) or `127.0.0.1:9092`. */
export function testBrokers(): string[] {
  const env = process.env['MQLOAD_TEST_BROKERS'];
  const list = (env ?? '127.0.0.1:9092').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return list.length > 0 ? list : ['127.0.0.1:9092'];
}

/**
 * A name unlikely to clash with any other test run: `<prefix>-<base36 time>-<6 hex chars>`.
 * Only characters valid in Kafka topic and group names and RabbitMQ queue names.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * A Kafka driver on the test brokers that remembers the topics and groups a test creates, and
 * deletes them (groups first) and closes itself in {@link cleanup}. Register
 * `after(() => kafka.cleanup())` right after creating it.
 */
export class TestKafka {
  readonly driver: Driver;
  private readonly topics = new Set<string>();
  private readonly groups = new Set<string>();

  constructor(clientId = uniqueName('mqload-test')) {
    this.driver = createDriver({ type: 'kafka', brokers: testBrokers() }, { clientId });
  }

  /** Creates a topic with a unique name and remembers it for cleanup. Returns its name. */
  async topic(prefix: string, partitions = 1): Promise<string> {
    const name = uniqueName(prefix);
    this.topics.add(name);
    await this.driver.ensureTopics([{ name, partitions, replicationFactor: 1 }]);
    return name;
  }

  /** Remembers a topic created by the code under test, for cleanup. */
  trackTopic(name: string): string {
    this.topics.add(name);
    return name;
  }

  /** Returns a unique group id and remembers it for cleanup. */
  group(prefix: string): string {
    return this.trackGroup(uniqueName(prefix));
  }

  /** Remembers a group created by the code under test, for cleanup. */
  trackGroup(name: string): string {
    this.groups.add(name);
    return name;
  }

  /**
   * Produces `count` messages of `size` bytes (acks all, async, batches of 100) and resolves once
   * every one is acknowledged; rejects with the first error if any failed. `keyed` gives message
   * i the key `k<i>` (spread over partitions by the client's partitioner).
   */
  async produce(topic: string, count: number, opts: { size?: number; keyed?: boolean } = {}): Promise<void> {
    const value = Buffer.alloc(opts.size ?? 100, 7);
    let done = 0;
    let firstError: unknown = null;
    let resolve!: () => void;
    const all = new Promise<void>((r) => (resolve = r));
    const settle = (n: number) => {
      done += n;
      if (done >= count) resolve();
    };
    const producer = await this.driver.createProducer(
      {
        producerId: 'test-producer',
        topic,
        mode: 'async',
        window: count,
        acks: -1,
        compression: 'none',
        idempotent: false,
        retries: 3,
        batching: { maxRecords: 100, lingerMs: 5 },
      },
      {
        acked: (tickets) => settle(tickets.length),
        failed: (tickets, err) => {
          firstError ??= err;
          settle(tickets.length);
        },
      },
    );
    try {
      for (let i = 0; i < count; i++) producer.send(i, { key: opts.keyed ? Buffer.from(`k${i}`) : null, value, headers: {} });
      producer.flush();
      if (count > 0) await all;
    } finally {
      await producer.close();
    }
    if (firstError !== null) throw firstError;
  }

  /** Deletes the remembered groups and topics, then closes the driver. Reports all failures together. */
  async cleanup(): Promise<void> {
    const failures: unknown[] = [];
    try {
      await this.driver.deleteGroups([...this.groups]);
    } catch (err) {
      failures.push(err);
    }
    try {
      await this.driver.deleteTopics([...this.topics]);
    } catch (err) {
      failures.push(err);
    }
    await this.driver.close();
    this.groups.clear();
    this.topics.clear();
    if (failures.length > 0) throw new AggregateError(failures, `test cleanup failed: ${failures.map(String).join('; ')}`);
  }
}
