/**
 * A driver over a topology a test names, for brokers whose groups are queues (RabbitMQ,
 * Artemis): it creates destinations with unique names and their groups' queues, starts
 * producers and recording consumers, and deletes everything it made in `cleanup()`.
 */
import { randomBytes } from 'node:crypto';
import type { ConsumerOptions, Driver, DriverConfig, DriverConsumer, DriverProducer, ProducerOptions, ReceivedBatch, ReceivedMessage, SendListener } from '../../src/drivers/types.js';

/** A unique destination or group name for one test. */
export function uniqueDestination(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** What a test consumer received. */
export class Received {
  readonly messages: ReceivedMessage[] = [];
  batches = 0;
  get count(): number {
    return this.messages.length;
  }
  get redelivered(): number {
    return this.messages.filter((m) => m.redelivered).length;
  }
  /** Values (the `n` header) received, in order. */
  values(): number[] {
    return this.messages.map((m) => Number(m.headers['n']?.toString()));
  }
}

export abstract class TestDestinations<D extends Driver> {
  readonly topology: Record<string, Record<string, unknown>> = {};
  readonly groups = new Set<string>();
  private readonly drivers: D[] = [];
  private readonly closers: Array<() => Promise<void>> = [];

  /** The driver config of this broker over {@link topology}, with `extra` as `driver.config`. */
  abstract config(extra?: Record<string, string | number | boolean>): DriverConfig;
  protected abstract make(config: DriverConfig): D;

  driver(extra: Record<string, string | number | boolean> = {}): D {
    const d = this.make(this.config(extra));
    this.drivers.push(d);
    return d;
  }

  /** Creates a destination with these topic settings and the named groups' queues. */
  async topic(settings: Record<string, unknown>, groups: string[], startFrom: 'run' | 'earliest' = 'run'): Promise<string> {
    const name = uniqueDestination('mqt');
    this.topology[name] = { ...settings, startFrom };
    const d = this.driver();
    await d.ensureTopics([{ name }]);
    for (const g of groups) this.groups.add(g);
    await d.prepareGroups(groups.map((groupId) => ({ groupId, topic: name, startFrom })));
    return name;
  }

  async producer(d: D, opts: ProducerOptions, l: SendListener): Promise<DriverProducer> {
    const p = await d.createProducer(opts, l);
    this.closers.push(() => p.close());
    return p;
  }

  /**
   * Starts a consumer recording into `into`; `hold` (when given) is awaited by the handler
   * before each batch returns (a slow or stuck consumer).
   */
  async consumer(d: D, topic: string, groupId: string, commit: ConsumerOptions['commit'], into: Received, hold?: (b: ReceivedBatch) => Promise<void>): Promise<DriverConsumer> {
    const c = await d.createConsumer({
      groupId,
      consumerId: uniqueDestination('c'),
      topic,
      commit,
      onBatch: async (b) => {
        into.batches++;
        into.messages.push(...b.messages);
        if (hold) await hold(b);
      },
    });
    await c.start();
    this.closers.push(() => c.close({ commit: false }));
    return c;
  }

  async cleanup(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => undefined);
    const d = this.driver();
    await d.deleteGroups([...this.groups]).catch(() => undefined);
    await d.deleteTopics(Object.keys(this.topology)).catch(() => undefined);
    for (const x of this.drivers) await x.close();
  }
}
